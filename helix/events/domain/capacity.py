"""Changing the seats of an event or a session: the only way, from the staff pages and the admin."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from helix.core import seats
from helix.events.models import Event, Session

from ..permissions import can_change_capacity
from . import notify
from .registration import EVENT_SEATS, SESSION_SEATS


def set_event_capacity(*, actor, event_id: int, capacity: int | None, now: dt.datetime | None = None) -> Event:
    """Set an event's capacity (``None``: unlimited). In the same transaction, under the event's
    lock, seats it frees are offered to the waiting list in arrival order and those people are
    e-mailed once it commits. Raises PermissionDenied, or HelixError ``invalid_capacity``."""
    event = Event.objects.get(pk=event_id)
    if not can_change_capacity(actor, event):
        raise PermissionDenied
    seats.check_capacity(capacity)
    change = seats.change_capacity(
        spec=EVENT_SEATS, holder_qs=Event.objects.filter(pk=event_id), capacity=capacity, now=now or timezone.now()
    )
    notify.event_seats_changed(change)
    return change.holder


def set_session_capacity(*, actor, session_id: int, capacity: int | None, now: dt.datetime | None = None) -> Session:
    """Set a session's own capacity (``None``: no separate limit), offering freed seats to the
    session's waiting list as :func:`set_event_capacity` does."""
    session = Session.objects.get(pk=session_id)
    if not can_change_capacity(actor, session):
        raise PermissionDenied
    seats.check_capacity(capacity)
    change = seats.change_capacity(
        spec=SESSION_SEATS,
        holder_qs=Session.objects.filter(pk=session_id),
        capacity=capacity,
        now=now or timezone.now(),
    )
    notify.session_seats_changed(change)
    return change.holder
