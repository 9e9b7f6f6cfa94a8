import datetime as dt

import icalendar
from django.utils import timezone

from helix.core.calendar import CalendarEntry, build_calendar, calendar_response


def _at(hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2026, 11, 5, hour, 0))


def test_one_vevent_per_entry_with_the_given_fields():
    entries = [
        CalendarEntry(uid="a@helix", summary="Reunión con Ñuñoa", starts_at=_at(9), ends_at=_at(10), location="Mesa 3"),
        CalendarEntry(
            uid="b@helix",
            summary="Taller",
            starts_at=_at(11),
            ends_at=_at(12),
            description="x" * 5000,
            url="https://helix.example/events/taller/",
            cancelled=True,
        ),
    ]
    cal = icalendar.Calendar.from_ical(build_calendar(entries, name="Mi agenda", product="Tests"))
    assert str(cal["x-wr-calname"]) == "Mi agenda"
    assert str(cal["prodid"]) == "-//Helix//Tests//ES"
    first, second = cal.walk("VEVENT")
    assert str(first["summary"]) == "Reunión con Ñuñoa" and str(first["location"]) == "Mesa 3"
    assert first.decoded("dtstart") == _at(9) and first.decoded("dtend") == _at(10)
    assert "status" not in first and "description" not in first
    assert str(second["status"]) == "CANCELLED"
    assert len(str(second["description"])) == 2000
    assert str(second["url"]) == "https://helix.example/events/taller/"
    assert [str(e["uid"]) for e in (first, second)] == ["a@helix", "b@helix"]


def test_empty_calendar_is_still_valid():
    cal = icalendar.Calendar.from_ical(build_calendar([], name="Vacío", product="Tests"))
    assert cal.walk("VEVENT") == []


def test_response_is_a_download_unless_inline():
    data = build_calendar([], name="x", product="Tests")
    download = calendar_response(data, filename="agenda-1.ics")
    assert download["Content-Type"] == "text/calendar"
    assert download["Content-Disposition"] == 'attachment; filename="agenda-1.ics"'
    assert download.content == data
    feed = calendar_response(data, filename="feed.ics", inline=True)
    assert feed["Content-Disposition"] == 'inline; filename="feed.ics"'
