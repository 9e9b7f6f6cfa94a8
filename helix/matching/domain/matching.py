"""Computing and persisting matches: one challenge, one solution, or everything (with progress)."""

from collections.abc import Callable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from helix.notifications.domain import notify_organisation
from helix.notifications.models import Kind

from ..models import Challenge, Match, Solution
from .docs import challenge_doc, challenge_key, pk_of, region_fit, solution_doc, solution_key
from .index import challenges_index, solutions_index

# Length of the ranked lists kept per challenge and per solution.
TOP = 10
# How many of a solution's best challenges are re-ranked when the solution changes.
AFFECTED = 20


def _dismissed_solutions(challenge_id: int) -> set[int]:
    return set(
        Match.objects.filter(challenge_id=challenge_id, state=Match.State.DISMISSED).values_list(
            "solution_id", flat=True
        )
    )


def _dismissed_challenges(solution_id: int) -> set[int]:
    return set(
        Match.objects.filter(solution_id=solution_id, state=Match.State.DISMISSED).values_list(
            "challenge_id", flat=True
        )
    )


def recompute_challenge(*, challenge_id: int, refresh: bool = True) -> int:
    """Rewrite the challenge's ranked solutions; returns how many ranked rows it has now.

    Guarantees: dismissed pairs are excluded and kept; pairs that drop out of the list lose their
    rank and are deleted unless someone acted on them or they rank in the solution's own list;
    nothing else is recomputed.
    """
    matcher = solutions_index.fresh() if refresh else solutions_index.matcher
    now = timezone.now()
    with transaction.atomic():
        challenge = (
            Challenge.objects.select_for_update(of=("self",))
            .select_related("region", "commune")
            .prefetch_related("topics")
            .filter(pk=challenge_id)
            .first()
        )
        if challenge is None:
            return 0
        existing = {
            m.solution_id: m for m in Match.objects.select_for_update().filter(challenge_id=challenge_id).order_by("pk")
        }
        results = []
        doc = None
        if challenge.is_matchable and matcher is not None and len(matcher):
            doc = challenge_doc(challenge)
            exclude = tuple(solution_key(pk) for pk in _dismissed_solutions(challenge_id))
            results = matcher.query(doc, top=TOP, exclude=exclude)
        ranked = _ranking(results, doc, side="challenge", now=now)
        _write(existing, ranked, side="challenge", make=lambda sid: Match(challenge_id=challenge_id, solution_id=sid))
        _notify_new(challenge, challenge.organisation_id, existing, ranked, message="challenge_matches")
    return len(ranked)


def recompute_solution_list(*, solution_id: int, refresh: bool = True) -> list[int]:
    """Rewrite the solution's own ranked open challenges; returns their ids, best first."""
    matcher = challenges_index.fresh() if refresh else challenges_index.matcher
    now = timezone.now()
    with transaction.atomic():
        solution = (
            Solution.objects.select_for_update().prefetch_related("topics", "regions").filter(pk=solution_id).first()
        )
        if solution is None:
            return []
        existing = {
            m.challenge_id: m for m in Match.objects.select_for_update().filter(solution_id=solution_id).order_by("pk")
        }
        results = []
        doc = None
        if solution.is_published and matcher is not None and len(matcher):
            doc = solution_doc(solution)
            exclude = tuple(challenge_key(pk) for pk in _dismissed_challenges(solution_id))
            results = matcher.query(doc, top=max(TOP, AFFECTED), exclude=exclude)
        ranked = _ranking(results[:TOP], doc, side="solution", now=now)
        _write(existing, ranked, side="solution", make=lambda cid: Match(challenge_id=cid, solution_id=solution_id))
        _notify_new(solution, solution.provider_id, existing, ranked, message="solution_matches")
    return [pk_of(r.id) for r in results]


def _ranking(results, doc, *, side: str, now) -> dict[int, dict]:
    """One side's ranked list as pair values by the other record's pk, best first.

    `side` is the record whose list this is: a challenge ranks solutions (``rank``), a solution
    ranks challenges (``solution_rank``); the region fit always reads challenge → solution.
    """
    index = solutions_index if side == "challenge" else challenges_index
    rank_field = "rank" if side == "challenge" else "solution_rank"
    ranked = {}
    for position, result in enumerate(results, start=1):
        other = index.doc(result.id)
        if other is None:
            fit = True
        else:
            fit = region_fit(doc, other) if side == "challenge" else region_fit(other, doc)
        ranked[pk_of(result.id)] = {
            "score": float(result.score),
            "why": [r.as_dict() for r in result.reasons],
            rank_field: position,
            "region_fit": fit,
            "computed_at": now,
        }
    return ranked


def _notify_new(record, organisation_id, existing: dict, ranked: dict, *, message: str) -> None:
    """New matches: tell the record's organisation (notifications, issue 12 §2)."""
    if organisation_id and any(other_id not in existing for other_id in ranked):
        notify_organisation(
            organisation_id,
            Kind.MATCH,
            record,
            message=message,
            url=record.get_absolute_url(),
            params={"title": record.title},
        )


def _write(existing: dict[int, Match], ranked: dict[int, dict], *, side: str, make: Callable[[int], Match]) -> None:
    """Apply one side's ranking to the pair rows of one record (locked by the caller)."""
    create, update = _rank_pairs(existing, ranked, side=side, make=make)
    delete = _unrank_dropped(existing, ranked, side=side, update=update)
    if create:
        Match.objects.bulk_create(create)
    if update:
        Match.objects.bulk_update(update, ["score", "why", "rank", "solution_rank", "region_fit", "computed_at"])
    if delete:
        Match.objects.filter(pk__in=delete).delete()


def _rank_pairs(
    existing: dict[int, Match], ranked: dict[int, dict], *, side: str, make: Callable[[int], Match]
) -> tuple[list[Match], list[Match]]:
    """The pairs to create and to update for the ranked records (dismissed pairs stay untouched)."""
    now = timezone.now()
    create, update = [], []
    for other_id, values in ranked.items():
        match = existing.get(other_id)
        if match is None:
            match = make(other_id)
            for name, value in values.items():
                setattr(match, name, value)
            create.append(match)
            continue
        if match.state == Match.State.DISMISSED:
            continue
        if side == "solution" and match.rank is not None:
            # The challenge's own ranking owns the score; only record the solution-side position.
            values = {"solution_rank": values["solution_rank"]}
        # Only rows whose ranking changed are written (most rows of a re-ranked list do not move).
        changed = {
            name: value for name, value in values.items() if name != "computed_at" and getattr(match, name) != value
        }
        if changed:
            for name, value in changed.items():
                setattr(match, name, value)
            match.computed_at = now
            update.append(match)
    return create, update


def _unrank_dropped(
    existing: dict[int, Match], ranked: dict[int, dict], *, side: str, update: list[Match]
) -> list[int]:
    """Clear this side's rank on pairs that left the list; returns the pks of pairs to delete.

    Pairs that keep a rank are appended to `update`.
    """
    rank_field = "rank" if side == "challenge" else "solution_rank"
    other_rank = "solution_rank" if side == "challenge" else "rank"
    delete = []
    for other_id, match in existing.items():
        if other_id in ranked or getattr(match, rank_field) is None:
            continue
        setattr(match, rank_field, None)
        # Pairs someone acted on (interest) stay; the pipeline keeps its own rows either way.
        if getattr(match, other_rank) is None and match.state == Match.State.SUGGESTED:
            delete.append(match.pk)
        else:
            update.append(match)
    return delete


def recompute_solution(*, solution_id: int) -> set[int]:
    """After a solution changed: re-rank the challenges it may enter or leave, then its own list.

    The affected challenges are those that currently rank it and its best-matching open challenges
    (up to AFFECTED); every other challenge's list is left alone. Returns the re-ranked challenge ids.
    """
    solutions_index.fresh()
    currently = set(
        Match.objects.filter(solution_id=solution_id, rank__isnull=False).values_list("challenge_id", flat=True)
    )
    best = recompute_solution_list(solution_id=solution_id)
    affected = currently | set(best[:AFFECTED])
    for challenge_id in sorted(affected):
        recompute_challenge(challenge_id=challenge_id, refresh=False)
    return affected


def stale_pairs() -> Q:
    """Pairs that no ranking holds any more and nobody acted on (safe to delete)."""
    return Q(rank__isnull=True, solution_rank__isnull=True, state=Match.State.SUGGESTED)
