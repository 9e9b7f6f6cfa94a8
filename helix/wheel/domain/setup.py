"""Creating wheels and generating their time slots."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Slot, Wheel


def parse_breaks(text: str, *, slot_count: int) -> list[dict]:
    """Parse "4:15, 8:60" (a 15-minute break after slot 4, an hour after slot 8) into break dicts.

    Raises ValidationError naming the offending entry.
    """
    breaks = []
    for raw in (text or "").replace(";", ",").split(","):
        entry = raw.strip()
        if not entry:
            continue
        try:
            after, minutes = (int(part) for part in entry.split(":"))
        except ValueError:
            raise ValidationError(_("“%(entry)s” is not “slot:minutes”.") % {"entry": entry}) from None
        if not 1 <= after < slot_count or minutes <= 0:
            raise ValidationError(
                _("“%(entry)s”: the break must follow a slot between 1 and %(last)d and last at least a minute.")
                % {"entry": entry, "last": slot_count - 1}
            )
        breaks.append({"after": after, "minutes": minutes})
    return sorted(breaks, key=lambda b: b["after"])


def format_breaks(breaks: list[dict]) -> str:
    return ", ".join(f"{b['after']}:{b['minutes']}" for b in breaks)


def slot_times(wheel: Wheel) -> list[tuple[dt.datetime, dt.datetime]]:
    """Start and end of every slot, in order, as aware datetimes in the current time zone."""
    pause_after = {b["after"]: b["minutes"] for b in wheel.breaks or []}
    start = timezone.make_aware(dt.datetime.combine(wheel.date, wheel.start_time))
    length = dt.timedelta(minutes=wheel.slot_minutes)
    times = []
    for number in range(1, wheel.slot_count + 1):
        times.append((start, start + length))
        start = start + length + dt.timedelta(minutes=pause_after.get(number, 0))
    return times


@transaction.atomic
def generate_slots(*, wheel: Wheel) -> list[Slot]:
    """Make the wheel's slots match its start, length, count and breaks.

    Existing slots keep their identity (and meetings, availability, per-slot tables) and get new times;
    extra slots are deleted only if no meeting uses them (otherwise ValidationError).
    """
    wheel = Wheel.objects.select_for_update().get(pk=wheel.pk)
    existing = {s.number: s for s in wheel.slots.all()}
    result = []
    for number, (starts_at, ends_at) in enumerate(slot_times(wheel), start=1):
        slot = existing.pop(number, None)
        if slot is None:
            slot = Slot.objects.create(wheel=wheel, number=number, starts_at=starts_at, ends_at=ends_at)
        elif (slot.starts_at, slot.ends_at) != (starts_at, ends_at):
            slot.starts_at, slot.ends_at = starts_at, ends_at
            slot.save(update_fields=["starts_at", "ends_at"])
        result.append(slot)
    if existing:
        surplus = Slot.objects.filter(pk__in=[s.pk for s in existing.values()])
        if surplus.filter(meetings__isnull=False).exists():
            raise ValidationError(_("Some slots to remove already have meetings; cancel them first."))
        surplus.delete()
    return result


# The size of a wheel (issue 11 row 8: 99,999 slots made a 4 MB page and a 192 MB PDF). A day of slots
# fits in 24 hours; 200 tables is more than the largest hall Helix has served.
WHEEL_LIMITS = {"slot_count": (1, 96), "slot_minutes": (5, 240), "tables": (1, 200), "default_cap": (1, 100)}
DAY_MINUTES = 24 * 60


def check_wheel_bounds(fields: dict) -> None:
    """Raise ValidationError (by field) when a wheel's sizes are out of `WHEEL_LIMITS` or its slots
    do not fit in a day."""
    errors = {}
    for name, (low, high) in WHEEL_LIMITS.items():
        value = fields.get(name)
        if value is not None and not low <= value <= high:
            errors[name] = _("Between %(low)d and %(high)d.") % {"low": low, "high": high}
    count, minutes = fields.get("slot_count"), fields.get("slot_minutes")
    if not errors and count and minutes and count * minutes > DAY_MINUTES:
        errors["slot_count"] = _("The slots must fit in one day (%(n)d minutes in all).") % {"n": DAY_MINUTES}
    if errors:
        raise ValidationError(errors)


WHEEL_FIELDS = (
    "event",
    "name",
    "date",
    "start_time",
    "slot_minutes",
    "slot_count",
    "tables",
    "registration_opens_at",
    "registration_closes_at",
    "allow_late_registration",
    "audience",
    "mode",
    "default_cap",
    "status",
    "breaks",
)


def save_wheel(
    *, actor, wheel: Wheel | None, fields: dict, slot_tables: dict[int, int], sessions: list[tuple[str, int, int]]
) -> Wheel:
    """Create (``wheel=None``) or change a wheel with its slots, per-slot tables and sessions, all or nothing.

    Only staff create wheels; only the wheel's organisers change it; and the wheel may only sit on an event
    the actor may organise (never another organisation's event: its admins would see the participants and
    the organiser would lose the wheel). Raises PermissionDenied or ValidationError, writing nothing."""
    from ..permissions import can_host_wheel_on, can_manage_wheel
    from .sessions import set_sessions

    with transaction.atomic():
        if wheel is None:
            if not (actor.is_authenticated and actor.is_staff):
                raise PermissionDenied(_("Only staff can create wheels."))
            wheel = Wheel()
        else:
            wheel = Wheel.objects.select_for_update().select_related("event").get(pk=wheel.pk)
            if not can_manage_wheel(actor, wheel):
                raise PermissionDenied(_("Only organisers can change this wheel."))
        check_wheel_bounds(fields)
        event = fields.get("event")
        if event is None or not can_host_wheel_on(actor, event):
            raise PermissionDenied(_("You cannot put a wheel on this event."))
        for name in WHEEL_FIELDS:
            if name in fields:
                setattr(wheel, name, fields[name])
        wheel.save()
        generate_slots(wheel=wheel)
        set_slot_tables(wheel=wheel, tables=slot_tables)
        set_sessions(user=actor, wheel=wheel, sessions=sessions)
    return wheel


def create_wheel(**fields) -> Wheel:
    """Create a wheel with its slots."""
    with transaction.atomic():
        wheel = Wheel.objects.create(**fields)
        generate_slots(wheel=wheel)
    return wheel


def parse_slot_tables(text: str, *, slot_count: int) -> dict[int, int]:
    """Parse "1:10, 7:8" (10 tables in slot 1, 8 in slot 7) into {slot number: tables}.

    Raises ValidationError naming the offending entry.
    """
    result = {}
    for raw in (text or "").replace(";", ",").split(","):
        entry = raw.strip()
        if not entry:
            continue
        try:
            number, tables = (int(part) for part in entry.split(":"))
        except ValueError:
            raise ValidationError(_("“%(entry)s” is not “slot:tables”.") % {"entry": entry}) from None
        if not 1 <= number <= slot_count or tables < 1:
            raise ValidationError(
                _("“%(entry)s”: the slot must be between 1 and %(last)d and have at least one table.")
                % {"entry": entry, "last": slot_count}
            )
        result[number] = tables
    return result


def format_slot_tables(wheel: Wheel) -> str:
    return ", ".join(f"{s.number}:{s.tables}" for s in wheel.slots.all() if s.tables is not None)


@transaction.atomic
def set_slot_tables(*, wheel: Wheel, tables: dict[int, int]) -> None:
    """Override the number of tables of some slots (others use the wheel's). A slot cannot lose a table
    that a meeting uses (ValidationError)."""
    from ..models import Meeting

    for slot in wheel.slots.select_for_update():
        wanted = tables.get(slot.number)
        effective = wanted if wanted is not None else wheel.tables
        busy = slot.meetings.exclude(status=Meeting.Status.CANCELLED).filter(table__gt=effective)
        if busy.exists():
            raise ValidationError(
                _("Slot %(slot)s has meetings at tables above %(n)d; move or cancel them first.")
                % {"slot": slot, "n": effective}
            )
        if slot.tables != wanted:
            slot.tables = wanted
            slot.save(update_fields=["tables"])
