"""Meeting requests: marking, answering, organiser edits, and the weights the scheduler optimises.

Weights (documented for organisers): for an unordered pair, each side's interest is *must* (2),
*like* (1) or none; a side that accepted the other's request counts at least as *like*.
- both must → 4, one must → 3, both like → 2, one like → 1;
- *no thanks* from either side, or a declined request → the pair is never scheduled.
In participants-confirm mode a pair is scheduled only once a request is accepted, or when both sides
asked for each other (then nobody needs to answer). In organiser-scheduled mode every request counts.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from helix.core.errors import HelixError
from helix.notifications.domain import notify_organisation
from helix.notifications.models import Kind

from ..models import Meeting, MeetingOutcome, MeetingRequest, Participant, Side, Wheel
from ..permissions import can_act_for_participant, can_answer_request, can_manage_wheel
from .integrations import source_match_for

Priority = MeetingRequest.Priority
Status = MeetingRequest.Status

INTEREST = {Priority.MUST: 2, Priority.LIKE: 1}
WEIGHTS = {(2, 2): 4, (2, 1): 3, (2, 0): 3, (1, 1): 2, (1, 0): 1}


def check_pair_allowed(*, wheel: Wheel, a: Participant, b: Participant) -> None:
    """ValidationError unless a and b are distinct participants of `wheel` who may meet."""
    if a.pk == b.pk:
        raise ValidationError(_("A participant cannot meet itself."))
    if a.wheel_id != wheel.pk or b.wheel_id != wheel.pk:
        raise ValidationError(_("Both participants must belong to this wheel."))
    if wheel.audience == Wheel.Audience.BUYERS_SUPPLIERS and Side.ANY not in (a.side, b.side) and a.side == b.side:
        raise ValidationError(
            _("In this wheel buyers meet suppliers; %(a)s and %(b)s are on the same side.") % {"a": a, "b": b}
        )


def pair_has_met(request: MeetingRequest) -> bool:
    """True when the two participants of `request` had a meeting that took place (held, walk-in, or
    with an outcome recorded): from then on the request is history and cannot be undone."""
    a, b = sorted((request.from_participant_id, request.to_participant_id))
    meetings = Meeting.objects.filter(wheel_id=request.wheel_id, a_id=a, b_id=b)
    return (
        meetings.filter(status__in=[Meeting.Status.HELD, Meeting.Status.WALK_IN]).exists()
        or MeetingOutcome.objects.filter(meeting__in=meetings).exists()
    )


def _check_not_met(request: MeetingRequest) -> None:
    if pair_has_met(request):
        raise HelixError(
            _("This meeting already took place; its request can no longer be declined or withdrawn."),
            code="meeting_held",
        )


def mark(*, user, source: Participant, target: Participant, priority: str) -> MeetingRequest:
    """Record `source`'s wish about meeting `target` (must / like / no thanks); one row per direction.

    Re-marking changes the priority; a previously declined request is re-opened only by the recipient.
    When the matcher suggested the pair, the request remembers that match (its meeting's outcome moves
    the challenge's pipeline) — whichever entry point (web, API, import) made the request.
    """
    if not can_act_for_participant(user, source):
        raise PermissionDenied(_("You cannot act for this participant."))
    if priority not in Priority.values:
        raise HelixError(_("Unknown priority."), code="invalid_priority")
    check_pair_allowed(wheel=source.wheel, a=source, b=target)
    match = source_match_for(source, target)
    with transaction.atomic():
        request, created = MeetingRequest.objects.select_for_update().get_or_create(
            from_participant=source,
            to_participant=target,
            defaults={"wheel": source.wheel, "priority": priority, "source_match": match},
        )
        if not created:
            if priority == Priority.NO_THANKS and request.priority != Priority.NO_THANKS:
                _check_not_met(request)
            request.priority = priority
            request.source_match = match or request.source_match
            request.save(update_fields=["priority", "source_match"])
        elif priority != Priority.NO_THANKS:
            _notify_request(request, source=source, target=target, user=user)
    return request


def _notify_request(request: MeetingRequest, *, source: Participant, target: Participant, user) -> None:
    """Tell the asked organisation someone wants to meet it (notifications, issue 12 §2)."""
    notify_organisation(
        target.organisation_id,
        Kind.MEETING_REQUEST,
        request,
        message="wheel_request",
        url=reverse("wheel:requests", args=[target.pk]),
        params={"organisation": source.organisation.name, "wheel": source.wheel.name},
        exclude_user=user,
    )


def withdraw(*, user, request: MeetingRequest) -> None:
    """The sender takes its request back (not once the two have met)."""
    if not can_act_for_participant(user, request.from_participant):
        raise PermissionDenied(_("You cannot act for this participant."))
    _check_not_met(request)
    request.delete()


def check_can_answer(user, request: MeetingRequest) -> None:
    if not can_answer_request(user, request):
        raise PermissionDenied(_("Only the invited participant can answer this request."))
    if request.priority == Priority.NO_THANKS:
        raise HelixError(_("There is nothing to answer in a “no thanks”."), code="nothing_to_answer")


def answer(*, user, request: MeetingRequest, accept: bool) -> MeetingRequest:
    """The invited participant accepts or declines. Locks the row so two answers serialise.

    A request whose meeting took place (or has an outcome) cannot be declined: the records would
    contradict each other."""
    check_can_answer(user, request)
    with transaction.atomic():
        locked = MeetingRequest.objects.select_for_update().get(pk=request.pk)
        if not accept:
            _check_not_met(locked)
        locked.status = Status.ACCEPTED if accept else Status.DECLINED
        locked.answered_at = timezone.now()
        locked.save(update_fields=["status", "answered_at"])
    return locked


def organiser_add(
    *,
    user,
    wheel: Wheel,
    a: Participant,
    b: Participant,
    priority: str = Priority.MUST,
) -> MeetingRequest:
    """An organiser adds (or upgrades) a request; it counts as accepted (and, like `mark`, remembers
    the matcher's suggestion behind the pair)."""
    if not can_manage_wheel(user, wheel):
        raise PermissionDenied(_("Only organisers can add requests."))
    check_pair_allowed(wheel=wheel, a=a, b=b)
    match = source_match_for(a, b)
    with transaction.atomic():
        request, _created = MeetingRequest.objects.select_for_update().update_or_create(
            from_participant=a,
            to_participant=b,
            defaults={
                "wheel": wheel,
                "priority": priority,
                "status": Status.ACCEPTED,
                "added_by_organiser": True,
                "source_match": match,
            },
        )
    return request


def organiser_remove(*, user, request: MeetingRequest) -> None:
    if not can_manage_wheel(user, request.wheel):
        raise PermissionDenied(_("Only organisers can remove requests."))
    _check_not_met(request)
    request.delete()


@dataclass(frozen=True)
class PairWeight:
    a: int  # participant pk, a < b
    b: int
    weight: int
    request_id: int  # the request a meeting for this pair is attributed to


def pair_weights(*, wheel: Wheel, requests=None) -> dict[tuple[int, int], PairWeight]:
    """Schedulable pairs of `wheel` with their weights (see the module docstring)."""
    rows = (
        requests
        if requests is not None
        else wheel.requests.values(
            "id", "from_participant_id", "to_participant_id", "priority", "status", "added_by_organiser"
        )
    )
    by_pair: dict[tuple[int, int], dict[int, dict]] = {}
    for row in rows:
        x, y = row["from_participant_id"], row["to_participant_id"]
        by_pair.setdefault((min(x, y), max(x, y)), {})[x] = row
    result = {}
    confirm = wheel.mode == Wheel.Mode.CONFIRM
    for (a, b), sides in by_pair.items():
        reqs = list(sides.values())
        if any(r["priority"] == Priority.NO_THANKS or r["status"] == Status.DECLINED for r in reqs):
            continue
        accepted = [r for r in reqs if r["status"] == Status.ACCEPTED or r["added_by_organiser"]]
        if confirm and not accepted and len(reqs) < 2:
            continue
        interest = {a: 0, b: 0}
        for r in reqs:
            sender, receiver = r["from_participant_id"], r["to_participant_id"]
            interest[sender] = max(interest[sender], INTEREST[r["priority"]])
            if r in accepted:
                interest[receiver] = max(interest[receiver], 1)
        high, low = sorted(interest.values(), reverse=True)
        main = max(reqs, key=lambda r: (INTEREST[r["priority"]], -r["id"]))
        result[(a, b)] = PairWeight(a=a, b=b, weight=WEIGHTS[(high, low)], request_id=main["id"])
    return result
