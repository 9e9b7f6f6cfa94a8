"""Cached strategy results (coverage, rankings, the partner graph's analyses), on the same data version
as the impact figures (`figures.cache`): bumped once after the commit of any write to a source record
below, shared by every process through the database, and precomputed in the background for the usual
periods (`precompute.py`). A result is only ever served for the version it was computed for.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from ..figures import cache as figures_cache

# The records coverage, expansion and the partner graph are computed from.
SOURCE_MODELS = (
    "network.Organisation",
    "network.Agreement",
    "matching.Challenge",
    "matching.Solution",
    "matching.Outcome",
    "matching.Match",
    "matching.MatchRun",  # matches are written in bulk; the run is saved after
    "events.Event",
    "events.Registration",
    "wheel.Wheel",
    "wheel.Participant",
    "wheel.Meeting",
    "wheel.ScheduleRun",  # a schedule writes its meetings in bulk (no signals); its run is saved after
    "wheel.DirectMeeting",
    "academy.Cohort",
    "surveys.Response",
    "territory.Region",
)


def version() -> str:
    return figures_cache.current_version()


def cached[T](name: str, parts: tuple, compute: Callable[[], T]) -> T:
    """`compute()`'s result for `name` and `parts` at the current data version."""
    return lookup(name, parts, compute)[0]


def lookup[T](name: str, parts: tuple, compute: Callable[[], T], *, version: str | None = None) -> tuple[T, bool]:
    """`compute()`'s result and whether it was computed for this very version (`figures.cache.lookup`)."""
    return figures_cache.lookup(f"strategy:{name}:" + ":".join(str(p) for p in parts), compute, version=version)


def connect_signals() -> None:
    # The same receiver and ids as the figures' (figures.signals): a model both read is bumped once.
    receiver = figures_cache.schedule_bump
    for label in SOURCE_MODELS:
        model = apps.get_model(label)
        post_save.connect(receiver, sender=model, dispatch_uid=f"impact-save-{label}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"impact-delete-{label}")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(receiver, sender=through, dispatch_uid=f"impact-m2m-{label}-{field.name}")
