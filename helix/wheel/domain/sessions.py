"""Sessions of a wheel (morning, afternoon, …), meeting requests tied to one, and breaks in participants' days.

A session is a run of consecutive slots; sessions never overlap. A request tied to a session may only be
scheduled in that session's slots (exported as the request's ``slots``, see docs/formats/wheel.md). A
participant's *break* is a run of slots without a meeting between two of their meetings; the pause between
sessions is not a slot, so it is no break.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from helix.core.errors import HelixError

from ..models import Meeting, MeetingRequest, Session, Wheel
from ..permissions import can_manage_wheel

MAX_SESSIONS = 12


def parse_sessions(text: str, *, slot_count: int) -> list[tuple[str, int, int]]:
    """Parse "Morning: 1-6; Afternoon: 7-12" into [(name, first slot, last slot)], in slot order.

    Raises HelixError naming the offending entry (bad shape, slots out of range, overlap, repeated name)."""
    sessions: list[tuple[str, int, int]] = []
    for raw in (text or "").replace("\n", ";").split(";"):
        entry = raw.strip()
        if not entry:
            continue
        name, _sep, span = entry.rpartition(":")
        try:
            first, last = (int(part) for part in span.split("-"))
        except ValueError:
            first = last = 0
        if not name.strip() or not first:
            raise HelixError(_("“%(entry)s” is not “name: first-last”.") % {"entry": entry}, code="session_format")
        sessions.append((name.strip(), first, last))
    return check_sessions(sessions, slot_count=slot_count)


def check_sessions(sessions: list[tuple[str, int, int]], *, slot_count: int) -> list[tuple[str, int, int]]:
    """The sessions in slot order if each is a named run of existing slots and none overlaps another or
    shares its name; otherwise HelixError naming the offending one."""
    seen: list[tuple[str, int, int]] = []
    for name, first, last in sessions:
        entry = f"{name}: {first}-{last}"
        if not name or len(name) > 60:
            raise HelixError(_("“%(entry)s” is not “name: first-last”.") % {"entry": entry}, code="session_format")
        if not 1 <= first <= last <= slot_count:
            raise HelixError(
                _("“%(entry)s”: the slots must be between 1 and %(last)d, the first one not after the last.")
                % {"entry": entry, "last": slot_count},
                code="session_range",
            )
        for other, o_first, o_last in seen:
            if other.casefold() == name.casefold():
                raise HelixError(_("Two sessions are called “%(name)s”.") % {"name": name}, code="session_name")
            if first <= o_last and o_first <= last:
                raise HelixError(
                    _("“%(entry)s” overlaps the session “%(other)s”.") % {"entry": entry, "other": other},
                    code="session_overlap",
                )
        seen.append((name, first, last))
    if len(seen) > MAX_SESSIONS:
        raise HelixError(_("At most %(n)d sessions.") % {"n": MAX_SESSIONS}, code="session_count")
    return sorted(seen, key=lambda s: s[1])


def format_sessions(wheel: Wheel) -> str:
    return "; ".join(f"{s.name}: {s.first_slot}-{s.last_slot}" for s in wheel.sessions.all())


@transaction.atomic
def set_sessions(*, user, wheel: Wheel, sessions: list[tuple[str, int, int]]) -> list[Session]:
    """Make the wheel's sessions exactly ``sessions`` (as from :func:`parse_sessions`). A session keeps its
    identity (and the requests tied to it) when its name stays; requests tied to a removed one are untied."""
    if not can_manage_wheel(user, wheel):
        raise PermissionDenied(_("Only organisers can change this wheel."))
    sessions = check_sessions(sessions, slot_count=wheel.slot_count)
    existing = {s.name: s for s in wheel.sessions.select_for_update()}
    kept = []
    wanted = {name for name, _first, _last in sessions}
    Session.objects.filter(wheel=wheel).exclude(name__in=wanted).delete()
    for name, first, last in sessions:
        session = existing.get(name) or Session(wheel=wheel, name=name)
        session.first_slot, session.last_slot = first, last
        session.save()
        kept.append(session)
    return kept


def tie_to_session(*, user, request: MeetingRequest, session: Session | None) -> MeetingRequest:
    """Tie a meeting request to a session of its wheel (or untie it with ``None``)."""
    if not can_manage_wheel(user, request.wheel):
        raise PermissionDenied(_("Only organisers can change this wheel."))
    if session is not None and session.wheel_id != request.wheel_id:
        raise HelixError(_("This session belongs to another wheel."), code="session_wheel")
    request.session = session
    request.save(update_fields=["session"])
    return request


def session_slot_codes(wheel: Wheel, slots: list) -> dict[int, list[str]]:
    """Per session pk, the helix-wheel/1 codes of its slots (``slots`` in time order)."""
    return {
        s.pk: [slot.code for slot in slots if s.first_slot <= slot.number <= s.last_slot] for s in wheel.sessions.all()
    }


def participant_breaks(*, wheel: Wheel) -> list[dict]:
    """Every participant with a live meeting: ``participant``, ``meetings`` and ``breaks`` (most first)."""
    days: dict[int, list[int]] = {}
    for a, b, number in wheel.meetings.filter(status__in=Meeting.LIVE).values_list("a_id", "b_id", "slot__number"):
        days.setdefault(a, []).append(number)
        days.setdefault(b, []).append(number)
    people = wheel.participants.select_related("organisation").in_bulk(list(days))
    rows = []
    for pk, numbers in days.items():
        numbers.sort()
        breaks = sum(1 for x, y in zip(numbers, numbers[1:], strict=False) if y - x > 1)
        rows.append({"participant": people[pk], "meetings": len(numbers), "breaks": breaks})
    rows.sort(key=lambda row: (-row["breaks"], str(row["participant"])))
    return rows


def breaks_verdict(rows: list[dict]) -> str:
    """The organiser's plain verdict on waiting in the schedule, from :func:`participant_breaks`."""
    waiting = [row["breaks"] for row in rows if row["breaks"]]
    if not waiting:
        return _("no waiting: nobody has a break between meetings")
    total = sum(waiting)
    if max(waiting) == 1:
        return ngettext(
            "no waiting: %(n)s participant with one break",
            "no waiting: %(n)s participants with one break",
            len(waiting),
        ) % {"n": len(waiting)}
    many = sum(1 for b in waiting if b > 1)
    return ngettext(
        "%(n)s participant has two or more breaks (%(total)s breaks in all)",
        "%(n)s participants have two or more breaks (%(total)s breaks in all)",
        many,
    ) % {"n": many, "total": total}
