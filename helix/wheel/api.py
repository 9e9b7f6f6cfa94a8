"""HTTP API for business wheels: agendas (own only; organisers all), meeting requests, invitations of
matched providers and direct meetings."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from helix.apitokens.auth import signed_in
from helix.core.api import Count, Id, LongText, Pagination, ShortText
from helix.matching.models import Match

from .domain import direct, invitations
from .domain import requests as requests_domain
from .models import DirectMeeting, Invitation, MeetingRequest, Participant, Wheel
from .permissions import can_act_for_participant, can_manage_wheel, direct_meeting_side
from .queries import all_agendas

router = Router(tags=["wheels"], auth=signed_in)


class CounterpartOut(Schema):
    id: int
    organisation: str
    profile_url: str


class AgendaMeetingOut(Schema):
    meeting_id: int
    slot: str
    starts_at: datetime
    ends_at: datetime
    table: int
    status: str
    counterpart: CounterpartOut


class AgendaOut(Schema):
    participant_id: int
    organisation: str
    meetings: list[AgendaMeetingOut]


class RequestOut(Schema):
    id: int
    from_participant: int
    to_participant: int
    from_organisation: str
    to_organisation: str
    priority: str
    status: str
    added_by_organiser: bool


class RequestIn(Schema):
    to_participant: Id
    priority: ShortText


class AnswerIn(Schema):
    accept: bool


def _agenda(participant: Participant, meetings) -> dict:
    items = []
    for m in meetings:
        other = m.counterpart(participant.pk)
        items.append(
            {
                "meeting_id": m.pk,
                "slot": m.slot.code,
                "starts_at": m.slot.starts_at,
                "ends_at": m.slot.ends_at,
                "table": m.table,
                "status": m.status,
                "counterpart": {
                    "id": other.pk,
                    "organisation": other.organisation.name,
                    "profile_url": other.organisation.get_absolute_url(),
                },
            }
        )
    return {"participant_id": participant.pk, "organisation": participant.organisation.name, "meetings": items}


def _participant(request, pk: int) -> Participant:
    participant = get_object_or_404(Participant.objects.select_related("organisation", "wheel__event"), pk=pk)
    if not can_act_for_participant(request.user, participant):
        raise HttpError(403, "You cannot act for this participant.")
    return participant


@router.get("/{wheel_id}/agendas", response=list[AgendaOut])
@paginate(Pagination)
def wheel_agendas(request, wheel_id: Id):
    """Agendas of the wheel: every participant's for organisers, otherwise only the caller's own."""
    wheel = get_object_or_404(Wheel.objects.select_related("event"), pk=wheel_id)
    participants = wheel.participants.select_related("organisation").order_by("organisation__name")
    manager = can_manage_wheel(request.user, wheel)
    if not manager:
        from helix.network.permissions import acting_organisation_ids

        participants = participants.filter(organisation_id__in=acting_organisation_ids(request.user))
    agendas = all_agendas(wheel, published_only=not manager)
    return [_agenda(p, agendas.get(p.pk, [])) for p in participants]


@router.get("/participants/{participant_id}/agenda", response=AgendaOut)
def participant_agenda(request, participant_id: Id):
    participant = _participant(request, participant_id)
    from .queries import agenda_meetings

    return _agenda(
        participant, agenda_meetings(participant, published_only=not can_manage_wheel(request.user, participant.wheel))
    )


def _request_out(r: MeetingRequest) -> dict:
    return {
        "id": r.pk,
        "from_participant": r.from_participant_id,
        "to_participant": r.to_participant_id,
        "from_organisation": r.from_participant.organisation.name,
        "to_organisation": r.to_participant.organisation.name,
        "priority": r.priority,
        "status": r.status,
        "added_by_organiser": r.added_by_organiser,
    }


@router.get("/participants/{participant_id}/requests", response=list[RequestOut])
@paginate(Pagination)
def participant_requests(request, participant_id: Id):
    """Requests the participant sent or received."""
    participant = _participant(request, participant_id)
    from django.db.models import Q

    qs = (
        MeetingRequest.objects.filter(Q(from_participant=participant) | Q(to_participant=participant))
        .select_related("from_participant__organisation", "to_participant__organisation")
        .order_by("-created_at")
    )
    return [_request_out(r) for r in qs]


@router.post("/participants/{participant_id}/requests", response={201: RequestOut})
def create_request(request, participant_id: Id, payload: RequestIn):
    """Mark must meet / would like / no thanks for another participant of the same wheel."""
    participant = _participant(request, participant_id)
    target = get_object_or_404(
        Participant.objects.select_related("organisation"), pk=payload.to_participant, wheel=participant.wheel
    )
    try:
        r = requests_domain.mark(user=request.user, source=participant, target=target, priority=payload.priority)
    except ValidationError as exc:
        raise HttpError(400, " ".join(exc.messages)) from None
    r = MeetingRequest.objects.select_related("from_participant__organisation", "to_participant__organisation").get(
        pk=r.pk
    )
    return Status(201, _request_out(r))


@router.post("/requests/{request_id}/answer", response=RequestOut)
def answer_request(request, request_id: Id, payload: AnswerIn):
    """The invited participant accepts or declines."""
    r = get_object_or_404(MeetingRequest.objects.select_related("to_participant__wheel__event"), pk=request_id)
    try:
        r = requests_domain.answer(user=request.user, request=r, accept=payload.accept)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    except ValidationError as exc:
        raise HttpError(400, " ".join(exc.messages)) from None
    r = MeetingRequest.objects.select_related("from_participant__organisation", "to_participant__organisation").get(
        pk=r.pk
    )
    return _request_out(r)


# -- the journey: invitations of matched providers and direct meetings ------------------------
# Each handler only finds the records and calls the domain function the page calls; refusals are the
# domain's (PermissionDenied → 403, HelixError → 400, answered by `helix.api`).


class InvitationIn(Schema):
    match: Id
    wheel: Id


class InvitationOut(Schema):
    id: int
    wheel: int = Field(..., alias="wheel_id")
    match: int = Field(..., alias="match_id")
    organisation: int = Field(..., alias="organisation_id")
    inviter: int = Field(..., alias="inviter_id")
    participant: int | None = Field(None, alias="participant_id")
    status: str


class DirectMeetingIn(Schema):
    match: Id
    options: list[datetime] = Field(..., max_length=3)
    place: str = Field(..., max_length=300)
    minutes: Count = 45
    note: str = Field("", max_length=2000)


class OptionIn(Schema):
    option: Count = Field(..., description="the chosen proposed time, 1 to 3")


class DirectMeetingOut(Schema):
    id: int
    match: int = Field(..., alias="match_id")
    proposer: int = Field(..., alias="proposer_id")
    invitee: int = Field(..., alias="invitee_id")
    options: list[datetime]
    starts_at: datetime | None
    minutes: int
    place: str
    status: str


class OutcomeIn(Schema):
    outcome: ShortText
    note: LongText = ""


class DirectOutcomeOut(Schema):
    meeting: int = Field(..., alias="meeting_id")
    organisation: int = Field(..., alias="organisation_id")
    outcome: str
    note: str


@router.post("/invitations", response={201: InvitationOut})
def invite_provider(request, payload: InvitationIn):
    """The challenge's organisation invites a matched provider to a wheel (as "Invite" on the challenge page)."""
    match = get_object_or_404(
        Match.objects.select_related("challenge__organisation", "solution__provider"), pk=payload.match
    )
    wheel = get_object_or_404(Wheel.objects.select_related("event"), pk=payload.wheel)
    return Status(201, invitations.invite(actor=request.user, match=match, wheel=wheel))


def _invitation(invitation_id: Id) -> Invitation:
    return get_object_or_404(Invitation.objects.select_related("wheel", "organisation", "match"), pk=invitation_id)


@router.post("/invitations/{invitation_id}/accept", response=InvitationOut)
def accept_invitation(request, invitation_id: Id):
    invitation = _invitation(invitation_id)
    invitations.accept_invitation(actor=request.user, invitation=invitation)
    return _invitation(invitation_id)


@router.post("/invitations/{invitation_id}/decline", response=InvitationOut)
def decline_invitation(request, invitation_id: Id):
    return invitations.decline_invitation(actor=request.user, invitation=_invitation(invitation_id))


@router.post("/direct", response={201: DirectMeetingOut})
def propose_direct_meeting(request, payload: DirectMeetingIn):
    """One side of a match proposes up to three times for a one-to-one meeting."""
    match = get_object_or_404(
        Match.objects.select_related("challenge__organisation", "solution__provider"), pk=payload.match
    )
    meeting = direct.propose_direct_meeting(
        actor=request.user,
        match=match,
        # Like the page's form: a time without an offset is the local time.
        options=[timezone.make_aware(t) if timezone.is_naive(t) else t for t in payload.options],
        place=payload.place,
        minutes=payload.minutes,
        note=payload.note,
    )
    return Status(201, meeting)


def _direct(meeting_id: Id) -> DirectMeeting:
    return get_object_or_404(DirectMeeting.objects.select_related("match__challenge", "match__solution"), pk=meeting_id)


@router.post("/direct/{meeting_id}/accept", response=DirectMeetingOut)
def accept_direct_meeting(request, meeting_id: Id, payload: OptionIn):
    return direct.accept_direct_meeting(actor=request.user, meeting=_direct(meeting_id), option=payload.option)


@router.post("/direct/{meeting_id}/decline", response=DirectMeetingOut)
def decline_direct_meeting(request, meeting_id: Id):
    return direct.decline_direct_meeting(actor=request.user, meeting=_direct(meeting_id))


@router.post("/direct/{meeting_id}/outcome", response=DirectOutcomeOut)
def record_direct_outcome(request, meeting_id: Id, payload: OutcomeIn):
    """The caller's side records the held meeting's outcome; "agreement" records the directory agreement."""
    meeting = _direct(meeting_id)
    side = meeting.invitee if direct_meeting_side(request.user, meeting) == meeting.invitee_id else meeting.proposer
    return direct.record_direct_outcome(
        actor=request.user, meeting=meeting, organisation=side, outcome=payload.outcome, note=payload.note
    )
