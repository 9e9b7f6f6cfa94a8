"""Queue the e-mails that registration changes call for (sent after commit by ``helix.core.mail``)."""

from __future__ import annotations

from django.urls import reverse

from helix.core import mail
from helix.events.domain import tickets
from helix.events.emails import registration_email, session_offer_email
from helix.notifications.domain import notify, when
from helix.notifications.models import Kind


def _send(registration_id: int, kind: str) -> None:
    mail.send(registration_email, registration_id=registration_id, kind=kind)


def registration_created(registration) -> None:
    _send(registration.pk, "confirmed" if registration.status == "confirmed" else "waiting")


def registration_confirmed(registration) -> None:
    _send(registration.pk, "confirmed")


def registration_cancelled(registration) -> None:
    _send(registration.pk, "cancelled")


def offers(registrations, session_seats) -> None:
    for registration in registrations:
        _send(registration.pk, "offer")
        # In the app too, for an account holder; the offer's e-mail carries the link (issue 12 §2).
        notify(
            registration,
            Kind.OFFER,
            registration,
            message="event_offer",
            url=reverse("events:accept_offer", args=[tickets.offer_token(registration.pk)]),
            params={"event": registration.event.title, "deadline": when(registration.offer_expires_at)},
            emailed=True,
        )
    for seat in session_seats:
        mail.send(session_offer_email, seat_id=seat.pk)


def offers_expired(registrations) -> None:
    for registration in registrations:
        _send(registration.pk, "expired")


def event_seats_changed(change) -> None:
    """An event's seats moved without a registrant asking (expiry, a capacity change)."""
    offers_expired(change.expired)
    offers(change.promoted, [])


def session_seats_changed(change) -> None:
    offers([], change.promoted)
