"""Direct one-to-one meetings between a challenge's organisation and a matched provider, for when no
wheel is planned: one side proposes up to three times, the other accepts one (both then have it in
their agenda, with an .ics), and each side records the outcome as after a wheel meeting — an
"agreement" outcome records the directory agreement through matching's `record_agreement`."""

from __future__ import annotations

import contextlib
import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from helix.core.errors import HelixError
from helix.matching.domain.agreements import advance_pipeline, record_agreement
from helix.matching.models import Match, Stage
from helix.network.models import Organisation
from helix.notifications.domain import notify_organisation
from helix.notifications.models import Kind

from ..models import DirectMeeting, DirectMeetingOutcome, MeetingOutcome
from ..notifications import send_direct_meeting
from ..permissions import can_answer_direct_meeting, can_record_direct_outcome, proposing_side
from .answers import close, lock_unanswered
from .integrations import STAGE_FOR_OUTCOME

MIN_MINUTES, MAX_MINUTES = 15, 240


def _check_options(options: list[dt.datetime], now: dt.datetime) -> list[dt.datetime]:
    chosen = sorted({t for t in options if t is not None})
    if not chosen:
        raise HelixError(_("Propose at least one time."), code="no_options", field="option_1")
    if len(chosen) > DirectMeeting.MAX_OPTIONS:
        raise HelixError(_("Propose at most three times."), code="too_many_options", field="option_1")
    if any(t <= now for t in chosen):
        raise HelixError(_("Proposed times must be in the future."), code="past_option", field="option_1")
    return chosen


def propose_direct_meeting(
    *,
    actor,
    match: Match,
    options: list[dt.datetime],
    place: str,
    minutes: int = 45,
    note: str = "",
    now: dt.datetime | None = None,
) -> DirectMeeting:
    """One side of `match` proposes up to three times to the other. One open proposal per pair."""
    side = proposing_side(actor, match)
    if side is None:
        raise PermissionDenied(_("Only the challenge's organisation or the provider can propose a meeting."))
    if match.state == Match.State.DISMISSED:
        raise HelixError(_("This match was dismissed."), code="match_dismissed")
    chosen = _check_options(options, now or timezone.now())
    place = (place or "").strip()
    if not place:
        raise HelixError(_("Say where the meeting takes place (an address or a video link)."), code="no_place")
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise HelixError(_("A meeting lasts between 15 and 240 minutes."), code="bad_length")
    challenge_org, provider = match.challenge.organisation, match.solution.provider
    proposer, invitee = (challenge_org, provider) if side == "challenge" else (provider, challenge_org)
    with transaction.atomic():
        Match.objects.select_for_update().filter(pk=match.pk).first()  # serialise proposals of one pair
        if DirectMeeting.objects.filter(match=match, status=DirectMeeting.Status.PROPOSED).exists():
            raise HelixError(_("A proposal for this pair is waiting for an answer."), code="already_proposed")
        meeting = DirectMeeting.objects.create(
            match=match,
            proposer=proposer,
            invitee=invitee,
            option_1=chosen[0],
            option_2=chosen[1] if len(chosen) > 1 else None,
            option_3=chosen[2] if len(chosen) > 2 else None,
            minutes=minutes,
            place=place[:300],
            note=(note or "")[:2000],
            proposed_by=actor if actor.is_authenticated else None,
        )
        _notify(meeting)
        # In the app too; the proposal's own e-mail already carries the link (issue 12 §2).
        notify_organisation(
            invitee.pk,
            Kind.MEETING_REQUEST,
            meeting,
            message="direct_proposal",
            url=reverse("wheel:direct_meetings"),
            params={"organisation": proposer.name},
            emailed=True,
        )
    return meeting


def _notify(meeting: DirectMeeting) -> None:
    send_direct_meeting(meeting_id=meeting.pk)


def _lock(meeting: DirectMeeting) -> DirectMeeting:
    return lock_unanswered(
        DirectMeeting.objects.select_related("match"),
        meeting.pk,
        waiting=DirectMeeting.Status.PROPOSED,
        message=_("This proposal was already answered."),
        code="already_answered",
    )


def accept_direct_meeting(*, actor, meeting: DirectMeeting, option: int) -> DirectMeeting:
    """The invited side accepts one of the proposed times (1-based); both sides are told, with an .ics."""
    if not can_answer_direct_meeting(actor, meeting):
        raise PermissionDenied(_("Only the invited organisation can answer this proposal."))
    with transaction.atomic():
        meeting = _lock(meeting)
        options = meeting.options
        if not 1 <= option <= len(options):
            raise HelixError(_("Choose one of the proposed times."), code="bad_option")
        close(meeting, status=DirectMeeting.Status.CONFIRMED, starts_at=options[option - 1])
        _notify(meeting)
    match = meeting.match
    advance_pipeline(actor=actor, challenge=match.challenge, solution=match.solution, to_stage=Stage.MEETING)
    return meeting


def decline_direct_meeting(*, actor, meeting: DirectMeeting) -> DirectMeeting:
    if not can_answer_direct_meeting(actor, meeting):
        raise PermissionDenied(_("Only the invited organisation can answer this proposal."))
    with transaction.atomic():
        meeting = _lock(meeting)
        close(meeting, status=DirectMeeting.Status.DECLINED)
    return meeting


def record_direct_outcome(
    *, actor, meeting: DirectMeeting, organisation: Organisation, outcome: str, note: str = ""
) -> DirectMeetingOutcome:
    """One outcome per side (re-recording updates it), once the confirmed meeting has started. The pair's
    pipeline moves forward as after a wheel meeting; "agreement" records the directory agreement."""
    if not can_record_direct_outcome(actor, meeting, organisation):
        raise PermissionDenied(_("Only the two sides of a meeting can record its outcome."))
    if meeting.status != DirectMeeting.Status.CONFIRMED or meeting.starts_at > timezone.now():
        raise HelixError(_("This meeting has not taken place yet."), code="not_held")
    if outcome not in MeetingOutcome.Outcome.values:
        raise HelixError(_("Unknown outcome."), code="bad_outcome")
    record, _created = DirectMeetingOutcome.objects.update_or_create(
        meeting=meeting, organisation=organisation, defaults={"outcome": outcome, "note": note[:2000]}
    )
    match = meeting.match
    label = MeetingOutcome.Outcome(outcome).label
    advance_pipeline(
        actor=actor,
        challenge=match.challenge,
        solution=match.solution,
        to_stage=STAGE_FOR_OUTCOME[outcome],
        note=f"{label}. {note}".strip(),
    )
    if outcome == MeetingOutcome.Outcome.AGREEMENT:
        with contextlib.suppress(PermissionDenied):
            record_agreement(
                actor=actor,
                parties=[meeting.proposer, meeting.invitee],
                match=match,
                direct_meeting=meeting,
                note=note,
            )
    return record
