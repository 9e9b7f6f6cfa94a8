"""Enqueue the e-mails that registration changes call for (sent by helix.events.tasks)."""

from __future__ import annotations


def _send(registration_id: int, kind: str) -> None:
    from helix.events.tasks import send_registration_email

    send_registration_email.enqueue(registration_id, kind)


def registration_created(registration) -> None:
    _send(registration.pk, "confirmed" if registration.status == "confirmed" else "waiting")


def registration_confirmed(registration) -> None:
    _send(registration.pk, "confirmed")


def registration_cancelled(registration) -> None:
    _send(registration.pk, "cancelled")


def offers(registrations, session_seats) -> None:
    from helix.events.tasks import send_session_offer_email

    for registration in registrations:
        _send(registration.pk, "offer")
    for seat in session_seats:
        send_session_offer_email.enqueue(seat.pk)


def offers_expired(registrations) -> None:
    for registration in registrations:
        _send(registration.pk, "expired")
