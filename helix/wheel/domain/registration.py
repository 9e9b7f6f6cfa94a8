"""Registering organisations as wheel participants."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helix.network.models import Membership, Organisation

from ..models import Participant, Side, Slot, Wheel
from ..notifications import send_agendas
from ..permissions import can_manage_wheel

OPEN_STATUSES = (Wheel.Status.OPEN,)
LATE_STATUSES = (Wheel.Status.CLOSED, Wheel.Status.SCHEDULED, Wheel.Status.PUBLISHED)


def registration_is_open(wheel: Wheel, *, now=None) -> bool:
    """Open wheels inside their window; after it only when the organiser allows late registrations."""
    now = now or timezone.now()
    if wheel.status == Wheel.Status.DRAFT:
        return False
    in_window = (wheel.registration_opens_at is None or wheel.registration_opens_at <= now) and (
        wheel.registration_closes_at is None or now <= wheel.registration_closes_at
    )
    if wheel.status in OPEN_STATUSES and in_window:
        return True
    started = wheel.registration_opens_at is None or wheel.registration_opens_at <= now
    return wheel.allow_late_registration and started


def check_can_register(user, *, wheel: Wheel, organisation: Organisation) -> None:
    """Raise PermissionDenied unless `user` may register `organisation` in `wheel` now."""
    if can_manage_wheel(user, wheel):
        return
    from helix.network.permissions import acting_organisation_ids

    if organisation.pk not in acting_organisation_ids(user):
        raise PermissionDenied(_("You do not represent this organisation."))
    if not registration_is_open(wheel):
        raise PermissionDenied(_("Registration for this wheel is closed."))


def register_participant(
    *,
    wheel: Wheel,
    organisation: Organisation,
    side: str,
    slots: list[Slot] | None = None,
    seeks: str = "",
    offers: str = "",
    cap: int | None = None,
    by=None,
    challenges=(),
    solutions=(),
) -> Participant:
    """Register `organisation` (once per wheel) with its availability (default: every slot).

    Its approved representatives become the participant's representatives. Raises ValidationError
    for a second registration, a side the wheel does not admit or slots of another wheel.
    """
    if wheel.audience == Wheel.Audience.BUYERS_SUPPLIERS and side == Side.ANY:
        raise ValidationError({"side": _("In this wheel choose buyer or supplier.")})
    if wheel.audience == Wheel.Audience.ANY_TO_ANY:
        side = side or Side.ANY
    all_slots = list(wheel.slots.all())
    chosen = all_slots if slots is None else list(slots)
    if any(s.wheel_id != wheel.pk for s in chosen):
        raise ValidationError({"slots": _("Those slots belong to another wheel.")})
    if not chosen:
        raise ValidationError({"slots": _("Choose at least one slot you can attend.")})
    try:
        with transaction.atomic():
            participant = Participant.objects.create(
                wheel=wheel,
                organisation=organisation,
                side=side,
                seeks=seeks,
                offers=offers,
                cap=cap,
                registered_by=by if getattr(by, "is_authenticated", False) else None,
            )
    except IntegrityError:
        raise ValidationError(_("%(org)s is already registered in this wheel.") % {"org": organisation}) from None
    participant.available_slots.set(chosen)
    participant.challenges.set(challenges)
    participant.solutions.set(solutions)
    people = organisation.memberships.filter(
        status=Membership.Status.APPROVED,
        role__in=[Membership.Role.REPRESENTATIVE, Membership.Role.ADMIN],
    ).values_list("person_id", flat=True)
    participant.representatives.set(list(people))
    return participant


def update_participant(
    *,
    participant: Participant,
    side: str,
    slots: list[Slot],
    seeks: str,
    offers: str,
    cap: int | None,
    links: list[str] | None = None,
) -> Participant:
    """Change a registration. Slots with a live meeting cannot be dropped (ValidationError)."""
    wheel = participant.wheel
    if wheel.audience == Wheel.Audience.BUYERS_SUPPLIERS and side == Side.ANY:
        raise ValidationError({"side": _("In this wheel choose buyer or supplier.")})
    if not slots:
        raise ValidationError({"slots": _("Choose at least one slot you can attend.")})
    booked = set(participant.seats.values_list("slot_id", flat=True))
    dropped = booked - {s.pk for s in slots}
    if dropped:
        names = ", ".join(str(s) for s in Slot.objects.filter(pk__in=dropped))
        raise ValidationError(
            {"slots": _("You have meetings at %(slots)s; they must be cancelled first.") % {"slots": names}}
        )
    participant.side, participant.seeks, participant.offers, participant.cap = side, seeks, offers, cap
    fields = ["side", "seeks", "offers", "cap"]
    if links is not None:
        # Only the organisation's own challenges/solutions can be linked (the form offers nothing else).
        from .integrations import offer_choices

        allowed = {f"{link.kind}:{link.pk}" for link in offer_choices(participant.organisation_id)}
        chosen = [v for v in links if v in allowed]
    participant.save(update_fields=fields)
    participant.available_slots.set(slots)
    if links is not None:
        participant.challenges.set([int(v.split(":")[1]) for v in chosen if v.startswith("challenge:")])
        participant.solutions.set([int(v.split(":")[1]) for v in chosen if v.startswith("solution:")])
    return participant


def withdraw_participant(*, user, participant: Participant) -> list[int]:
    """Withdraw from the wheel: every scheduled meeting is cancelled (tables and counterparts freed),
    availability is cleared so re-scheduling gives it nothing. On a published wheel the counterparts get
    their changed agenda by e-mail. Returns the counterparts' pks."""
    from ..models import Meeting, MeetingSeat
    from ..permissions import can_act_for_participant

    if not can_act_for_participant(user, participant):
        raise PermissionDenied(_("You cannot act for this participant."))
    with transaction.atomic():
        p = Participant.objects.select_for_update().get(pk=participant.pk)
        if p.withdrawn_at is not None:
            return []
        meetings = list(
            Meeting.objects.select_for_update().filter(seats__participant=p, status=Meeting.Status.SCHEDULED)
        )
        MeetingSeat.objects.filter(meeting__in=meetings).delete()
        Meeting.objects.filter(pk__in=[m.pk for m in meetings]).update(status=Meeting.Status.CANCELLED)
        p.withdrawn_at = timezone.now()
        p.save(update_fields=["withdrawn_at"])
        p.available_slots.clear()
    counterparts = sorted({m.b_id if m.a_id == p.pk else m.a_id for m in meetings})
    if counterparts and p.wheel.status == Wheel.Status.PUBLISHED and any(m.published for m in meetings):
        send_agendas(wheel_id=p.wheel_id, participant_ids=counterparts, changed=True)
    return counterparts
