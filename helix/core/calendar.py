"""iCalendar files (RFC 5545): the one builder for feeds, single events and personal agendas.

Apps turn their records into plain :class:`CalendarEntry` tuples; this module knows the format.
Each entry's ``uid`` must be stable, so a calendar that imports the file again replaces the old
entries instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

import icalendar
from django.http import HttpResponse
from django.utils import timezone

CONTENT_TYPE = "text/calendar"  # RFC 5545: UTF-8 is the default charset
DESCRIPTION_LIMIT = 2000


class CalendarEntry(NamedTuple):
    uid: str
    summary: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    location: str = ""
    description: str = ""
    url: str = ""
    stamp: dt.datetime | None = None  # when the record was made; now if unknown
    cancelled: bool = False


def build_calendar(entries: Iterable[CalendarEntry], *, name: str, product: str) -> bytes:
    """A VCALENDAR named ``name`` with one VEVENT per entry (``product`` goes into PRODID)."""
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//Helix//{product}//ES")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    now = timezone.now()
    for entry in entries:
        item = icalendar.Event()
        item.add("uid", entry.uid)
        item.add("dtstamp", entry.stamp or now)
        item.add("dtstart", entry.starts_at)
        item.add("dtend", entry.ends_at)
        item.add("summary", entry.summary)
        if entry.location:
            item.add("location", entry.location)
        if entry.description:
            item.add("description", entry.description[:DESCRIPTION_LIMIT])
        if entry.url:
            item.add("url", entry.url)
        if entry.cancelled:
            item.add("status", "CANCELLED")
        cal.add_component(item)
    return cal.to_ical()


def calendar_response(data: bytes, *, filename: str, inline: bool = False) -> HttpResponse:
    """An HTTP answer carrying an .ics file: ``inline`` for feeds a calendar app subscribes to,
    an attachment for a file to download."""
    response = HttpResponse(data, content_type=CONTENT_TYPE)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
