"""Events' part of the personal-data download and of account deletion.

* Registrations (with answers, session seats and check-ins) are exported. On deletion, a seat at an
  event not yet started, or a waiting-list place or seat offer that can still move, is cancelled
  first (the seat goes to the next person waiting; the cancellation e-mail to the person is
  discarded). Every registration is then kept
  for the event's figures (registrations, attendance) but anonymised: name "—", a placeholder
  e-mail, no organisation name, no account or person link; its answers are deleted.
* Speaker and moderator roles are deleted (nothing counts them).
* Round-table commitments owned by the person lose their owner; the person's name and e-mail are
  scrubbed from minutes and commitment texts.
* Staff actions (check-ins made, certificate batches requested) forget who made them.
"""

from typing import Any

from django.db.models import Q
from django.utils import timezone

from helix.core.personal_data import (
    ERASED,
    DataSubject,
    discard_queued_mail,
    email_q,
    erased_email,
    register,
    scrub_text_fields,
    unlink,
)
from helix.core.seats import ACTIVE, SeatStatus

from .domain.registration import cancel_registration
from .domain.tickets import cancel_token
from .models import Answer, Attendance, CertificateBatch, Commitment, Minutes, Registration, SessionSeat, Speaker


def _registrations(subject: DataSubject):
    q = Q(user=subject.user) | email_q("email", subject)
    if subject.person is not None:
        q |= Q(person=subject.person)
    return Registration.objects.filter(q)


def export_registrations(subject: DataSubject) -> list[dict[str, Any]]:
    rows = (
        _registrations(subject)
        .select_related("event", "organisation")
        .prefetch_related("answers__question", "session_seats__session", "attendances__session")
        .order_by("created_at", "pk")
    )
    return [
        {
            "event": r.event.title,
            "event_slug": r.event.slug,
            "event_starts_at": r.event.starts_at,
            "name": r.name,
            "email": r.email,
            "organisation": r.organisation_label,
            "status": r.status,
            "waiting_position": r.position,
            "offer_expires_at": r.offer_expires_at,
            "walk_in": r.walk_in,
            "registered_at": r.created_at,
            "answers": [{"question": a.question.label, "answer": a.value} for a in r.answers.all()],
            "sessions": [{"session": s.session.title, "status": s.status} for s in r.session_seats.all()],
            "check_ins": [
                {"at": a.checked_in_at, "session": a.session.title if a.session else None, "method": a.method}
                for a in r.attendances.all()
            ],
        }
        for r in rows
    ]


def erase_registrations(subject: DataSubject) -> None:
    now = timezone.now()
    registrations = _registrations(subject)
    ids = list(registrations.values_list("pk", flat=True))
    # A seat at an event not yet started, or a place in a queue that can still move, is given up.
    to_release = registrations.filter(
        Q(status__in=ACTIVE, event__starts_at__gt=now)
        | Q(status__in=[SeatStatus.WAITING, SeatStatus.OFFERED], event__ends_at__gt=now)
    )
    for pk in to_release.values_list("pk", flat=True):
        # The erasure acts with the registration's own cancel link: the seat may be held under the
        # person's directory e-mail rather than the account's, which `can_manage_registration` alone refuses.
        cancel_registration(registration_id=pk, actor=subject.user, token=cancel_token(pk), now=now)
    discard_queued_mail("helix.events.emails.registration_email", key="registration_id", values=ids)
    seat_ids = SessionSeat.objects.filter(registration_id__in=ids).values_list("pk", flat=True)
    discard_queued_mail("helix.events.emails.session_offer_email", key="seat_id", values=list(seat_ids))
    Answer.objects.filter(registration_id__in=ids).delete()
    for registration in Registration.objects.filter(pk__in=ids):
        registration.name = ERASED
        # The e-mail is the key of "one active registration per address": a unique placeholder.
        registration.email = erased_email(f"registration-{registration.pk}")
        registration.organisation_name = ""
        registration.person = None
        registration.user = None
        registration.save(update_fields=["name", "email", "organisation_name", "person", "user"])


def export_roles(subject: DataSubject) -> list[dict[str, Any]]:
    if subject.person is None:
        return []
    rows = Speaker.objects.filter(person=subject.person).select_related("event", "session")
    return [
        {"event": s.event.title, "session": s.session.title if s.session else None, "role": s.role}
        for s in rows.order_by("event__starts_at", "pk")
    ]


def erase_roles(subject: DataSubject) -> None:
    if subject.person is not None:
        Speaker.objects.filter(person=subject.person).delete()


def export_commitments(subject: DataSubject) -> list[dict[str, Any]]:
    if subject.person is None:
        return []
    rows = Commitment.objects.filter(owner_person=subject.person).select_related("minutes__event")
    return [
        {
            "event": c.minutes.event.title,
            "commitment": c.description,
            "due_on": c.due_on,
            "status": c.status,
            "done_at": c.done_at,
        }
        for c in rows.order_by("created_at", "pk")
    ]


def erase_commitments(subject: DataSubject) -> None:
    unlink(subject.person, (Commitment, "owner_person"))
    scrub_text_fields(Commitment, ["description"], subject)
    scrub_text_fields(Minutes, ["summary", "conclusions"], subject)


def export_staff_actions(subject: DataSubject) -> dict[str, Any]:
    return {
        "check_ins_recorded": Attendance.objects.filter(checked_in_by=subject.user).count(),
        "certificate_batches_requested": [
            {"event": b.event.title, "at": b.created_at}
            for b in CertificateBatch.objects.filter(requested_by=subject.user).select_related("event")
        ],
    }


def erase_staff_actions(subject: DataSubject) -> None:
    unlink(subject.user, (Attendance, "checked_in_by"), (CertificateBatch, "requested_by"))


register(
    "event_registrations",
    export=export_registrations,
    erase=erase_registrations,
    covers={
        "events.Registration": ("person", "user", "name", "email", "organisation_name"),
        "events.Answer": ("value",),
        "events.SessionSeat": ("registration",),
        "events.Attendance": ("registration",),
    },
)
register("event_roles", export=export_roles, erase=erase_roles, covers={"events.Speaker": ("person",)})
register(
    "round_table_commitments",
    export=export_commitments,
    erase=erase_commitments,
    covers={"events.Commitment": ("owner_person", "description"), "events.Minutes": ("summary", "conclusions")},
)
register(
    "event_staff_actions",
    export=export_staff_actions,
    erase=erase_staff_actions,
    covers={"events.Attendance": ("checked_in_by",), "events.CertificateBatch": ("requested_by",)},
)
