"""Enqueue the e-mails that registration changes call for (sent by helix.events.tasks)."""

from __future__ import annotations

from helix.core.enqueue import enqueue


def _send(registration_id: int, kind: str) -> None:
    enqueue("helix.events.tasks.send_registration_email", registration_id, kind)


def registration_created(registration) -> None:
    _send(registration.pk, "confirmed" if registration.status == "confirmed" else "waiting")


def registration_confirmed(registration) -> None:
    _send(registration.pk, "confirmed")


def registration_cancelled(registration) -> None:
    _send(registration.pk, "cancelled")


def offers(registrations, session_seats) -> None:
    for registration in registrations:
        _send(registration.pk, "offer")
    for seat in session_seats:
        enqueue("helix.events.tasks.send_session_offer_email", seat.pk)


def offers_expired(registrations) -> None:
    for registration in registrations:
        _send(registration.pk, "expired")
