"""iCalendar output (RFC 5545) for the public feed and single events."""

from __future__ import annotations

from collections.abc import Iterable

import icalendar
from django.conf import settings

from helix.events.models import Event


def calendar_for(events: Iterable[Event]) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Helix//Events//ES")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Helix")
    for event in events:
        item = icalendar.Event()
        item.add("uid", f"event-{event.pk}@helix")
        item.add("summary", event.title)
        item.add("dtstart", event.starts_at)
        item.add("dtend", event.ends_at)
        item.add("dtstamp", event.created_at)
        item.add("url", f"{settings.SITE_URL}{event.get_absolute_url()}")
        place = ", ".join(p for p in [event.venue, event.commune.name if event.commune_id else ""] if p)
        if place:
            item.add("location", place)
        if event.description:
            item.add("description", event.description[:2000])
        if event.status == Event.Status.CANCELLED:
            item.add("status", "CANCELLED")
        # The online link is never published in a feed: it is for registered people only.
        cal.add_component(item)
    return cal.to_ical()
