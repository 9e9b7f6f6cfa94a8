"""The wheel's settings, checked when they are entered (issue 12 §3).

Without these checks the form accepted 100,000-minute slots and a registration window that opened
after the wheel, and the scheduler later failed on two slots with the same clock time (a day that
ran past midnight). The form calls :func:`wheel_settings_errors` and shows each message on its field.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .setup import WHEEL_LIMITS

# One source for the sizes: the bounds every wheel write checks (setup.WHEEL_LIMITS).
MIN_SLOT_MINUTES, MAX_SLOT_MINUTES = WHEEL_LIMITS["slot_minutes"]
MAX_SLOT_COUNT = WHEEL_LIMITS["slot_count"][1]


def wheel_start(date: dt.date, start_time: dt.time) -> dt.datetime:
    """When the wheel's first slot starts, as an aware datetime in the current time zone."""
    return timezone.make_aware(dt.datetime.combine(date, start_time))


def wheel_settings_errors(
    *,
    date: dt.date | None,
    start_time: dt.time | None,
    slot_minutes: int | None,
    slot_count: int | None,
    breaks: list[dict] | None = None,
    registration_opens_at: dt.datetime | None = None,
    registration_closes_at: dt.datetime | None = None,
) -> dict[str, str]:
    """Field → Spanish-translated message; empty when the settings can be scheduled.

    Guarantees when empty: slots last between 5 and 240 minutes; every slot (with its breaks) ends on
    the wheel's own day, so no two slots share a clock time; registration opens and closes before the
    first slot starts. Missing values are skipped (the form reports them as required).
    """
    errors: dict[str, str] = {}
    if slot_minutes is not None and not MIN_SLOT_MINUTES <= slot_minutes <= MAX_SLOT_MINUTES:
        errors["slot_minutes"] = _("A slot lasts between %(low)d and %(high)d minutes.") % {
            "low": MIN_SLOT_MINUTES,
            "high": MAX_SLOT_MINUTES,
        }
    if slot_count is not None and not 1 <= slot_count <= MAX_SLOT_COUNT:
        errors["slot_count"] = _("A wheel has between 1 and %(high)d slots.") % {"high": MAX_SLOT_COUNT}
    if (
        date
        and start_time
        and slot_count
        and slot_minutes
        and "slot_minutes" not in errors
        and "slot_count" not in errors
    ):
        pauses = sum(int(b.get("minutes", 0)) for b in breaks or [])
        total = dt.timedelta(minutes=slot_minutes * slot_count + pauses)
        begins = dt.datetime.combine(date, start_time)
        if begins + total > dt.datetime.combine(date + dt.timedelta(days=1), dt.time(0, 0)):
            errors["slot_count"] = _(
                "The slots must end the same day: with this start, length and breaks the last one ends after midnight."
            )
    if date and start_time:
        first = wheel_start(date, start_time)
        if registration_closes_at and registration_closes_at > first:
            errors["registration_closes_at"] = _("Registration must close before the first slot starts.")
        if registration_opens_at and registration_opens_at >= first:
            errors["registration_opens_at"] = _("Registration must open before the wheel takes place.")
    return errors
