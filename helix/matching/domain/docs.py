"""Turning challenge and solution rows into the matcher's plain documents."""

from django.db.models import Prefetch, QuerySet

from helix.network.models import Topic

from ..engine import Doc
from ..models import Challenge, Solution

_TOPICS = Prefetch("topics", queryset=Topic.objects.only("id", "code"))

# Document ids are namespaced: the engine never returns the query's own id, and a challenge and a
# solution may share a primary key.
CHALLENGE_PREFIX = "c"
SOLUTION_PREFIX = "s"


def challenge_key(pk: int) -> str:
    return f"{CHALLENGE_PREFIX}{pk}"


def solution_key(pk: int) -> str:
    return f"{SOLUTION_PREFIX}{pk}"


def pk_of(doc_id: str) -> int:
    return int(doc_id[1:])


def matchable_challenges() -> QuerySet[Challenge]:
    """Challenges that take part in matching, with what `challenge_doc` needs (3 queries in total)."""
    return (
        Challenge.objects.filter(status__in=Challenge.MATCHABLE)
        .select_related("region", "commune")
        .prefetch_related(_TOPICS)
        .order_by("pk")
    )


def matchable_solutions() -> QuerySet[Solution]:
    return (
        Solution.objects.filter(status=Solution.Status.PUBLISHED)
        .select_related("provider")
        .prefetch_related(_TOPICS, "regions")
        .order_by("pk")
    )


def challenge_doc(challenge: Challenge) -> Doc:
    """A challenge as a matcher document: its region (from the commune) or None (unknown: all Chile)."""
    regions = frozenset({challenge.region.code}) if challenge.region_id else None
    extra = challenge.commune.name if challenge.commune_id else ""
    return Doc(
        id=challenge_key(challenge.pk),
        title=challenge.title,
        description=challenge.description,
        regions=regions,
        tags=frozenset(t.code for t in challenge.topics.all()),
        extra=extra,
    )


def solution_doc(solution: Solution) -> Doc:
    """A solution as a matcher document: all_chile (or no region given) means it delivers everywhere."""
    codes = frozenset(r.code for r in solution.regions.all())
    regions = None if solution.all_chile or not codes else codes
    return Doc(
        id=solution_key(solution.pk),
        title=solution.title,
        description=solution.description,
        regions=regions,
        tags=frozenset(t.code for t in solution.topics.all()),
        extra=solution.references,
    )


def region_fit(challenge: Doc, solution: Doc) -> bool:
    """True when the provider can deliver where the challenge is (unknown regions fit everywhere)."""
    if challenge.regions is None or solution.regions is None:
        return True
    return bool(challenge.regions & solution.regions)
