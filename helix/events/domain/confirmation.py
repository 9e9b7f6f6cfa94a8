"""Anonymous registrations are confirmed from the mailbox before they hold a seat or show a ticket.

Anyone can type anyone's e-mail into the public form. So a visitor who is not signed in gets no seat and
no ticket: `request_registration` checks the form (as `register` would) and e-mails the address a signed
link carrying the request. Nothing is stored until the link is used (no personal data of someone who
never confirmed), and only the mailbox's owner can use it: `confirm_registration` then registers as
`register` does (seat or waiting list, ticket e-mail) and the ticket is shown. A signed-in person's
registration needs no link: it is tied to their account and its e-mail (see `register`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from helix.core import mail
from helix.core.errors import HelixError

from ..models import Event, Registration
from .registration import _chosen_sessions, _clean_person, check_registration_open, clean_answers, register

SALT = "helix.events.confirm-registration"
LINK_VALID_FOR = dt.timedelta(days=2)


def request_registration(
    *,
    event_id: int,
    name: str,
    email: str,
    organisation_name: str = "",
    answers: Mapping | None = None,
    session_ids: Iterable[int] = (),
    now: dt.datetime | None = None,
) -> str:
    """Check an anonymous registration like `register` and e-mail the address a link to confirm it.
    Writes nothing; returns the normalised e-mail. Raises HelixError (``closed``, ``invalid``)."""
    now = now or timezone.now()
    event = Event.objects.get(pk=event_id)
    check_registration_open(event=event, now=now)
    name, email = _clean_person(name, email)
    answers = {str(k): str(v) for k, v in (answers or {}).items()}
    clean_answers(questions=event.questions.all(), answers=answers)
    session_ids = sorted({int(s) for s in session_ids})
    _chosen_sessions(event, set(session_ids))
    payload = {
        "e": event.pk,
        "n": name,
        "m": email,
        "o": organisation_name.strip()[:200],
        "a": answers,
        "s": session_ids,
    }
    token = signing.dumps(payload, salt=SALT, compress=True)
    mail.send(confirm_email, token=token, language=get_language() or settings.LANGUAGE_CODE)
    return email


def read_request(token: str) -> dict:
    """The registration request a confirm link carries. HelixError ``bad_link`` if tampered or expired."""
    try:
        return signing.loads(token, salt=SALT, max_age=LINK_VALID_FOR)
    except signing.BadSignature:
        raise HelixError(_("This confirmation link is not valid or has expired."), code="bad_link") from None


def confirm_registration(*, token: str, now: dt.datetime | None = None) -> Registration:
    """Register the request carried by a confirm link (the mailbox's owner opened it). Returns the
    registration; when the address is already registered, the existing one (the link proves the
    mailbox, so showing its ticket reveals nothing). Raises HelixError as `register` does."""
    request = read_request(token)
    try:
        return register(
            event_id=request["e"],
            name=request["n"],
            email=request["m"],
            organisation_name=request["o"],
            answers=request["a"],
            session_ids=request["s"],
            now=now,
        )
    except HelixError as exc:
        existing = getattr(exc, "registration", None)
        if exc.code == "duplicate" and existing is not None:
            return existing
        raise


@mail.composer
def confirm_email(*, token: str, language: str) -> mail.Email | None:
    request = read_request(token)
    event = Event.objects.filter(pk=request["e"]).first()
    if event is None:
        return None
    context = {
        "name": request["n"],
        "event": event,
        "confirm_url": settings.SITE_URL + reverse("events:confirm_registration", args=[token]),
        "valid_days": LINK_VALID_FOR.days,
    }
    return mail.Email(template="events/email/confirm", to=[request["m"]], language=language, context=context)
