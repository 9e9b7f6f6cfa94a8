"""Agreements reached on a challenge: the directory agreement is the one record of truth.

`record_agreement` is called by every place an agreement is reached — a business-wheel meeting's
"agreement" outcome, a direct meeting, the staff pipeline board — and guarantees the same result:
one directory agreement between the two organisations, "pending confirmation", linked to the
challenge, the match and the meeting; the pair's pipeline at "pilot / agreement" with an outcome
pointing at that agreement; the challenge in "pilot / agreement"; the match kept (both sides
interested) so later re-rankings never drop it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helix.core import mail
from helix.network.domain import propose_agreement
from helix.network.models import Agreement, Organisation
from helix.network.queries import representative_emails

from ..models import Challenge, Match, Outcome, PipelineEntry, Solution, Stage
from ..permissions import can_mark_challenge_solved, can_record_agreement
from .pipeline import move_pipeline
from .records import set_challenge_status

# The forward path through the pipeline; "discarded" is off it.
FORWARD = [Stage.SUGGESTED, Stage.SHORTLISTED, Stage.CONTACTED, Stage.MEETING, Stage.PILOT, Stage.SOLVED]


def advance_pipeline(*, actor, challenge: Challenge, solution: Solution, to_stage: str, note: str = "") -> bool:
    """Move the pair forward to `to_stage` one allowed step at a time (never backwards, never out of
    "discarded"), through `move_pipeline` so history, permissions and outcomes apply. True if the pair
    is at or past `to_stage` afterwards."""
    entry = PipelineEntry.objects.filter(challenge=challenge, solution=solution).first()
    stage = entry.stage if entry else Stage.SUGGESTED
    if stage not in FORWARD:  # discarded: the organisation decided; a meeting does not reopen it
        return False
    try:
        for step in FORWARD[FORWARD.index(stage) + 1 : FORWARD.index(to_stage) + 1]:
            move_pipeline(actor=actor, challenge=challenge, solution=solution, to_stage=step, note=note)
    except (PermissionDenied, ValidationError):
        return False
    return True


def _title(challenge: Challenge | None, parties: list[Organisation]) -> str:
    if challenge is not None:
        return _("Agreement: %(challenge)s") % {"challenge": challenge.title}
    return _("Agreement between %(a)s and %(b)s") % {"a": parties[0].name, "b": parties[1].name}


def record_agreement(
    *,
    actor,
    parties: list[Organisation],
    match: Match | None = None,
    challenge: Challenge | None = None,
    solution: Solution | None = None,
    meeting=None,
    direct_meeting=None,
    note: str = "",
) -> Agreement:
    """Record that `parties` reached an agreement (see the module docstring for what follows).

    `match`, when given, fixes the challenge and solution. Only staff or a representative of one of
    the parties may record it (PermissionDenied). Recording it twice returns the same agreement.
    """
    if match is not None:
        challenge, solution = match.challenge, match.solution
    elif challenge is not None and solution is not None:
        match = Match.objects.filter(challenge=challenge, solution=solution).first()
    if not can_record_agreement(actor, [p.pk for p in parties]):
        raise PermissionDenied(_("Only the parties or staff can record this agreement."))
    with transaction.atomic():
        if challenge is not None:  # both sides recording at once: the second finds the first's agreement
            Challenge.objects.select_for_update().filter(pk=challenge.pk).first()
        agreement, created = propose_agreement(
            actor=actor,
            parties=parties,
            title=_title(challenge, parties),
            challenge=challenge,
            match=match,
            meeting=meeting,
            direct_meeting=direct_meeting,
            description=note,
        )
        if challenge is not None and solution is not None:
            advance_pipeline(actor=actor, challenge=challenge, solution=solution, to_stage=Stage.PILOT, note=note)
            _link_outcome(actor=actor, agreement=agreement, challenge=challenge, solution=solution)
        if match is not None and match.state != Match.State.DISMISSED:
            Match.objects.filter(pk=match.pk).update(
                state=Match.State.INTERESTED, interested_challenge_side=True, interested_provider_side=True
            )
        if challenge is not None and challenge.status in (Challenge.Status.OPEN, Challenge.Status.IN_PROGRESS):
            set_challenge_status(challenge=challenge, status=Challenge.Status.PILOT)
        if created:
            mail.send(agreement_pending_emails, agreement_id=agreement.pk)
    return agreement


@mail.composer
def agreement_pending_emails(*, agreement_id: int) -> list[mail.Email]:
    """One e-mail per party (to its representatives): the agreement waits for its confirmation."""
    agreement = Agreement.objects.prefetch_related("parties").filter(pk=agreement_id).first()
    if agreement is None:
        return []
    url = f"{settings.SITE_URL}{agreement.get_absolute_url()}"
    return [
        mail.Email(
            template="matching/email/agreement_pending",
            to=representative_emails(party),
            language=settings.LANGUAGE_CODE,
            context={"agreement": agreement, "party": party, "url": url},
        )
        for party in agreement.parties.all()
    ]


def _link_outcome(*, actor, agreement: Agreement, challenge: Challenge, solution: Solution) -> None:
    """The pair's "agreement" outcome (what figures count) points at the directory agreement."""
    entry = PipelineEntry.objects.filter(challenge=challenge, solution=solution).first()
    outcome = Outcome.objects.filter(challenge=challenge, solution=solution, kind=Outcome.Kind.AGREEMENT).first()
    if outcome is None:
        outcome = Outcome.objects.create(
            challenge=challenge,
            solution=solution,
            entry=entry,
            kind=Outcome.Kind.AGREEMENT,
            agreement=agreement,
            date=timezone.localdate(),
            recorded_by=actor if actor.is_authenticated else None,
        )
        outcome.organisations.set({challenge.organisation_id, solution.provider_id})
    elif outcome.agreement_id != agreement.pk:
        outcome.agreement = agreement
        outcome.save(update_fields=["agreement"])


def mark_challenge_solved(*, actor, challenge: Challenge) -> Challenge:
    """The challenge's organisation (or staff) declares it solved."""
    if not can_mark_challenge_solved(actor, challenge):
        raise PermissionDenied(_("Only the challenge's organisation can declare it solved."))
    return set_challenge_status(challenge=challenge, status=Challenge.Status.SOLVED)
