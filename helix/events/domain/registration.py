"""Registration to events: register, cancel, accept a freed seat.

Every write runs in one transaction that first locks the event row (``select_for_update``), so
capacity, the waiting-list order and the "one active registration per e-mail" rule hold under
concurrency. E-mails are queued with ``helix.core.mail.send``: the task is enqueued when the write
commits, so nothing is sent for a write that was rolled back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helix.core import seats
from helix.core.errors import HelixError
from helix.core.seats import SeatSpec, SeatStatus
from helix.events.models import Answer, Event, Question, Registration, Session, SessionSeat
from helix.events.permissions import can_manage_registration

from . import notify, tickets

EVENT_SEATS = seats.register(
    SeatSpec(
        booking_model=Registration,
        holder_field="event",
        capacity=lambda event: event.capacity,
        offer_ttl=lambda event: dt.timedelta(hours=event.offer_hours),
    ),
    notify=notify.event_seats_changed,
)
SESSION_SEATS = seats.register(
    SeatSpec(
        booking_model=SessionSeat,
        holder_field="session",
        capacity=lambda session: session.capacity,
        offer_ttl=lambda session: dt.timedelta(hours=24),
    ),
    notify=notify.session_seats_changed,
)

YES, NO = "yes", "no"


def check_registration_open(*, event: Event, now: dt.datetime) -> None:
    """Raise :class:`~helix.core.errors.HelixError` (code ``closed``) unless people may register now."""
    if event.status != Event.Status.PUBLISHED:
        raise HelixError(_("This event is not open for registration."), code="closed")
    if not event.registration_open:
        raise HelixError(_("Registration for this event is closed."), code="closed")
    if event.registration_closes_at and now >= event.registration_closes_at:
        raise HelixError(
            _("Registration for this event closed on %(date)s.")
            % {"date": timezone.localtime(event.registration_closes_at).strftime("%d-%m-%Y %H:%M")},
            code="closed",
        )
    if now >= event.ends_at:
        raise HelixError(_("This event has already taken place."), code="closed")


def clean_answers(*, questions: Iterable[Question], answers: Mapping) -> dict[int, str]:
    """Validate answers (keyed by question id, or ``q_<id>``) against the event's questions.
    Returns {question_id: value}; raises :class:`~helix.core.errors.HelixError` (code ``invalid``) listing every
    problem so a form can show each next to its field."""
    raw = {}
    for key, value in (answers or {}).items():
        key = str(key).removeprefix("q_")
        if key.isdigit():
            raw[int(key)] = "" if value is None else str(value).strip()
    cleaned, errors = {}, {}
    for question in questions:
        value = raw.get(question.pk, "")
        if question.kind == Question.Kind.YES_NO:
            value = {"true": YES, "on": YES, "1": YES, "false": NO, "0": NO}.get(value.lower(), value.lower())
            if value not in ("", YES, NO):
                errors[f"q_{question.pk}"] = _("Answer yes or no.")
                continue
        elif question.kind == Question.Kind.CHOICE and value and value not in question.options:
            errors[f"q_{question.pk}"] = _("Choose one of the options offered.")
            continue
        elif len(value) > 2000:
            errors[f"q_{question.pk}"] = _("Keep the answer under 2000 characters.")
            continue
        if question.required and not value:
            errors[f"q_{question.pk}"] = _("This question is required.")
            continue
        if value:
            cleaned[question.pk] = value
    if errors:
        raise HelixError(_("Please correct the answers marked below."), code="invalid", field_errors=errors)
    return cleaned


def _clean_person(name: str, email: str) -> tuple[str, str]:
    name, email = (name or "").strip(), (email or "").strip().lower()
    errors = {}
    if not name:
        errors["name"] = _("Tell us your name.")
    elif len(name) > 200:
        errors["name"] = _("The name is too long.")
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter a valid e-mail address.")
    if errors:
        raise HelixError(_("Please correct the fields marked below."), code="invalid", field_errors=errors)
    return name, email


def _directory_person(user, email: str):
    from helix.network.models import Person

    person = getattr(user, "person", None) if user is not None and user.is_authenticated else None
    # Exact matches (index-friendly) on the lower-cased and the typed form; no LIKE scan.
    return person or Person.objects.filter(email__in={email, email.lower()}).order_by("pk").first()


def _chosen_sessions(event: Event, session_ids: set[int]) -> list[Session]:
    """The chosen sessions; any id that is not a session of this event is refused."""
    sessions = list(Session.objects.filter(event=event, pk__in=session_ids)) if session_ids else []
    if len(sessions) != len(session_ids):
        raise HelixError(
            _("Choose sessions of this event only."),
            code="invalid",
            field_errors={"sessions": _("Choose sessions of this event only.")},
        )
    return sessions


def _member_organisation(person):
    """The organisation of the directory person's first approved membership, if any."""
    if person is None:
        return None
    membership = person.memberships.filter(status="approved").select_related("organisation").first()
    return membership.organisation if membership else None


def _take_session_seats(registration: Registration, sessions: list[Session], *, now: dt.datetime, walk_in: bool):
    """A seat in each chosen session (or its waiting list); returns the registrations promoted meanwhile."""
    promoted = []
    for session in sessions:
        seat_change = seats.take_seat(
            spec=SESSION_SEATS,
            holder_qs=Session.objects.filter(pk=session.pk),
            create_kwargs={"registration": registration},
            now=now,
            force=walk_in,
        )
        promoted += seat_change.promoted
    return promoted


def register(
    *,
    event_id: int,
    name: str,
    email: str,
    user=None,
    organisation_name: str = "",
    answers: Mapping | None = None,
    session_ids: Iterable[int] = (),
    now: dt.datetime | None = None,
    walk_in: bool = False,
) -> Registration:
    """Register a person. Returns the Registration: CONFIRMED when a seat was free, WAITING (with
    its arrival ``position``) when the event was full. Walk-ins (staff at the door) are confirmed even
    over capacity and even when registration is closed.

    A signed-in ``user``'s registration uses their account's e-mail, whatever was typed. Anonymous visitors
    of the public form go through `confirmation.request_registration` (the mailbox confirms first).

    Raises :class:`~helix.core.errors.HelixError` with code ``closed``, ``invalid`` (field errors) or ``duplicate``
    (an active registration with this e-mail exists). On any error nothing is written.
    """
    now = now or timezone.now()
    session_ids = {int(s) for s in session_ids}
    offers, session_offers = [], []
    try:
        with transaction.atomic():
            # Lock first: every check below sees the state no other registration can change now.
            event = seats.lock_holder(Event.objects.filter(pk=event_id))
            if not walk_in:
                check_registration_open(event=event, now=now)
            if user is not None and user.is_authenticated and not walk_in:
                email = user.email  # tied to the account: never someone else's address (issue 11)
            name, email = _clean_person(name, email)
            cleaned = clean_answers(questions=event.questions.all(), answers=answers or {})
            sessions = _chosen_sessions(event, session_ids)
            person = _directory_person(user, email)
            organisation = _member_organisation(person) if not organisation_name else None
            # "One active registration per e-mail" is the partial unique constraint: a duplicate
            # fails the insert (IntegrityError, handled below) instead of a check-then-write.
            change = seats.take_seat(
                spec=EVENT_SEATS,
                holder=event,
                create_kwargs={
                    "name": name,
                    "email": email,
                    "user": user if user is not None and user.is_authenticated else None,
                    "person": person,
                    "organisation": organisation,
                    "organisation_name": organisation_name.strip()[:200],
                    "walk_in": walk_in,
                },
                now=now,
                force=walk_in,
            )
            registration = change.booking
            offers += change.promoted
            Answer.objects.bulk_create(
                Answer(registration=registration, question_id=qid, value=value) for qid, value in cleaned.items()
            )
            session_offers += _take_session_seats(registration, sessions, now=now, walk_in=walk_in)
            # Queued on commit: a registration rolled back sends nothing.
            notify.registration_created(registration)
            notify.offers(offers, session_offers)
    except IntegrityError:
        # The transaction is rolled back; now say why, in words.
        existing = Registration.objects.filter(event_id=event_id, email=email, status__in=seats.ACTIVE).first()
        if existing is None:
            raise
        raise _duplicate(existing) from None
    return registration


def _duplicate(existing: Registration) -> HelixError:
    if existing.status == SeatStatus.WAITING:
        message = _("You are already on the waiting list for this event.")
    elif existing.status == SeatStatus.OFFERED:
        message = _("You already have a seat offered for this event: confirm it from the e-mail we sent you.")
    else:
        message = _("You are already registered for this event.")
    return HelixError(message, code="duplicate", registration=existing)


def cancel_registration(
    *, registration_id: int, actor, token: str | None = None, now: dt.datetime | None = None
) -> Registration:
    """Cancel an active registration and its session seats; freed seats go to the waiting lists
    (offers e-mailed). Allowed to whoever `can_manage_registration`, or holds the registration's signed
    cancel ``token`` (the e-mailed link); else ``PermissionDenied`` and nothing changes.
    Raises :class:`~helix.core.errors.HelixError` (code ``not_active``) if already over."""
    now = now or timezone.now()
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    if not (can_manage_registration(actor, registration) or _token_matches(token, registration)):
        raise PermissionDenied(_("You cannot cancel this registration."))
    offers, session_offers = [], []
    with transaction.atomic():
        try:
            change = seats.release_seat(
                spec=EVENT_SEATS,
                holder_qs=Event.objects.filter(pk=registration.event_id),
                booking_pk=registration.pk,
                now=now,
            )
        except HelixError as exc:
            raise HelixError(_("This registration is already cancelled or expired."), code=exc.code) from None
        offers += change.promoted
        for seat in SessionSeat.objects.filter(registration=registration, status__in=seats.ACTIVE):
            seat_change = seats.release_seat(
                spec=SESSION_SEATS, holder_qs=Session.objects.filter(pk=seat.session_id), booking_pk=seat.pk, now=now
            )
            session_offers += seat_change.promoted
        registration = change.booking
        notify.registration_cancelled(registration)
        notify.offers(offers, session_offers)
    return registration


def _token_matches(token: str | None, registration: Registration) -> bool:
    if not token:
        return False
    try:
        return tickets.parse_cancel_token(token) == registration.pk
    except HelixError:
        return False


def accept_offer(*, registration_id: int, now: dt.datetime | None = None) -> Registration:
    """Confirm the seat offered to a registration from the waiting list, if still in time.
    Raises :class:`~helix.core.errors.HelixError` with code ``expired`` (the seat went to the next person; that
    expiry is kept), ``confirmed`` or ``not_offered``."""
    now = now or timezone.now()
    registration = Registration.objects.get(pk=registration_id)
    try:
        change = seats.accept_offer(
            spec=EVENT_SEATS,
            holder_qs=Event.objects.filter(pk=registration.event_id),
            booking_pk=registration.pk,
            now=now,
        )
    except HelixError as exc:
        change = getattr(exc, "change", None)
        if change is not None:
            notify.offers(change.promoted, [])
        messages = {
            "expired": _("Sorry, this seat offer has expired and the seat was offered to the next person."),
            "confirmed": _("Your seat is already confirmed."),
        }
        raise HelixError(
            messages.get(exc.code, _("There is no seat offer for this registration.")),
            code=exc.code,
            registration=registration,
        ) from None
    notify.registration_confirmed(change.booking)
    notify.offers(change.promoted, [])
    return change.booking


def accept_session_offer(*, seat_id: int, now: dt.datetime | None = None) -> SessionSeat:
    now = now or timezone.now()
    seat = SessionSeat.objects.get(pk=seat_id)
    try:
        change = seats.accept_offer(
            spec=SESSION_SEATS, holder_qs=Session.objects.filter(pk=seat.session_id), booking_pk=seat.pk, now=now
        )
    except HelixError as exc:
        if getattr(exc, "change", None) is not None:
            notify.offers([], exc.change.promoted)
        raise HelixError(exc.message, code=exc.code) from None
    notify.offers([], change.promoted)
    return change.booking


def expire_offers_for_event(*, event_id: int, now: dt.datetime | None = None) -> None:
    """Lazy expiry when an event page is visited (cheap when nothing is overdue)."""
    now = now or timezone.now()
    if not Registration.objects.filter(
        event_id=event_id, status=SeatStatus.OFFERED, offer_expires_at__lte=now
    ).exists():
        return
    change = seats.expire_offers_of(spec=EVENT_SEATS, holder_qs=Event.objects.filter(pk=event_id), now=now)
    notify.event_seats_changed(change)
