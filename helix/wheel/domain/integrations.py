"""The only place the wheel reads the matching app:

- `suggestions(participant)`: counterpart participant pk → (score, match pk), best first, from the
  matcher's stored challenge–solution matches between the two organisations;
- `source_match_for(participant, target)`: the match behind a request, if the matcher suggested it;
- `push_outcome(outcome)`: moves the challenge pipeline entry of the meeting's source match forward,
  and records the directory agreement of an "agreement" outcome;
- `offer_choices(organisation_id)` / `attach_links(participants)`: the organisation's challenges and
  solutions a participant links to its registration, and their titles and pages for display.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, prefetch_related_objects

from helix.matching.domain.agreements import advance_pipeline, record_agreement
from helix.matching.models import Challenge, Match, Solution, Stage

from ..models import MeetingOutcome, Participant


def _matches_between(own: int, others: list[int]):
    """Live matches pairing organisation `own` with any of `others`, on either side."""
    return Match.objects.exclude(state=Match.State.DISMISSED).filter(
        Q(challenge__organisation_id=own, solution__provider_id__in=others)
        | Q(solution__provider_id=own, challenge__organisation_id__in=others)
    )


def suggestions(participant: Participant, *, limit: int = 50) -> dict[int, tuple[float, int]]:
    """Counterparts in the same wheel the matcher suggests for `participant` (score, match pk)."""
    org_to_participant = dict(
        participant.wheel.participants.exclude(pk=participant.pk).values_list("organisation_id", "pk")
    )
    if not org_to_participant:
        return {}
    own = participant.organisation_id
    rows = (
        _matches_between(own, list(org_to_participant))
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
    return _matches_between(participant.organisation_id, [target.organisation_id]).order_by("-score", "pk").first()


def attach_match_titles(participant: Participant, others) -> None:
    """Set `other.matched` on each of `others`: the titles of the challenges (the viewer's or theirs)
    on which the matcher paired the two organisations — one query for the whole list."""
    others = list(others)
    for other in others:
        other.matched = []
    by_org = {o.organisation_id: o for o in others}
    if not by_org:
        return
    own = participant.organisation_id
    rows = (
        _matches_between(own, list(by_org))
        .order_by("-score", "pk")
        .values_list("challenge__title", "challenge__organisation_id", "solution__provider_id")
    )
    for title, challenger, provider in rows[:500]:
        other = by_org.get(provider if challenger == own else challenger)
        if other is not None and title not in other.matched:
            other.matched.append(title)


# Wheel outcome → the pipeline stage it shows the pair has reached (never moved backwards).
STAGE_FOR_OUTCOME = {
    MeetingOutcome.Outcome.NO_INTEREST: Stage.MEETING,
    MeetingOutcome.Outcome.FOLLOW_UP: Stage.MEETING,
    MeetingOutcome.Outcome.PROPOSAL_REQUESTED: Stage.MEETING,
    MeetingOutcome.Outcome.PILOT: Stage.PILOT,
    MeetingOutcome.Outcome.AGREEMENT: Stage.PILOT,
}


def push_outcome(outcome: MeetingOutcome, *, actor) -> bool:
    """Carry a meeting's outcome into matching: the pipeline entry of the meeting's source match moves
    forward to the outcome's stage, and an "agreement" outcome records the directory agreement between
    the two organisations (`record_agreement`). True if the pipeline is at (or past) that stage."""
    meeting = outcome.meeting
    request = meeting.request
    match = request.source_match if request is not None else None
    note = f"{meeting.wheel}: {outcome.get_outcome_display()}. {outcome.note}".strip()
    pushed = False
    if match is not None:
        pushed = advance_pipeline(
            actor=actor,
            challenge=match.challenge,
            solution=match.solution,
            to_stage=STAGE_FOR_OUTCOME[outcome.outcome],
            note=note,
        )
    if outcome.outcome == MeetingOutcome.Outcome.AGREEMENT:
        parties = [meeting.a.organisation, meeting.b.organisation]
        with contextlib.suppress(PermissionDenied):  # an organiser recording for a side is not a party
            record_agreement(actor=actor, parties=parties, match=match, meeting=meeting, note=outcome.note)
    return pushed


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
