"""Cached strategy results, invalidated by a version counter that any write to a source record bumps.

The counter lives in the shared cache (the database cache in production), so every app server sees a
bump at once; keys embed it, so a bump makes every older result unreachable. Writes that bypass signals
(`QuerySet.update`) are caught by the time limit below.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "strategy:version"
TTL_SECONDS = 300

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


def version() -> int:
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        value = cache.get(VERSION_KEY, 1)
    return int(value)


def bump(**_kwargs) -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there yet (or evicted): any new value differs from what keys were built on
        cache.add(VERSION_KEY, version() + 1, timeout=None)


def cached[T](name: str, parts: tuple, compute: Callable[[], T]) -> T:
    """`compute()`'s result, cached under `name`, `parts` and the current version."""
    key = f"strategy:{name}:{version()}:" + ":".join(str(p) for p in parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TTL_SECONDS)
    return value


def connect_signals() -> None:
    for label in SOURCE_MODELS:
        model = apps.get_model(label)
        post_save.connect(bump, sender=model, dispatch_uid=f"strategy-save-{label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"strategy-delete-{label}")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(bump, sender=through, dispatch_uid=f"strategy-m2m-{label}-{field.name}")
