"""The only place the wheel touches the matching app, which is optional: every entry point degrades to
"nothing to do" when `helix.matching.models` (or a model it needs) is not importable.

- `suggestions(participant)`: counterpart participant pk → (score, match pk), best first, from the
  matcher's stored challenge–solution matches between the two organisations;
- `push_outcome(outcome)`: moves the challenge pipeline entry of the meeting's source match forward;
- `offer_choices(organisation_id)` / `attach_links(participants)`: the organisation's challenges and
  solutions a participant links to its registration, and their titles and pages for display.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import MeetingOutcome, Participant


def _matching():
    try:
        from helix.matching import models
    except ImportError:
        return None
    if not all(hasattr(models, name) for name in ("Match", "PipelineEntry")):
        return None
    return models


def available() -> bool:
    return _matching() is not None


def suggestions(participant: Participant, *, limit: int = 50) -> dict[int, tuple[float, int]]:
    """Counterparts in the same wheel the matcher suggests for `participant` (score, match pk)."""
    models = _matching()
    if models is None:
        return {}
    from django.db.models import Q

    org_to_participant = dict(
        participant.wheel.participants.exclude(pk=participant.pk).values_list("organisation_id", "pk")
    )
    if not org_to_participant:
        return {}
    own = participant.organisation_id
    rows = (
        models.Match.objects.exclude(state="dismissed")
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


# Wheel outcome → the pipeline stage it shows the pair has reached (never moved backwards).
STAGE_FOR_OUTCOME = {
    MeetingOutcome.Outcome.NO_INTEREST: "meeting",
    MeetingOutcome.Outcome.FOLLOW_UP: "meeting",
    MeetingOutcome.Outcome.PROPOSAL_REQUESTED: "meeting",
    MeetingOutcome.Outcome.PILOT: "pilot",
    MeetingOutcome.Outcome.AGREEMENT: "pilot",
}
STAGE_ORDER = ["suggested", "shortlisted", "contacted", "meeting", "pilot", "solved"]


def push_outcome(outcome: MeetingOutcome, *, actor) -> bool:
    """Move the pipeline entry of the meeting's source match forward to the outcome's stage, one allowed
    step at a time through matching's own `move_pipeline` (so its history, permissions and outcome
    records apply). True if the pipeline is at (or past) that stage afterwards."""
    models = _matching()
    request = outcome.meeting.request
    if models is None or request is None or request.source_match_id is None:
        return False
    try:
        from helix.matching.domain.pipeline import move_pipeline
    except ImportError:
        return False
    from django.core.exceptions import PermissionDenied, ValidationError

    match = models.Match.objects.select_related("challenge", "solution").filter(pk=request.source_match_id).first()
    if match is None:
        return False
    target = STAGE_FOR_OUTCOME[outcome.outcome]
    entry = models.PipelineEntry.objects.filter(challenge=match.challenge, solution=match.solution).first()
    stage = entry.stage if entry else "suggested"
    if stage not in STAGE_ORDER:  # discarded: the organisation decided; a meeting does not reopen it
        return False
    note = f"{outcome.meeting.wheel}: {outcome.get_outcome_display()}. {outcome.note}".strip()
    try:
        for step in STAGE_ORDER[STAGE_ORDER.index(stage) + 1 : STAGE_ORDER.index(target) + 1]:
            move_pipeline(actor=actor, challenge=match.challenge, solution=match.solution, to_stage=step, note=note)
    except (PermissionDenied, ValidationError):
        return False
    return True


def source_match_for(participant: Participant, target: Participant) -> int | None:
    """The match behind a suggestion of `target` to `participant`, if the matcher suggested it."""
    found = suggestions(participant).get(target.pk)
    return found[1] if found else None


@dataclass(frozen=True)
class Link:
    kind: str  # "challenge" | "solution"
    pk: int
    title: str
    url: str


def offer_choices(organisation_id: int) -> list[Link]:
    """The organisation's open challenges and published solutions (what it can link to a registration)."""
    models = _matching()
    if models is None:
        return []
    challenges = models.Challenge.objects.filter(organisation_id=organisation_id).exclude(
        status__in=["draft", "closed"]
    )
    solutions = models.Solution.objects.filter(provider_id=organisation_id, status="published")
    return [Link("challenge", c.pk, c.title, c.get_absolute_url()) for c in challenges.order_by("title")] + [
        Link("solution", s.pk, s.title, s.get_absolute_url()) for s in solutions.order_by("title")
    ]


def attach_links(participants) -> None:
    """Set `participant.links` (a list of Link) on each participant, in two queries for the whole list."""
    participants = list(participants)
    for p in participants:
        p.links = []
    models = _matching()
    if models is None or not participants:
        return
    challenge_ids = {i for p in participants for i in p.challenge_ids}
    solution_ids = {i for p in participants for i in p.solution_ids}
    challenges = {c.pk: c for c in models.Challenge.objects.filter(pk__in=challenge_ids)} if challenge_ids else {}
    solutions = {s.pk: s for s in models.Solution.objects.filter(pk__in=solution_ids)} if solution_ids else {}
    for p in participants:
        p.links = [
            Link("challenge", i, challenges[i].title, challenges[i].get_absolute_url())
            for i in p.challenge_ids
            if i in challenges
        ] + [
            Link("solution", i, solutions[i].title, solutions[i].get_absolute_url())
            for i in p.solution_ids
            if i in solutions
        ]
