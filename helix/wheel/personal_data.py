"""Business wheels' part of the personal-data download and of account deletion.

A participant is an organisation's place in a wheel; the person appears in it as one of its
representatives (or as who registered it). The download lists each participation with its
requests, meetings and outcomes. On deletion the participation, its requests, meetings and
outcomes stay (they are the organisation's and feed the wheel's funnel), but the person stops
being a representative, registrations and scheduling runs forget who made them, and the person's
name and e-mail are scrubbed from outcome notes and scheduling reports.
"""

from typing import Any

from django.db.models import Q
from django.utils import timezone

from helix.core.personal_data import DataSubject, register, scrub_text_fields, unlink

from .models import (
    DirectMeeting,
    DirectMeetingOutcome,
    Invitation,
    Meeting,
    MeetingOutcome,
    MeetingRequest,
    Participant,
    ScheduleRun,
)


def _participations(subject: DataSubject):
    q = Q(registered_by=subject.user)
    if subject.person is not None:
        q |= Q(representatives=subject.person)
    return Participant.objects.filter(q).distinct()


def _request(r: MeetingRequest, me: int) -> dict[str, Any]:
    other = r.to_participant if r.from_participant_id == me else r.from_participant
    return {
        "direction": "sent" if r.from_participant_id == me else "received",
        "with": other.organisation.name,
        "priority": r.priority,
        "status": r.status,
        "created_at": r.created_at,
        "answered_at": r.answered_at,
    }


def _meeting(m: Meeting, me: int) -> dict[str, Any]:
    return {
        "with": m.counterpart(me).organisation.name,
        "starts_at": timezone.localtime(m.slot.starts_at),
        "table": m.table,
        "status": m.status,
        "outcomes": [
            {"reported_by": o.participant.organisation.name, "outcome": o.outcome, "note": o.note}
            for o in m.outcomes.all()
        ],
    }


def export_participations(subject: DataSubject) -> list[dict[str, Any]]:
    rows = []
    for p in _participations(subject).select_related("wheel", "organisation").order_by("wheel__date", "pk"):
        requests = (
            MeetingRequest.objects.filter(Q(from_participant=p) | Q(to_participant=p))
            .select_related("from_participant__organisation", "to_participant__organisation")
            .order_by("created_at")
        )
        meetings = (
            Meeting.objects.filter(Q(a=p) | Q(b=p))
            .select_related("slot", "a__organisation", "b__organisation")
            .prefetch_related("outcomes__participant__organisation")
            .order_by("slot__number")
        )
        rows.append(
            {
                "wheel": p.wheel.name,
                "date": p.wheel.date,
                "organisation": p.organisation.name,
                "side": p.side,
                "seeks": p.seeks,
                "offers": p.offers,
                "checked_in_at": p.checked_in_at,
                "withdrawn_at": p.withdrawn_at,
                "registered_at": p.created_at,
                "requests": [_request(r, p.pk) for r in requests],
                "meetings": [_meeting(m, p.pk) for m in meetings],
            }
        )
    return rows


def erase_participations(subject: DataSubject) -> None:
    if subject.person is not None:
        Participant.representatives.through.objects.filter(person=subject.person).delete()
    unlink(subject.user, (Participant, "registered_by"))
    scrub_text_fields(MeetingOutcome, ["note"], subject)


def export_schedule_runs(subject: DataSubject) -> list[dict[str, Any]]:
    return [
        {"wheel": r.wheel.name, "at": r.created_at, "status": r.status}
        for r in ScheduleRun.objects.filter(created_by=subject.user).select_related("wheel").order_by("created_at")
    ]


def erase_schedule_runs(subject: DataSubject) -> None:
    unlink(subject.user, (ScheduleRun, "created_by"))
    scrub_text_fields(ScheduleRun, ["message", "changes", "problems"], subject)


register(
    "wheel_participations",
    export=export_participations,
    erase=erase_participations,
    covers={
        "wheel.Participant": ("representatives", "registered_by"),
        "wheel.MeetingOutcome": ("note",),
    },
)
register(
    "wheel_schedule_runs",
    export=export_schedule_runs,
    erase=erase_schedule_runs,
    covers={"wheel.ScheduleRun": ("created_by", "message", "changes", "problems")},
)


def export_invitations_and_direct_meetings(subject: DataSubject) -> dict[str, Any]:
    invitations = Invitation.objects.filter(invited_by=subject.user).select_related("wheel", "organisation")
    meetings = DirectMeeting.objects.filter(proposed_by=subject.user).select_related("proposer", "invitee")
    return {
        "invitations_sent": [
            {"wheel": i.wheel.name, "organisation": i.organisation.name, "status": i.status, "at": i.created_at}
            for i in invitations.order_by("created_at")
        ],
        "direct_meetings_proposed": [
            {
                "from": m.proposer.name,
                "to": m.invitee.name,
                "starts_at": m.starts_at,
                "place": m.place,
                "note": m.note,
                "status": m.status,
            }
            for m in meetings.order_by("created_at")
        ],
    }


def erase_invitations_and_direct_meetings(subject: DataSubject) -> None:
    # The invitations and meetings are the organisations'; they only forget who made them, and the
    # person's name and e-mail leave the free-text notes.
    unlink(subject.user, (Invitation, "invited_by"), (DirectMeeting, "proposed_by"))
    scrub_text_fields(DirectMeeting, ["note"], subject)
    scrub_text_fields(DirectMeetingOutcome, ["note"], subject)


register(
    "wheel_invitations_and_direct_meetings",
    export=export_invitations_and_direct_meetings,
    erase=erase_invitations_and_direct_meetings,
    covers={
        "wheel.Invitation": ("invited_by",),
        "wheel.DirectMeeting": ("proposed_by", "note"),
        "wheel.DirectMeetingOutcome": ("note",),
    },
)
