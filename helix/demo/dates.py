"""The demo's anchor: today, in Santiago. Seeders date everything relative to it.

`seed_demo --today YYYY-MM-DD` seeds as if run on another day (tests seed on several dates): the
seeders read :func:`today` when they run, never at import, so :func:`anchored` moves them all.
"""

import contextlib
import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.utils import timezone

TZ = ZoneInfo("America/Santiago")

_anchor: dt.date | None = None


def today() -> dt.date:
    """The date the seed runs (Chile's calendar day), or the one `anchored` set."""
    return _anchor or timezone.localtime(timezone.now(), TZ).date()


@contextlib.contextmanager
def anchored(day: dt.date | None) -> Iterator[dt.date]:
    """Seed as if today were `day` (None: the real today) inside the block."""
    global _anchor
    previous = _anchor
    _anchor = day
    try:
        yield today()
    finally:
        _anchor = previous


def plausible_course_start(day: dt.date) -> dt.date:
    """The first Monday on or after `day`, outside Chile's summer break: a course due to start in
    January, February or the second half of December starts in the first week of March instead
    (when the academic year begins)."""
    if day.month in (1, 2) or (day.month == 12 and day.day > 15):
        day = dt.date(day.year + (day.month == 12), 3, 1)
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)
