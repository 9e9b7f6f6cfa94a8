"""iCalendar output (RFC 5545) for the public feed and single events."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings

from helix.core.calendar import CalendarEntry, build_calendar
from helix.events.models import Event


def calendar_for(events: Iterable[Event]) -> bytes:
    return build_calendar((_entry(event) for event in events), name="Helix", product="Events")


def _entry(event: Event) -> CalendarEntry:
    place = ", ".join(p for p in [event.venue, event.commune.name if event.commune_id else ""] if p)
    # The online link is never published in a feed: it is for registered people only.
    return CalendarEntry(
        uid=f"event-{event.pk}@helix",
        summary=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        stamp=event.created_at,
        url=f"{settings.SITE_URL}{event.get_absolute_url()}",
        location=place,
        description=event.description,
        cancelled=event.status == Event.Status.CANCELLED,
    )
