"""Cached figures with exact invalidation, shared by every process.

Every write to a source record (see SOURCE_MODELS) bumps FiguresVersion once per transaction, after
commit; cached values are keyed by that version, so a figure never outlives the data it was computed
from. A value is looked up in the process's cache, then in the database (`Snapshot`: what the background
precompute — `precompute.py` — or another process computed for this version), and only then computed
here and stored for the others. Reading the version costs one query per request.
Writes that skip signals (queryset.update, bulk_create) must call `bump()` themselves.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from ..models import FiguresVersion, Snapshot

TIMEOUT = 60 * 60  # versions change the key; the timeout only frees memory
PRECOMPUTE_TASK = "helix.impact.tasks.precompute_figures"


def current_version() -> str:
    """The data version: the row's epoch and counter. The row is made on the first read, with a new epoch,
    so a database emptied (tests) or replaced never meets keys computed for another one."""
    row = FiguresVersion.objects.values_list("epoch", "value").order_by("pk").first()
    if row is None:
        created = FiguresVersion.objects.create(value=0)
        row = (created.epoch, created.value)
    return f"{row[0]}-{row[1]}"


def bump() -> None:
    """Move to a new version (now; call it after commit), and have the background worker precompute the
    new version's figures (one run waiting at most; nothing without a database task backend)."""
    if not FiguresVersion.objects.update(value=F("value") + 1):
        FiguresVersion.objects.create(value=1)
    request_precompute()


def request_precompute() -> None:
    from helix.core import periodic
    from helix.core.enqueue import task_named

    periodic.schedule(task_named(PRECOMPUTE_TASK))


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


def _key(version: str, name: str) -> str:
    key = f"{version}:{name}"
    if len(key) > 200:  # long names (a goal's lists of regions and topics) are hashed
        key = f"{version}:{name[:80]}:{hashlib.sha256(name.encode()).hexdigest()}"
    return key


def stored(name: str, version: str):
    """The value computed for `name` at `version`, from this process's cache or the database; else None."""
    key = _key(version, name)
    value = cache.get(f"impact:{key}")
    if value is None:
        blob = Snapshot.objects.filter(key=key).values_list("value", flat=True).first()
        if blob is not None:
            value = pickle.loads(bytes(blob))  # noqa: S301 — written by `store`, from our own computations
            cache.set(f"impact:{key}", value, TIMEOUT)
    return value


def store(name: str, version: str, value) -> None:
    key = _key(version, name)
    cache.set(f"impact:{key}", value, TIMEOUT)
    Snapshot.objects.bulk_create(
        [Snapshot(key=key, version=version, value=pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))],
        ignore_conflicts=True,
    )


def cached(name: str, compute: Callable[[], object], *, version: str | None = None):
    """`compute()` for the current data version: precomputed, or computed now and kept for this version."""
    version = current_version() if version is None else version
    value = stored(name, version)
    if value is None:
        value = compute()
        store(name, version, value)
    return value


def forget_other_versions(version: str) -> int:
    """Delete what was computed for other versions (never read again)."""
    return Snapshot.objects.exclude(version=version).delete()[0]
