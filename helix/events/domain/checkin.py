"""Check-in at the door: by ticket code (QR or typed), by name search, or a walk-in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helix.core.errors import HelixError
from helix.core.seats import SeatStatus
from helix.events.models import Attendance, Event, Registration, Session
from helix.events.permissions import can_check_in

from .registration import register
from .tickets import parse_ticket


@dataclass
class CheckIn:
    registration: Registration
    attendance: Attendance
    created: bool  # False: this person was already checked in here (repeat scan)


def check_can_check_in(*, actor) -> None:
    """Raise ``PermissionDenied`` (translated) unless `actor` may check people in."""
    if not can_check_in(actor):
        raise PermissionDenied(_("Only staff can check people in."))


def check_in(
    *,
    event: Event,
    registration: Registration,
    session: Session | None = None,
    actor,
    method: str = Attendance.Method.QR,
    now: dt.datetime | None = None,
) -> CheckIn:
    """Record attendance of a CONFIRMED registration at the event (or one of its sessions), by `actor`
    (staff, else ``PermissionDenied``). Idempotent: a second scan returns the existing record with ``created=False``."""
    check_can_check_in(actor=actor)
    now = now or timezone.now()
    if registration.event_id != event.pk:
        raise HelixError(
            _("This ticket is for another event: %(event)s.") % {"event": registration.event},
            code="other_event",
            registration=registration,
        )
    if session is not None and session.event_id != event.pk:
        raise HelixError(_("That session is not part of this event."), code="invalid")
    if registration.status != SeatStatus.CONFIRMED:
        raise HelixError(
            _("%(name)s has no confirmed seat (status: %(status)s).")
            % {"name": registration.name, "status": registration.get_status_display()},
            code="not_confirmed",
            registration=registration,
        )
    existing = Attendance.objects.filter(registration=registration, session=session).first()
    if existing:
        return CheckIn(registration, existing, created=False)
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                registration=registration,
                session=session,
                checked_in_at=now,
                checked_in_by=actor,
                method=method,
            )
    except IntegrityError:  # two scanners at once: the other one recorded it
        return CheckIn(registration, Attendance.objects.get(registration=registration, session=session), False)
    return CheckIn(registration, attendance, created=True)


def check_in_code(
    *, event: Event, code: str, session: Session | None = None, actor, now: dt.datetime | None = None, typed=False
) -> CheckIn:
    """Check in the holder of a ticket code; malformed or tampered codes raise HelixError ``bad_code``."""
    check_can_check_in(actor=actor)
    registration_id = parse_ticket(code)  # HelixError "bad_code" when malformed or tampered with
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None:
        raise HelixError(_("No registration matches this ticket."), code="unknown")
    method = Attendance.Method.CODE if typed else Attendance.Method.QR
    return check_in(event=event, registration=registration, session=session, actor=actor, method=method, now=now)


def walk_in(
    *,
    event: Event,
    name: str,
    email: str,
    organisation_name: str = "",
    session: Session | None = None,
    actor,
    now: dt.datetime | None = None,
) -> CheckIn:
    """Register someone at the door (confirmed even over capacity) and check them in, in one step.
    If they were already registered, check in that registration instead. Staff only (``PermissionDenied``)."""
    check_can_check_in(actor=actor)
    now = now or timezone.now()
    with transaction.atomic():
        try:
            registration = register(
                event_id=event.pk,
                name=name,
                email=email,
                organisation_name=organisation_name,
                now=now,
                walk_in=True,
                session_ids=[session.pk] if session else (),
            )
        except HelixError as exc:
            if exc.code != "duplicate" or exc.registration.status != SeatStatus.CONFIRMED:
                raise
            registration = exc.registration
        method = Attendance.Method.WALK_IN
        return check_in(event=event, registration=registration, session=session, actor=actor, method=method, now=now)
