"""Composition of the registration e-mails (sent by helix.events.tasks)."""

from __future__ import annotations

import email.message

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from helix.core.qr import qr_png
from helix.events.domain import tickets
from helix.events.models import Registration, SessionSeat

SUBJECTS = {
    # Translated at send time (gettext, not lazy) in the recipient's language.
    "confirmed": lambda: _("Your registration is confirmed: %(event)s"),
    "waiting": lambda: _("You are on the waiting list: %(event)s"),
    "offer": lambda: _("A seat is available for you: %(event)s"),
    "expired": lambda: _("Your seat offer expired: %(event)s"),
    "cancelled": lambda: _("Registration cancelled: %(event)s"),
}


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def registration_email(registration: Registration, kind: str) -> EmailMultiAlternatives:
    """The e-mail of ``kind`` (confirmed, waiting, offer, expired, cancelled) for a registration.
    A confirmation carries the QR ticket (inline image and attachment) and, for online events, the
    link; the others never include the link."""
    event = registration.event
    language = registration.user.language if registration.user_id else settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "registration": registration,
            "event": event,
            "kind": kind,
            "event_url": absolute(event.get_absolute_url()),
            "cancel_url": absolute(reverse("events:cancel", args=[tickets.cancel_token(registration.pk)])),
            "offer_url": absolute(reverse("events:accept_offer", args=[tickets.offer_token(registration.pk)])),
            "ticket_url": absolute(reverse("events:ticket", args=[tickets.cancel_token(registration.pk)])),
            "ticket_code": tickets.ticket_code(registration.pk) if kind == "confirmed" else "",
            "waiting_ahead": _waiting_ahead(registration) if kind == "waiting" else None,
            "show_online_link": kind == "confirmed" and event.is_online and bool(event.online_url),
        }
        subject = SUBJECTS[kind]() % {"event": event.title}
        body = render_to_string("events/email/registration.txt", context)
        message = EmailMultiAlternatives(subject=subject, body=body, to=[registration.email])
        if kind == "confirmed":
            html = render_to_string("events/email/registration.html", context)
            message.attach_alternative(html, "text/html")
            message.attach(_png_part(qr_png(context["ticket_code"])))
    return message


def session_offer_email(seat: SessionSeat) -> EmailMultiAlternatives:
    registration = seat.registration
    language = registration.user.language if registration.user_id else settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "seat": seat,
            "registration": registration,
            "session": seat.session,
            "event": registration.event,
            "offer_url": absolute(reverse("events:accept_session_offer", args=[tickets.session_offer_token(seat.pk)])),
        }
        subject = _("A seat is available for you in the session “%(session)s”") % {"session": seat.session.title}
        body = render_to_string("events/email/session_offer.txt", context)
    return EmailMultiAlternatives(subject=subject, body=body, to=[registration.email])


def _png_part(png: bytes) -> email.message.MIMEPart:
    part = email.message.MIMEPart()
    part.set_content(png, maintype="image", subtype="png", disposition="inline", filename="ticket.png", cid="<ticket>")
    return part


def _waiting_ahead(registration: Registration) -> int:
    return Registration.objects.filter(
        event_id=registration.event_id, status="waiting", position__lt=registration.position or 0
    ).count()
