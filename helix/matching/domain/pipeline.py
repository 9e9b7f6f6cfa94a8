"""Acting on matches (interest, dismissal) and moving pairs through a challenge's pipeline."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Challenge, Match, Outcome, PipelineEntry, PipelineEvent, Solution, Stage
from ..permissions import can_move_pipeline, match_sides

# Allowed moves: one step forward or back, discard from anywhere open, reopen a discarded pair.
TRANSITIONS: dict[str, frozenset[str]] = {
    Stage.SUGGESTED: frozenset({Stage.SHORTLISTED, Stage.DISCARDED}),
    Stage.SHORTLISTED: frozenset({Stage.SUGGESTED, Stage.CONTACTED, Stage.DISCARDED}),
    Stage.CONTACTED: frozenset({Stage.SHORTLISTED, Stage.MEETING, Stage.DISCARDED}),
    Stage.MEETING: frozenset({Stage.CONTACTED, Stage.PILOT, Stage.DISCARDED}),
    Stage.PILOT: frozenset({Stage.MEETING, Stage.SOLVED, Stage.DISCARDED}),
    Stage.SOLVED: frozenset({Stage.PILOT}),
    Stage.DISCARDED: frozenset({Stage.SUGGESTED}),
}
# Reaching these stages records an outcome (they feed the impact figures).
OUTCOME_FOR_STAGE = {Stage.PILOT: Outcome.Kind.PILOT, Stage.SOLVED: Outcome.Kind.SOLVED}


def allowed_moves(stage: str) -> list[str]:
    """Target stages from `stage`, in board order."""
    targets = TRANSITIONS[stage]
    return [s for s in Stage.values if s in targets]


def _entry_for_update(*, challenge: Challenge, solution: Solution) -> tuple[PipelineEntry, bool]:
    """Lock the pair's entry, creating it when absent (the unique constraint settles races)."""
    entry = PipelineEntry.objects.select_for_update().filter(challenge=challenge, solution=solution).first()
    if entry is not None:
        return entry, False
    try:
        with transaction.atomic():
            entry = PipelineEntry.objects.create(challenge=challenge, solution=solution)
    except IntegrityError:
        return PipelineEntry.objects.select_for_update().get(challenge=challenge, solution=solution), False
    return entry, True


def _record_outcome(*, entry: PipelineEntry, kind: str, actor) -> None:
    if Outcome.objects.filter(entry=entry, kind=kind).exists():
        return
    outcome = Outcome.objects.create(
        challenge_id=entry.challenge_id,
        solution_id=entry.solution_id,
        entry=entry,
        kind=kind,
        date=timezone.localdate(),
        recorded_by=actor if actor.is_authenticated else None,
    )
    outcome.organisations.set({entry.challenge.organisation_id, entry.solution.provider_id})


def move_pipeline(*, actor, challenge: Challenge, solution: Solution, to_stage: str, note: str = "") -> PipelineEntry:
    """Move the pair to `to_stage`, appending a PipelineEvent (who, from, to, when, note).

    Guarantees: only allowed transitions (TRANSITIONS) happen; a provider can only move its own
    pairs and never declares a challenge solved; the pair must be a match or already in the
    pipeline; reaching pilot/solved records an outcome; solving marks the challenge solved.
    Concurrent moves are serialised by a row lock, so the history never skips a stage.
    """
    if to_stage not in Stage.values:
        raise ValidationError({"to_stage": _("Unknown stage.")})
    if not can_move_pipeline(actor, challenge=challenge, solution=solution, to_stage=to_stage):
        raise PermissionDenied(_("You cannot move this card."))
    with transaction.atomic():
        is_match = Match.objects.filter(challenge=challenge, solution=solution).exists()
        if not is_match and not PipelineEntry.objects.filter(challenge=challenge, solution=solution).exists():
            raise ValidationError(_("This solution is not a match for this challenge."))
        entry, _created = _entry_for_update(challenge=challenge, solution=solution)
        from_stage = entry.stage
        if to_stage not in TRANSITIONS[from_stage]:
            raise ValidationError(
                _("A card cannot move from “%(from)s” to “%(to)s”.")
                % {"from": Stage(from_stage).label, "to": Stage(to_stage).label}
            )
        entry.stage = to_stage
        entry.save(update_fields=["stage", "updated_at"])
        PipelineEvent.objects.create(
            entry=entry,
            actor=actor if actor.is_authenticated else None,
            from_stage=from_stage,
            to_stage=to_stage,
            note=note,
        )
        if to_stage in OUTCOME_FOR_STAGE:
            _record_outcome(entry=entry, kind=OUTCOME_FOR_STAGE[to_stage], actor=actor)
        if to_stage == Stage.SOLVED and challenge.status != Challenge.Status.SOLVED:
            from .records import save_challenge

            save_challenge(
                actor=actor, organisation=challenge.organisation, challenge=challenge, status=Challenge.Status.SOLVED
            )
    return entry


def _side(actor, match: Match, side: str | None) -> str:
    sides = match_sides(actor, match)
    if not sides:
        raise PermissionDenied(_("Only the challenge's organisation or the provider can act on this match."))
    if side is None:
        return "challenge" if "challenge" in sides else "provider"
    if side not in sides:
        raise PermissionDenied(_("You cannot act for that side of the match."))
    return side


def express_interest(*, actor, match: Match, side: str | None = None) -> Match:
    """Record that one side is interested; the pair enters the pipeline (as suggested) if not there yet."""
    side = _side(actor, match, side)
    with transaction.atomic():
        match = Match.objects.select_for_update().select_related("challenge", "solution").get(pk=match.pk)
        if match.state == Match.State.DISMISSED:
            raise ValidationError(_("This match was dismissed."))
        if side == "challenge":
            match.interested_challenge_side = True
        else:
            match.interested_provider_side = True
        match.state = Match.State.INTERESTED
        match.save(update_fields=["interested_challenge_side", "interested_provider_side", "state"])
        entry, created = _entry_for_update(challenge=match.challenge, solution=match.solution)
        if created:
            PipelineEvent.objects.create(
                entry=entry,
                actor=actor,
                from_stage="",
                to_stage=entry.stage,
                note=str(_("Interest expressed by the challenge side"))
                if side == "challenge"
                else str(_("Interest expressed by the provider")),
            )
    return match


def dismiss_match(*, actor, match: Match, side: str | None = None, note: str = "") -> Match:
    """Dismiss a pair for good: it is excluded from every later ranking, and its list is refilled.

    An open pipeline entry for the pair is discarded (with an event saying who dismissed it).
    """
    _side(actor, match, side)
    from .matching import recompute_challenge, recompute_solution_list

    with transaction.atomic():
        match = Match.objects.select_for_update().select_related("challenge", "solution").get(pk=match.pk)
        if match.state == Match.State.DISMISSED:
            return match
        match.state = Match.State.DISMISSED
        match.dismissed_by = actor
        match.dismissed_at = timezone.now()
        match.rank = None
        match.solution_rank = None
        match.save(update_fields=["state", "dismissed_by", "dismissed_at", "rank", "solution_rank"])
        entry = (
            PipelineEntry.objects.select_for_update()
            .filter(challenge_id=match.challenge_id, solution_id=match.solution_id)
            .exclude(stage__in=[Stage.SOLVED, Stage.DISCARDED])
            .first()
        )
        if entry is not None:
            from_stage = entry.stage
            entry.stage = Stage.DISCARDED
            entry.save(update_fields=["stage", "updated_at"])
            PipelineEvent.objects.create(
                entry=entry, actor=actor, from_stage=from_stage, to_stage=Stage.DISCARDED, note=note
            )
        recompute_challenge(challenge_id=match.challenge_id)
        recompute_solution_list(solution_id=match.solution_id)
    return match
