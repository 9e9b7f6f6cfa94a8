"""HTTP API for business wheels: agendas (own only; organisers all) and meeting requests."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from .domain import requests as requests_domain
from .models import MeetingRequest, Participant, Wheel
from .permissions import can_act_for_participant, can_manage_wheel
from .queries import all_agendas

router = Router(tags=["wheels"], auth=django_auth)


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
    to_participant: int
    priority: str


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


@router.get("/{int:wheel_id}/agendas", response=list[AgendaOut])
def wheel_agendas(request, wheel_id: int):
    """Agendas of the wheel: every participant's for organisers, otherwise only the caller's own."""
    wheel = get_object_or_404(Wheel.objects.select_related("event"), pk=wheel_id)
    participants = wheel.participants.select_related("organisation").order_by("organisation__name")
    manager = can_manage_wheel(request.user, wheel)
    if not manager:
        from helix.network.permissions import acting_organisation_ids

        participants = participants.filter(organisation_id__in=acting_organisation_ids(request.user))
    agendas = all_agendas(wheel, published_only=not manager)
    return [_agenda(p, agendas.get(p.pk, [])) for p in participants]


@router.get("/participants/{int:participant_id}/agenda", response=AgendaOut)
def participant_agenda(request, participant_id: int):
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


@router.get("/participants/{int:participant_id}/requests", response=list[RequestOut])
def participant_requests(request, participant_id: int):
    """Requests the participant sent or received."""
    participant = _participant(request, participant_id)
    from django.db.models import Q

    qs = (
        MeetingRequest.objects.filter(Q(from_participant=participant) | Q(to_participant=participant))
        .select_related("from_participant__organisation", "to_participant__organisation")
        .order_by("-created_at")
    )
    return [_request_out(r) for r in qs]


@router.post("/participants/{int:participant_id}/requests", response={201: RequestOut})
def create_request(request, participant_id: int, payload: RequestIn):
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


@router.post("/requests/{int:request_id}/answer", response=RequestOut)
def answer_request(request, request_id: int, payload: AnswerIn):
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
