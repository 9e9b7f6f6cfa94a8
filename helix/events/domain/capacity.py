"""Changing the seats of an event or a session: the only way, from the staff pages and the admin."""

from __future__ import annotations

from helix.core import seats
from helix.events.models import Event, Session

from ..permissions import can_change_capacity
from .registration import EVENT_SEATS, SESSION_SEATS


def set_event_capacity(*, actor, event_id: int, capacity: int | None, now=None) -> Event:
    """Set an event's capacity (``None``: unlimited). In the same transaction, under the event's
    lock, the seats it frees are offered to the waiting list in arrival order; those people are
    e-mailed once it commits. Raises PermissionDenied, or HelixError ``invalid_capacity``."""
    return seats.set_capacity(
        actor=actor, spec=EVENT_SEATS, pk=event_id, capacity=capacity, allowed=can_change_capacity, now=now
    )


def set_session_capacity(*, actor, session_id: int, capacity: int | None, now=None) -> Session:
    """Set a session's own capacity (``None``: no separate limit), as :func:`set_event_capacity`."""
    return seats.set_capacity(
        actor=actor, spec=SESSION_SEATS, pk=session_id, capacity=capacity, allowed=can_change_capacity, now=now
    )
