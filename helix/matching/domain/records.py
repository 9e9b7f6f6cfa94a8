"""Writing challenges and solutions. Each write bumps the index clock and refreshes the pair's matches."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from helix.core.text import fold
from helix.network.models import Organisation, Person, Topic
from helix.network.permissions import can_edit_organisation
from helix.territory.models import Commune, Region

from ..models import Challenge, IndexClock, Match, PipelineEntry, Solution

CHALLENGES = "challenges"
SOLUTIONS = "solutions"

CHALLENGE_FIELDS = (
    "title",
    "description",
    "commune",
    "region",
    "status",
    "visibility",
    "budget_min",
    "budget_max",
    "deadline",
)
SOLUTION_FIELDS = (
    "title",
    "description",
    "language",
    "all_chile",
    "maturity",
    "references",
    "contact",
    "status",
)


def bump_clock(name: str) -> int:
    """Increment the named index clock and return its new value.

    Must run inside the writer's transaction: the row lock is held until commit, which is what makes
    versions visible to other processes in increasing order.
    """
    IndexClock.objects.get_or_create(name=name)
    with transaction.atomic():  # a savepoint inside the writer's transaction, a transaction alone
        IndexClock.objects.filter(name=name).update(value=F("value") + 1)
        return IndexClock.objects.select_for_update().values_list("value", flat=True).get(name=name)


def clock_value(name: str) -> int:
    return IndexClock.objects.filter(name=name).values_list("value", flat=True).first() or 0


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied(_("You cannot act on behalf of this organisation."))


def _validate_challenge(challenge: Challenge) -> None:
    errors = {}
    if not (challenge.title or "").strip():
        errors["title"] = _("A title is required.")
    if not (challenge.description or "").strip():
        errors["description"] = _("Describe the challenge.")
    if (
        challenge.budget_min is not None
        and challenge.budget_max is not None
        and challenge.budget_max < challenge.budget_min
    ):
        errors["budget_max"] = _("The maximum budget cannot be lower than the minimum.")
    if errors:
        raise ValidationError(errors)


def _validate_solution(solution: Solution) -> None:
    errors = {}
    if not (solution.title or "").strip():
        errors["title"] = _("A title is required.")
    if not (solution.description or "").strip():
        errors["description"] = _("Describe the solution.")
    if solution.contact_id and not solution.contact.memberships.filter(organisation_id=solution.provider_id).exists():
        errors["contact"] = _("The contact person must belong to the provider organisation.")
    if errors:
        raise ValidationError(errors)


def _apply(instance, values: dict, allowed: tuple[str, ...]) -> list[str]:
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def save_challenge(
    *,
    actor,
    organisation: Organisation,
    challenge: Challenge | None = None,
    topics: Iterable[Topic] | None = None,
    recompute: bool = True,
    **values,
) -> Challenge:
    """Create (challenge=None) or update a challenge on behalf of `organisation`.

    Guarantees: the actor may edit the organisation (and the challenge's current organisation); the
    region follows the commune; the budget range is consistent; the challenge's matches are
    recomputed when it is matchable (or cleared when it no longer is) — only this challenge's —
    without waiting for the embedding model: a new text's vector is computed by a background task
    (`tasks.refresh_embedding`, after commit) that re-ranks the challenge again.
    Raises PermissionDenied or ValidationError; nothing is written then.
    """
    _require(can_edit_organisation(actor, organisation))
    if challenge is not None:
        _require(can_edit_organisation(actor, challenge.organisation_id))
    creating = challenge is None
    with transaction.atomic():
        if creating:
            challenge = Challenge(organisation=organisation, created_by=actor if actor.is_authenticated else None)
        else:
            challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
            challenge.organisation = organisation
        _apply(challenge, values, CHALLENGE_FIELDS)
        commune: Commune | None = challenge.commune
        if commune is not None:
            challenge.region_id = commune.region_id
        _validate_challenge(challenge)
        challenge.search_text = fold(f"{challenge.title} {challenge.description}")
        challenge.index_version = bump_clock(CHALLENGES)
        challenge.save()
        if topics is not None:
            challenge.topics.set(topics)
        if recompute:
            _rerank(challenge)
    return challenge


def _rerank(record: Challenge | Solution) -> None:
    """After a save: re-rank the record's matches now; its text embedding is computed afterwards
    (`tasks.refresh_embedding`), which re-ranks again."""
    from .embeddings import schedule_embedding
    from .matching import recompute_challenge, recompute_solution

    if isinstance(record, Challenge):
        recompute_challenge(challenge_id=record.pk)
    else:
        recompute_solution(solution_id=record.pk)
    schedule_embedding(record=record)


def set_challenge_status(*, challenge: Challenge, status: str) -> Challenge:
    """Change only the status (the caller checked who may): bumps the index clock and re-ranks the
    challenge, since the status decides whether it is matched."""
    from .matching import recompute_challenge

    with transaction.atomic():
        locked = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if locked.status == status:
            return locked
        locked.status = status
        locked.index_version = bump_clock(CHALLENGES)
        locked.save(update_fields=["status", "index_version", "updated_at"])
        recompute_challenge(challenge_id=locked.pk)
    challenge.status = status
    return locked


def save_solution(
    *,
    actor,
    provider: Organisation,
    solution: Solution | None = None,
    topics: Iterable[Topic] | None = None,
    regions: Iterable[Region] | None = None,
    recompute: bool = True,
    **values,
) -> Solution:
    """Create or update a solution; only the provider's representatives (or staff) may.

    Guarantees: the contact person belongs to the provider; the process index is caught up and the
    matches of the challenges this solution may enter or leave are recomputed (not all of them);
    a new text's embedding is computed afterwards by `tasks.refresh_embedding`, which re-ranks again.
    """
    _require(can_edit_organisation(actor, provider))
    if solution is not None:
        _require(can_edit_organisation(actor, solution.provider_id))
    with transaction.atomic():
        if solution is None:
            solution = Solution(provider=provider, created_by=actor if actor.is_authenticated else None)
        else:
            solution = Solution.objects.select_for_update().get(pk=solution.pk)
            solution.provider = provider
        contact: Person | None = values.get("contact", solution.contact if solution.contact_id else None)
        values["contact"] = contact
        _apply(solution, values, SOLUTION_FIELDS)
        _validate_solution(solution)
        solution.search_text = fold(f"{solution.title} {solution.description}")
        solution.index_version = bump_clock(SOLUTIONS)
        solution.save()
        if topics is not None:
            solution.topics.set(topics)
        if regions is not None:
            solution.regions.set(regions)
        if recompute:
            _rerank(solution)
    return solution


def delete_challenge(*, actor, challenge: Challenge) -> None:
    """Delete a challenge that has no recorded outcome; other processes notice through the clock."""
    _require(can_edit_organisation(actor, challenge.organisation_id))
    with transaction.atomic():
        bump_clock(CHALLENGES)
        PipelineEntry.objects.filter(challenge=challenge).delete()
        Match.objects.filter(challenge=challenge).delete()
        challenge.delete()


def delete_solution(*, actor, solution: Solution) -> None:
    _require(can_edit_organisation(actor, solution.provider_id))
    with transaction.atomic():
        bump_clock(SOLUTIONS)
        challenge_ids = list(
            Match.objects.filter(solution=solution, rank__isnull=False).values_list("challenge_id", flat=True)
        )
        PipelineEntry.objects.filter(solution=solution).delete()
        Match.objects.filter(solution=solution).delete()
        solution.delete()
        from .matching import recompute_challenge

        for challenge_id in challenge_ids:
            recompute_challenge(challenge_id=challenge_id)
