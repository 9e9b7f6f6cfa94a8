"""The registration e-mails, composed in the worker (queued with ``helix.core.mail.send``)."""

from __future__ import annotations

import email.message

from django.conf import settings
from django.urls import reverse

from helix.core import mail
from helix.core.qr import qr_png
from helix.events.domain import tickets
from helix.events.models import Registration, SessionSeat


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


@mail.composer
def registration_email(*, registration_id: int, kind: str) -> mail.Email | None:
    """The e-mail of ``kind`` (confirmed, waiting, offer, expired, cancelled) for a registration.
    A confirmation carries the QR ticket (inline image and attachment) and, for online events, the
    link; the others never include the link."""
    registration = Registration.objects.select_related("event", "user").filter(pk=registration_id).first()
    if registration is None:
        return None
    event = registration.event
    ticket_code = tickets.ticket_code(registration.pk) if kind == "confirmed" else ""
    context = {
        "registration": registration,
        "event": event,
        "kind": kind,
        "event_url": absolute(event.get_absolute_url()),
        "cancel_url": absolute(reverse("events:cancel", args=[tickets.cancel_token(registration.pk)])),
        "offer_url": absolute(reverse("events:accept_offer", args=[tickets.offer_token(registration.pk)])),
        "ticket_url": absolute(reverse("events:ticket", args=[tickets.cancel_token(registration.pk)])),
        "ticket_code": ticket_code,
        "waiting_ahead": _waiting_ahead(registration) if kind == "waiting" else None,
        "show_online_link": kind == "confirmed" and event.is_online and bool(event.online_url),
    }
    return mail.Email(
        template="events/email/registration",
        to=[registration.email],
        language=mail.language_of(registration.user) if registration.user_id else None,
        context=context,
        attachments=[_png_part(qr_png(ticket_code))] if kind == "confirmed" else [],
    )


@mail.composer
def session_offer_email(*, seat_id: int) -> mail.Email | None:
    seat = (
        SessionSeat.objects.select_related("session", "registration__event", "registration__user")
        .filter(pk=seat_id)
        .first()
    )
    if seat is None:
        return None
    registration = seat.registration
    context = {
        "seat": seat,
        "registration": registration,
        "session": seat.session,
        "event": registration.event,
        "offer_url": absolute(reverse("events:accept_session_offer", args=[tickets.session_offer_token(seat.pk)])),
    }
    return mail.Email(
        template="events/email/session_offer",
        to=[registration.email],
        language=mail.language_of(registration.user) if registration.user_id else None,
        context=context,
    )


def _png_part(png: bytes) -> email.message.MIMEPart:
    part = email.message.MIMEPart()
    part.set_content(png, maintype="image", subtype="png", disposition="inline", filename="ticket.png", cid="<ticket>")
    return part


def _waiting_ahead(registration: Registration) -> int:
    return Registration.objects.filter(
        event_id=registration.event_id, status="waiting", position__lt=registration.position or 0
    ).count()
