"""Annotated querysets for the matching lists, pages and the pipeline board (constant query counts)."""

from django.db.models import Count, Prefetch, Q, QuerySet

from helix.core.text import fold
from helix.network.models import Topic

from .models import Challenge, Match, Outcome, PipelineEntry, PipelineEvent, Solution, Stage
from .permissions import challenge_visibility_q, solution_visibility_q

_TOPICS = Prefetch("topics", queryset=Topic.objects.order_by("position", "code"))
_LIVE_MATCH = Q(matches__state__in=[Match.State.SUGGESTED, Match.State.INTERESTED])


def challenges_for(
    user, *, region: int | None = None, topic: str | None = None, status: str | None = None, q: str = ""
) -> QuerySet[Challenge]:
    """Challenges `user` may see, filtered; each with `match_count` (live matches)."""
    qs = Challenge.objects.filter(challenge_visibility_q(user))
    if region:
        qs = qs.filter(region__code=region)
    if topic:
        qs = qs.filter(topics__code=topic)
    if status:
        qs = qs.filter(status=status)
    for word in fold(q).split():
        qs = qs.filter(search_text__contains=word)
    return (
        qs.select_related("organisation", "region", "commune")
        .prefetch_related(_TOPICS)
        .annotate(
            match_count=Count(
                "matches",
                filter=_LIVE_MATCH & Q(matches__solution__status=Solution.Status.PUBLISHED),
                distinct=True,
            )
        )
        .order_by("-created_at", "-pk")
    )


def solutions_for(
    user, *, region: int | None = None, topic: str | None = None, language: str | None = None, q: str = ""
) -> QuerySet[Solution]:
    qs = Solution.objects.filter(solution_visibility_q(user))
    if region:
        qs = qs.filter(Q(all_chile=True) | Q(regions__code=region))
    if topic:
        qs = qs.filter(topics__code=topic)
    if language:
        qs = qs.filter(language=language)
    for word in fold(q).split():
        qs = qs.filter(search_text__contains=word)
    return (
        qs.select_related("provider")
        .prefetch_related(_TOPICS, "regions")
        .annotate(
            match_count=Count(
                "matches",
                filter=_LIVE_MATCH & Q(matches__challenge__status__in=Challenge.MATCHABLE),
                distinct=True,
            )
        )
        .distinct()
        .order_by("-created_at", "-pk")
    )


def matches_for_challenge(challenge: Challenge, *, limit: int = 20) -> list[Match]:
    """Live matches of a challenge with published solutions, best first."""
    return list(
        Match.objects.filter(challenge=challenge, solution__status=Solution.Status.PUBLISHED)
        .exclude(state=Match.State.DISMISSED)
        .select_related("solution__provider")
        .prefetch_related(Prefetch("solution__regions"))
        .order_by("-score", "pk")[:limit]
    )


def matches_for_solution(solution: Solution, user, *, limit: int = 20) -> list[Match]:
    """Live matches of a solution with open challenges `user` may see, best first."""
    visible = Challenge.objects.filter(challenge_visibility_q(user)).values("pk")
    return list(
        Match.objects.filter(solution=solution, challenge__status__in=Challenge.MATCHABLE, challenge__in=visible)
        .exclude(state=Match.State.DISMISSED)
        .select_related("challenge__organisation", "challenge__region", "challenge__commune")
        .order_by("-score", "pk")[:limit]
    )


def board(challenge: Challenge) -> dict[str, list]:
    """Cards per stage: pipeline entries (with their history), plus untracked live matches as suggestions."""
    entries = list(
        PipelineEntry.objects.filter(challenge=challenge)
        .select_related("solution__provider")
        .prefetch_related(
            Prefetch("events", queryset=PipelineEvent.objects.select_related("actor").order_by("-created_at", "-pk"))
        )
        .order_by("-updated_at", "pk")
    )
    scores = dict(Match.objects.filter(challenge=challenge).values_list("solution_id", "score"))
    agreements = agreements_by_solution(challenge)
    columns: dict[str, list] = {stage: [] for stage in Stage.values}
    tracked = set()
    for entry in entries:
        entry.score = scores.get(entry.solution_id)
        entry.agreement = agreements.get(entry.solution_id)
        entry.history = list(entry.events.all())
        columns[entry.stage].append(entry)
        tracked.add(entry.solution_id)
    for match in matches_for_challenge(challenge):
        if match.solution_id not in tracked:
            card = PipelineEntry(challenge=challenge, solution=match.solution, stage=Stage.SUGGESTED)
            card.score, card.history, card.agreement = match.score, [], agreements.get(match.solution_id)
            columns[Stage.SUGGESTED].append(card)
    return columns


def agreements_by_solution(challenge: Challenge) -> dict[int, object]:
    """solution pk → the directory agreement recorded for the pair (read through its outcome), one query."""
    rows = (
        Outcome.objects.filter(challenge=challenge, kind=Outcome.Kind.AGREEMENT, agreement__isnull=False)
        .select_related("agreement")
        .order_by("pk")
    )
    return {row.solution_id: row.agreement for row in rows}


def challenge_agreements(challenge: Challenge) -> list:
    """The directory agreements reached on the challenge, with their parties (two queries)."""
    return list(challenge.agreements.prefetch_related("parties").order_by("-created_at", "-pk"))
