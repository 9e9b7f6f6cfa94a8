"""Cached figures with exact invalidation.

Every write to a source record (see SOURCE_MODELS) bumps FiguresVersion once per transaction, after
commit; cached values are keyed by that version, so a figure never outlives the data it was computed
from — in any process, whatever the cache backend. Reading the version costs one query per request.
Writes that skip signals (queryset.update, bulk_create) must call `bump()` themselves.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from ..models import FiguresVersion

TIMEOUT = 60 * 60  # versions change the key; the timeout only frees memory


def current_version() -> str:
    """The data version: the row's epoch and counter ("0" before the first write)."""
    row = FiguresVersion.objects.values_list("epoch", "value").order_by("pk").first()
    return f"{row[0]}-{row[1]}" if row else "0"


def bump() -> None:
    """Move to a new version (now; call it after commit)."""
    if not FiguresVersion.objects.update(value=F("value") + 1):
        FiguresVersion.objects.create(value=1)


class _PendingBump:
    """One bump waiting for its transaction's commit; later writes in the transaction join it."""

    def __init__(self) -> None:
        self.done = False

    def __call__(self) -> None:
        if not self.done:
            self.done = True
            bump()


def schedule_bump(**_signal_kwargs) -> None:
    """Signal receiver: bump once when the current transaction commits (at once outside one)."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        isinstance(entry[1], _PendingBump) and not entry[1].done for entry in connection.run_on_commit
    ):
        return
    transaction.on_commit(_PendingBump())


def cached(name: str, compute: Callable[[], object], *, version: str | None = None):
    """`compute()` cached under `name` for the current data version."""
    version = current_version() if version is None else version
    key = f"impact:{version}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
