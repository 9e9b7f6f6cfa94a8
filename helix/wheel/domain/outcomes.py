"""Meeting outcomes and the wheel's funnel figures."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from helix.network.models import Agreement

from ..models import Meeting, MeetingOutcome, MeetingRequest, Participant, Wheel
from ..permissions import can_record_outcome
from .integrations import push_outcome

FOLLOW_UPS = (
    MeetingOutcome.Outcome.FOLLOW_UP,
    MeetingOutcome.Outcome.PROPOSAL_REQUESTED,
    MeetingOutcome.Outcome.PILOT,
    MeetingOutcome.Outcome.AGREEMENT,
)


def record_outcome(*, user, meeting: Meeting, participant: Participant, outcome: str, note: str = "") -> MeetingOutcome:
    """One outcome per side and meeting (re-recording updates it). Pushed to the challenge pipeline
    when the meeting came from a matching suggestion and matching is installed."""
    if not can_record_outcome(user, meeting, participant):
        raise PermissionDenied(_("Only the two sides of a meeting can record its outcome."))
    if meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.NO_SHOW):
        raise ValidationError(_("This meeting did not take place."))
    if outcome not in MeetingOutcome.Outcome.values:
        raise ValidationError(_("Unknown outcome."))
    with transaction.atomic():
        # Both sides may record at the same moment: the meeting row is locked first, so the two
        # transactions queue up instead of deadlocking on each other's writes.
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        record, _created = MeetingOutcome.objects.update_or_create(
            meeting=locked, participant=participant, defaults={"outcome": outcome, "note": note}
        )
        if locked.status == Meeting.Status.SCHEDULED:
            locked.status = Meeting.Status.HELD
            locked.save(update_fields=["status"])
        meeting.status = locked.status
        # Still under the meeting's lock: the pipeline moves and the agreement of one meeting are
        # written by one side at a time (they lock the pipeline entry and the challenge).
        if push_outcome(record, actor=user):
            record.pushed_to_pipeline = True
            record.save(update_fields=["pushed_to_pipeline"])
    return record


def funnel(*, wheel: Wheel) -> dict[str, int]:
    """Requested, scheduled, held, no-shows, follow-ups (pairs, not rows) and the directory agreements
    reached at the wheel's meetings."""
    requested = MeetingRequest.objects.filter(wheel=wheel).exclude(priority=MeetingRequest.Priority.NO_THANKS)
    meetings = Meeting.objects.filter(wheel=wheel).aggregate(
        scheduled=Count("pk", filter=~Q(status=Meeting.Status.CANCELLED)),
        held=Count("pk", filter=Q(status__in=[Meeting.Status.HELD, Meeting.Status.WALK_IN])),
        no_shows=Count("pk", filter=Q(status=Meeting.Status.NO_SHOW)),
    )
    outcomes = MeetingOutcome.objects.filter(meeting__wheel=wheel).aggregate(
        follow_ups=Count("meeting", filter=Q(outcome__in=FOLLOW_UPS), distinct=True),
    )
    # Agreements are read from the directory, the one record of them (not from what each side said).
    agreements = Agreement.objects.filter(meeting__wheel=wheel).exclude(status=Agreement.Status.TERMINATED)
    return {"requested": requested.count(), **meetings, **outcomes, "agreements": agreements.count()}
