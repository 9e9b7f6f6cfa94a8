"""The only place the wheel reads the matching app:

- `suggestions(participant)`: counterpart participant pk → (score, match pk), best first, from the
  matcher's stored challenge–solution matches between the two organisations;
- `source_match_for(participant, target)`: the match behind a request, if the matcher suggested it;
- `push_outcome(outcome)`: moves the challenge pipeline entry of the meeting's source match forward;
- `offer_choices(organisation_id)` / `attach_links(participants)`: the organisation's challenges and
  solutions a participant links to its registration, and their titles and pages for display.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q, prefetch_related_objects

from helix.matching.domain.pipeline import move_pipeline
from helix.matching.models import Challenge, Match, PipelineEntry, Solution, Stage

from .models import MeetingOutcome, Participant


def suggestions(participant: Participant, *, limit: int = 50) -> dict[int, tuple[float, int]]:
    """Counterparts in the same wheel the matcher suggests for `participant` (score, match pk)."""
    org_to_participant = dict(
        participant.wheel.participants.exclude(pk=participant.pk).values_list("organisation_id", "pk")
    )
    if not org_to_participant:
        return {}
    own = participant.organisation_id
    rows = (
        Match.objects.exclude(state=Match.State.DISMISSED)
        .filter(
            Q(challenge__organisation_id=own, solution__provider_id__in=org_to_participant)
            | Q(solution__provider_id=own, challenge__organisation_id__in=org_to_participant)
        )
        .order_by("-score")
        .values_list("pk", "score", "challenge__organisation_id", "solution__provider_id")[: limit * 4]
    )
    result: dict[int, tuple[float, int]] = {}
    for pk, score, challenger, provider in rows:
        other = provider if challenger == own else challenger
        pid = org_to_participant.get(other)
        if pid is not None and pid not in result:
            result[pid] = (score, pk)
        if len(result) >= limit:
            break
    return result


def source_match_for(participant: Participant, target: Participant) -> Match | None:
    """The match behind a request from `participant` to `target`, if the matcher suggests that pair."""
    own, other = participant.organisation_id, target.organisation_id
    return (
        Match.objects.exclude(state=Match.State.DISMISSED)
        .filter(
            Q(challenge__organisation_id=own, solution__provider_id=other)
            | Q(solution__provider_id=own, challenge__organisation_id=other)
        )
        .order_by("-score", "pk")
        .first()
    )


# Wheel outcome → the pipeline stage it shows the pair has reached (never moved backwards).
STAGE_FOR_OUTCOME = {
    MeetingOutcome.Outcome.NO_INTEREST: Stage.MEETING,
    MeetingOutcome.Outcome.FOLLOW_UP: Stage.MEETING,
    MeetingOutcome.Outcome.PROPOSAL_REQUESTED: Stage.MEETING,
    MeetingOutcome.Outcome.PILOT: Stage.PILOT,
    MeetingOutcome.Outcome.AGREEMENT: Stage.PILOT,
}
# The forward path through the pipeline; "discarded" is off it.
STAGE_ORDER = [Stage.SUGGESTED, Stage.SHORTLISTED, Stage.CONTACTED, Stage.MEETING, Stage.PILOT, Stage.SOLVED]


def push_outcome(outcome: MeetingOutcome, *, actor) -> bool:
    """Move the pipeline entry of the meeting's source match forward to the outcome's stage, one allowed
    step at a time through matching's own `move_pipeline` (so its history, permissions and outcome
    records apply). True if the pipeline is at (or past) that stage afterwards."""
    request = outcome.meeting.request
    if request is None or request.source_match_id is None:
        return False
    match = Match.objects.select_related("challenge__organisation", "solution").get(pk=request.source_match_id)
    target = STAGE_FOR_OUTCOME[outcome.outcome]
    entry = PipelineEntry.objects.filter(challenge=match.challenge, solution=match.solution).first()
    stage = entry.stage if entry else Stage.SUGGESTED
    if stage not in STAGE_ORDER:  # discarded: the organisation decided; a meeting does not reopen it
        return False
    note = f"{outcome.meeting.wheel}: {outcome.get_outcome_display()}. {outcome.note}".strip()
    try:
        for step in STAGE_ORDER[STAGE_ORDER.index(stage) + 1 : STAGE_ORDER.index(target) + 1]:
            move_pipeline(actor=actor, challenge=match.challenge, solution=match.solution, to_stage=step, note=note)
    except (PermissionDenied, ValidationError):
        return False
    return True


@dataclass(frozen=True)
class Link:
    kind: str  # "challenge" | "solution"
    pk: int
    title: str
    url: str


def offer_choices(organisation_id: int) -> list[Link]:
    """The organisation's open challenges and published solutions (what it can link to a registration)."""
    challenges = Challenge.objects.filter(organisation_id=organisation_id).exclude(
        status__in=[Challenge.Status.DRAFT, Challenge.Status.CLOSED]
    )
    solutions = Solution.objects.filter(provider_id=organisation_id, status=Solution.Status.PUBLISHED)
    return [Link("challenge", c.pk, c.title, c.get_absolute_url()) for c in challenges.order_by("title")] + [
        Link("solution", s.pk, s.title, s.get_absolute_url()) for s in solutions.order_by("title")
    ]


def link_prefetches() -> list[Prefetch]:
    """Prefetches that make `attach_links` query-free on a participant queryset."""
    return [
        Prefetch("challenges", queryset=Challenge.objects.only("pk", "title").order_by("title")),
        Prefetch("solutions", queryset=Solution.objects.only("pk", "title").order_by("title")),
    ]


def attach_links(participants) -> None:
    """Set `participant.links` (a list of Link) on each participant, in two queries for the whole list."""
    participants = list(participants)
    if not participants:
        return

    prefetch_related_objects(participants, *link_prefetches())
    for p in participants:
        p.links = [Link("challenge", c.pk, c.title, c.get_absolute_url()) for c in p.challenges.all()] + [
            Link("solution", s.pk, s.title, s.get_absolute_url()) for s in p.solutions.all()
        ]
