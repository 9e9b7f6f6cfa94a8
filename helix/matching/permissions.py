"""Who may see and act on challenges, solutions, matches and pipelines. Checks only, no writes."""

from django.db.models import Q

from helix.network.permissions import acting_organisation_ids, can_edit_organisation

from .models import Challenge, Match, PipelineEntry, Solution, Stage


def _is_staff(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_staff)


def challenge_visibility_q(user) -> Q:
    """Filter for the challenges `user` may see.

    Staff see everything. Others see public, non-draft challenges, plus every challenge of the
    organisations they represent (drafts and staff-only ones included: they are the owners).
    """
    if _is_staff(user):
        return Q()
    q = Q(visibility=Challenge.Visibility.PUBLIC) & ~Q(status=Challenge.Status.DRAFT)
    own = acting_organisation_ids(user)
    if own:
        q |= Q(organisation_id__in=own)
    return q


def solution_visibility_q(user) -> Q:
    """Published solutions for everyone; drafts and archived ones only for their provider and staff."""
    if _is_staff(user):
        return Q()
    q = Q(status=Solution.Status.PUBLISHED)
    own = acting_organisation_ids(user)
    if own:
        q |= Q(provider_id__in=own)
    return q


def can_view_challenge(user, challenge: Challenge) -> bool:
    if _is_staff(user):
        return True
    if challenge.organisation_id in acting_organisation_ids(user):
        return True
    return challenge.visibility == Challenge.Visibility.PUBLIC and challenge.status != Challenge.Status.DRAFT


def can_view_solution(user, solution: Solution) -> bool:
    if _is_staff(user) or solution.status == Solution.Status.PUBLISHED:
        return True
    return solution.provider_id in acting_organisation_ids(user)


def can_create_challenge(user) -> bool:
    """Staff (on anyone's behalf) or anybody who represents at least one organisation."""
    return _is_staff(user) or bool(acting_organisation_ids(user))


def can_edit_challenge(user, challenge: Challenge) -> bool:
    return can_edit_organisation(user, challenge.organisation_id)


def can_create_solution(user) -> bool:
    return _is_staff(user) or bool(acting_organisation_ids(user))


def can_edit_solution(user, solution: Solution) -> bool:
    """Only the provider's representatives (and staff) edit a solution."""
    return can_edit_organisation(user, solution.provider_id)


def match_sides(user, match: Match) -> set[str]:
    """The sides ('challenge', 'provider') on whose behalf `user` may act on this match."""
    sides = set()
    if can_edit_organisation(user, match.challenge.organisation_id):
        sides.add("challenge")
    if can_edit_organisation(user, match.solution.provider_id):
        sides.add("provider")
    return sides


def can_view_board(user, challenge: Challenge) -> bool:
    """The pipeline board is a staff back-office tool."""
    return _is_staff(user)


def can_move_pipeline(user, *, challenge: Challenge, solution: Solution, to_stage: str) -> bool:
    """Staff move any card; each party (challenge owner, provider) moves only pairs it belongs to.

    Reopening a discarded pair and declaring a challenge solved are the challenge side's (or staff's)
    decision; a provider cannot do either.
    """
    if _is_staff(user):
        return True
    owns_challenge = can_edit_organisation(user, challenge.organisation_id)
    owns_solution = can_edit_organisation(user, solution.provider_id)
    if not (owns_challenge or owns_solution):
        return False
    return owns_challenge or to_stage not in (Stage.SOLVED, Stage.SUGGESTED)


def can_see_pipeline_entry(user, entry: PipelineEntry) -> bool:
    if _is_staff(user):
        return True
    own = acting_organisation_ids(user)
    return entry.challenge.organisation_id in own or entry.solution.provider_id in own


def can_record_agreement(user, party_ids) -> bool:
    """Staff, or a representative of one of the parties."""
    if _is_staff(user):
        return True
    return bool(set(party_ids) & acting_organisation_ids(user))


def can_mark_challenge_solved(user, challenge: Challenge) -> bool:
    """Declaring a challenge solved is its organisation's decision (or staff's)."""
    return can_edit_challenge(user, challenge) and challenge.status not in (
        Challenge.Status.DRAFT,
        Challenge.Status.SOLVED,
        Challenge.Status.CLOSED,
    )
