"""Cached figures with exact invalidation, shared by every process.

Every write to a source record (see SOURCE_MODELS) bumps FiguresVersion once per transaction, after
commit; cached values are keyed by that version, so a figure never outlives the data it was computed
from. A value is looked up in the process's cache, then in the database (`Snapshot`: what the background
precompute — `precompute.py` — or another process computed for this version), and only then computed
here and stored for the others. Reading the version costs one query per request.
Writes that skip signals (queryset.update, bulk_create) must call `bump()` themselves.

Constant writes. When the version moves while a value is being computed, computing on every read would
give a value already outdated when it lands, at full cost each time. So a value whose version moved during
its computation (`superseded`) is served for later versions too while its data are recent enough for the
issue's rule ("a figure reflects a new agreement within 5 s"): its computation started at most
`MAX_STALENESS` ago, so every write it misses was committed less than that ago. The freshest such value
is served; without one, the read computes. A single write (the usual case) is still on the next read:
the value before it was not superseded. The background precompute always computes for its version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from ..models import FiguresVersion, Snapshot

TIMEOUT = 60 * 60  # versions change the key; the timeout only frees memory
PRECOMPUTE_TASK = "helix.impact.tasks.precompute_figures"
# How old the data of a value served for a later version may be: the 5 s rule less a second to serve it.
MAX_STALENESS = dt.timedelta(seconds=4)

_exact = ContextVar("impact_exact_versions", default=False)


def now() -> dt.datetime:
    """The clock the freshness rule reads (tests control it)."""
    return timezone.now()


@contextmanager
def exact_versions() -> Iterator[None]:
    """Within: `cached` serves only values computed for the requested version (the background precompute)."""
    token = _exact.set(True)
    try:
        yield
    finally:
        _exact.reset(token)


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


def _name(name: str) -> str:
    """The stored name: long names (a goal's lists of regions and topics) are hashed."""
    if len(name) > 160:
        name = f"{name[:80]}:{hashlib.sha256(name.encode()).hexdigest()}"
    return name


def _key(version: str, name: str) -> str:
    return f"{version}:{_name(name)}"


def _load(key: str):
    value = cache.get(f"impact:{key}")
    if value is None:
        blob = Snapshot.objects.filter(key=key).values_list("value", flat=True).first()
        if blob is not None:
            value = pickle.loads(bytes(blob))  # noqa: S301 — written by `store`, from our own computations
            cache.set(f"impact:{key}", value, TIMEOUT)
    return value


def stored(name: str, version: str):
    """The value computed for `name` at `version`, from this process's cache or the database; else None."""
    return _load(_key(version, name))


def recent(name: str, version: str):
    """While writes are constant: the freshest value of `name` computed for an earlier version of this
    database whose version moved during its computation and whose data are at most MAX_STALENESS old;
    else None."""
    epoch = version.rsplit("-", 1)[0]
    key = (
        Snapshot.objects.filter(
            name=_name(name),
            version__startswith=f"{epoch}-",
            superseded=True,
            data_as_of__gte=now() - MAX_STALENESS,
        )
        .order_by("-data_as_of")
        .values_list("key", flat=True)
        .first()
    )
    return None if key is None else _load(key)


def store(name: str, version: str, value, *, data_as_of: dt.datetime | None = None, superseded: bool = False) -> None:
    key = _key(version, name)
    cache.set(f"impact:{key}", value, TIMEOUT)
    snapshot = Snapshot(
        key=key,
        name=_name(name),
        version=version,
        value=pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL),
        data_as_of=data_as_of or now(),
        superseded=superseded,
    )
    Snapshot.objects.bulk_create([snapshot], ignore_conflicts=True)


def lookup(name: str, compute: Callable[[], object], *, version: str | None = None) -> tuple[object, bool]:
    """`compute()`'s value for the data version and whether it was computed for that very version (False:
    a recent value of an earlier version, served while writes are constant)."""
    version = current_version() if version is None else version
    value = stored(name, version)
    if value is not None:
        return value, True
    if not _exact.get():
        value = recent(name, version)
        if value is not None:
            return value, False
    started = now()
    value = compute()
    store(name, version, value, data_as_of=started, superseded=current_version() != version)
    return value, True


def cached(name: str, compute: Callable[[], object], *, version: str | None = None):
    """`compute()` for the current data version: precomputed, computed now and kept for this version, or
    while writes are constant a recent enough value of an earlier one (see the module's docstring)."""
    return lookup(name, compute, version=version)[0]


def forget_other_versions(version: str) -> int:
    """Delete what was computed for versions other than `version` (the current one) and can never be
    served again: all of it but the values `recent` may still serve while writes are constant."""
    servable = Q(superseded=True, data_as_of__gte=now() - MAX_STALENESS)
    return Snapshot.objects.exclude(version=version).exclude(servable).delete()[0]
