"""The period a figure, map or ranking covers: shared by every impact and strategy page and the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helix.core.errors import HelixError

# Dates before this or after this are refused (the platform holds no older records; year 9999 overflows).
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)


@dataclass(frozen=True)
class Period:
    """Inclusive range of days [start, end]."""

    start: dt.date
    end: dt.date

    @classmethod
    def default(cls, today: dt.date | None = None) -> Period:
        """The calendar year so far."""
        today = today or timezone.localdate()
        return cls(dt.date(today.year, 1, 1), today)

    @classmethod
    def parse(cls, start: str | None, end: str | None, today: dt.date | None = None) -> Period:
        """Read ISO dates (either may be empty: the default year's bound is used). Raises HelixError with
        field errors ``from`` / ``to`` on bad input."""
        default = cls.default(today)
        errors = {}
        values = {}
        for field, raw, fallback in (("from", start, default.start), ("to", end, default.end)):
            if not raw:
                values[field] = fallback
                continue
            try:
                value = dt.date.fromisoformat(str(raw).strip()[:10])
            except ValueError:
                errors[field] = _("Enter a valid date (YYYY-MM-DD).")
                continue
            if not EARLIEST <= value <= LATEST:
                errors[field] = _("Enter a date between 2000 and 2100.")
                continue
            values[field] = value
        if not errors and values["from"] > values["to"]:
            errors["to"] = _("The end of the period must not be before its start.")
        if errors:
            raise HelixError(_("The period is not valid."), code="invalid_period", field_errors=errors)
        return cls(values["from"], values["to"])

    @classmethod
    def from_request(cls, request) -> Period:
        """The period in ``?from=&to=`` (HelixError on bad input; the default year when absent)."""
        return cls.parse(request.GET.get("from"), request.GET.get("to"))

    def previous_year(self) -> Period:
        """The same days one year earlier (29 February becomes 28 February)."""
        return Period(_year_earlier(self.start), _year_earlier(self.end))

    def query(self) -> str:
        return f"from={self.start.isoformat()}&to={self.end.isoformat()}"

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """Aware datetimes [start 00:00, end+1 00:00) in the current time zone, for DateTimeField filters."""
        tz = timezone.get_current_timezone()
        first = dt.datetime.combine(self.start, dt.time.min, tzinfo=tz)
        after = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        return first, after


def _year_earlier(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)
