"""The demo's anchor: today, in Santiago. Seeders date everything relative to it."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

TZ = ZoneInfo("America/Santiago")


def today() -> dt.date:
    """The date the seed runs (Chile's calendar day)."""
    return timezone.localtime(timezone.now(), TZ).date()
