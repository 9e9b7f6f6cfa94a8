"""On the day: check-in by signed token or by name, no-shows, walk-in meetings, meeting status."""

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helix.core.errors import HelixError

from ..models import Meeting, MeetingSeat, Participant, Slot, Wheel
from ..permissions import can_manage_wheel
from .requests import check_pair_allowed

TOKEN_SALT = "helix.wheel.checkin"


def checkin_token(participant: Participant) -> str:
    """A signed, URL-safe token naming the participant and its wheel (printed as a QR code)."""
    return signing.dumps([participant.wheel_id, participant.pk], salt=TOKEN_SALT, compress=True)


def participant_from_token(*, wheel: Wheel, token: str) -> Participant:
    """The participant a token names; ValidationError for a tampered token or another wheel's."""
    try:
        wheel_id, participant_id = signing.loads(token.strip(), salt=TOKEN_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise ValidationError(_("This code is not valid (damaged or forged).")) from None
    if wheel_id != wheel.pk:
        raise ValidationError(_("This code belongs to another business wheel."))
    try:
        return wheel.participants.select_related("organisation").get(pk=participant_id)
    except Participant.DoesNotExist:
        raise ValidationError(_("This participant is no longer registered.")) from None


def _check(user, wheel: Wheel) -> None:
    if not can_manage_wheel(user, wheel):
        raise PermissionDenied(_("Only organisers can do this."))


def check_in(*, user, participant: Participant) -> Participant:
    """Mark arrival (idempotent: the first time is kept). Clears a no-show mark."""
    _check(user, participant.wheel)
    with transaction.atomic():
        p = Participant.objects.select_for_update().get(pk=participant.pk)
        fields = []
        if p.checked_in_at is None:
            p.checked_in_at = timezone.now()
            fields.append("checked_in_at")
        if p.no_show:
            p.no_show = False
            fields.append("no_show")
        if fields:
            p.save(update_fields=fields)
    return p


def mark_no_show(*, user, participant: Participant, from_slot: Slot | None = None) -> int:
    """Mark a participant absent: its meeting in `from_slot` becomes `no_show` and its meetings in later
    slots are cancelled, freeing their tables and counterparts. Returns the number of meetings freed."""
    _check(user, participant.wheel)
    with transaction.atomic():
        p = Participant.objects.select_for_update().get(pk=participant.pk)
        p.no_show = True
        p.save(update_fields=["no_show"])
        live = (
            Meeting.objects.select_for_update()
            .filter(wheel=p.wheel_id, status__in=[Meeting.Status.SCHEDULED, Meeting.Status.WALK_IN])
            .filter(seats__participant=p)
            .select_related("slot")
        )
        if from_slot is None:
            now = timezone.now()
            current = [m for m in live if m.slot.starts_at <= now < m.slot.ends_at]
            later = [m for m in live if m.slot.starts_at >= now]
        else:
            current = [m for m in live if m.slot_id == from_slot.pk]
            later = [m for m in live if m.slot.number > from_slot.number]
        for m in current:
            m.status = Meeting.Status.NO_SHOW
            m.save(update_fields=["status"])
        MeetingSeat.objects.filter(meeting__in=later).delete()
        Meeting.objects.filter(pk__in=[m.pk for m in later]).update(status=Meeting.Status.CANCELLED)
    return len(later)


def set_meeting_status(*, user, meeting: Meeting, status: str) -> Meeting:
    """Organisers mark a meeting held / no-show / cancelled on the live board."""
    _check(user, meeting.wheel)
    if status not in Meeting.Status.values:
        raise ValidationError(_("Unknown status."))
    with transaction.atomic():
        m = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if status in (Meeting.Status.CANCELLED, Meeting.Status.NO_SHOW) and m.outcomes.exists():
            raise HelixError(_("Its outcome is already recorded: this meeting took place."), code="meeting_has_outcome")
        if status == Meeting.Status.CANCELLED:
            MeetingSeat.objects.filter(meeting=m).delete()
        elif m.status == Meeting.Status.CANCELLED:
            raise ValidationError(_("A cancelled meeting cannot be reopened; create a walk-in instead."))
        m.status = status
        m.save(update_fields=["status"])
    return m


def set_locked(*, user, meeting: Meeting, locked: bool) -> Meeting:
    _check(user, meeting.wheel)
    with transaction.atomic():
        m = Meeting.objects.select_for_update().get(pk=meeting.pk)
        m.locked = locked
        m.save(update_fields=["locked"])
    return m


def free_tables(*, wheel: Wheel, slot: Slot) -> list[int]:
    used = set(slot.meetings.exclude(status=Meeting.Status.CANCELLED).values_list("table", flat=True))
    return [t for t in range(1, slot.table_count(wheel) + 1) if t not in used]


def free_participants(*, wheel: Wheel, slot: Slot) -> list[Participant]:
    """Checked-in participants, not no-show, available and without a meeting in `slot`."""
    return list(
        wheel.participants.filter(checked_in_at__isnull=False, no_show=False, available_slots=slot)
        .exclude(seats__slot=slot)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def create_meeting(
    *,
    user,
    wheel: Wheel,
    a: Participant,
    b: Participant,
    slot: Slot,
    table: int,
    status: str = Meeting.Status.WALK_IN,
    locked: bool = False,
) -> Meeting:
    """Create a meeting at (slot, table). The database refuses double-bookings (ValidationError)."""
    _check(user, wheel)
    check_pair_allowed(wheel=wheel, a=a, b=b)
    if slot.wheel_id != wheel.pk:
        raise ValidationError(_("That slot belongs to another wheel."))
    if not 1 <= table <= slot.table_count(wheel):
        raise ValidationError(_("Table %(table)s does not exist in slot %(slot)s.") % {"table": table, "slot": slot})
    # Even walk-ins: a meeting outside availability would make the next re-scheduling instance invalid.
    for p in (a, b):
        if not p.available_slots.filter(pk=slot.pk).exists():
            raise ValidationError(_("%(who)s is not available at %(slot)s.") % {"who": p, "slot": slot})
    first, second = sorted((a, b), key=lambda p: p.pk)
    try:
        with transaction.atomic():
            if Meeting.objects.filter(wheel=wheel, a=first, b=second).exclude(status=Meeting.Status.CANCELLED).exists():
                raise ValidationError(_("%(a)s and %(b)s already have a meeting.") % {"a": first, "b": second})
            m = Meeting.objects.create(
                wheel=wheel,
                a=first,
                b=second,
                slot=slot,
                table=table,
                status=status,
                locked=locked,
                published=wheel.status == Wheel.Status.PUBLISHED,
            )
            MeetingSeat.objects.bulk_create(
                [
                    MeetingSeat(meeting=m, participant=first, slot=slot),
                    MeetingSeat(meeting=m, participant=second, slot=slot),
                ]
            )
    except IntegrityError:
        raise ValidationError(
            _("Table %(table)s at %(slot)s or one of the participants is already taken.")
            % {"table": table, "slot": slot}
        ) from None
    return m
