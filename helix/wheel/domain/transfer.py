"""Files in and out: the helix-wheel/1 JSON import, and the rows of the participants / requests /
outcomes exports (the CSV or XLSX file itself is written by ``helix.core.tabular``)."""

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from helix.core import audit

from ..models import Meeting, MeetingRequest, Wheel
from ..permissions import can_manage_wheel
from ..queries import outcomes_of, participants_with_counts, requests_of
from .dayof import create_meeting
from .requests import organiser_add
from .scheduling import build_export


def export_instance(wheel: Wheel) -> dict:
    """The wheel as a helix-wheel/1 instance (what the scheduler sees; published meetings fixed)."""
    return build_export(wheel=wheel).instance


def parse_instance_file(raw: bytes) -> dict:
    """Decode an uploaded file; ValidationError with a readable message for non-JSON input."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(_("The file is not UTF-8 JSON: %(error)s") % {"error": exc}) from None
    if not isinstance(data, dict):
        raise ValidationError(_("The file must contain a JSON object."))
    return data


def import_instance(*, user, wheel: Wheel, data: dict) -> dict[str, int]:
    """Import availability, caps, requests and fixed meetings of an instance into `wheel`.

    Participants are matched by id (`p<pk>` of this wheel) and slots by their `HH:MM` id. Everything is
    validated first (the scheduler's `validate_instance`, then the match with this wheel); any problem
    raises ValidationError listing every offending entry and nothing is written.
    Requests become organiser requests (weight ≥ 3 → must meet, otherwise would like); fixed meetings
    become locked meetings.
    """
    from ..scheduler import InstanceError, validate_instance

    if not can_manage_wheel(user, wheel):
        raise PermissionDenied
    try:
        validate_instance(data)
    except InstanceError as exc:
        raise ValidationError(list(exc.problems)) from None
    slots = {s.code: s for s in wheel.slots.all()}
    participants = {p.code: p for p in wheel.participants.select_related("organisation")}
    problems = _unknown_ids(data, slots, participants)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        counts = {
            "participants": _import_participants(data, slots, participants),
            "requests": _import_requests(user, wheel, data, participants, problems),
            "fixed": _import_fixed(user, wheel, data, slots, participants, problems),
        }
        if problems:
            transaction.set_rollback(True)
        else:
            audit.record(user, audit.Action.IMPORTED, wheel, file="instance.json", **counts)
    if problems:
        raise ValidationError(problems)
    return counts


def _unknown_ids(data: dict, slots: dict, participants: dict) -> list[str]:
    """Problems for the instance's slots and participants that this wheel does not have."""
    problems = []
    unknown_slots = [s for s in data["slots"] if s not in slots]
    if unknown_slots:
        problems.append(_("Slots not in this wheel: %(ids)s") % {"ids": ", ".join(unknown_slots)})
    unknown = [p["id"] for p in data["participants"] if p["id"] not in participants]
    if unknown:
        problems.append(_("Participants not in this wheel: %(ids)s") % {"ids": ", ".join(map(str, unknown))})
    return problems


def _import_participants(data: dict, slots: dict, participants: dict) -> int:
    """Set each listed participant's available slots and cap; returns how many were listed."""
    for entry in data["participants"]:
        p = participants[entry["id"]]
        if "available" in entry:
            p.available_slots.set([slots[code] for code in entry["available"]])
        if "max_meetings" in entry:
            p.cap = entry["max_meetings"]
            p.save(update_fields=["cap"])
    return len(data["participants"])


def _import_requests(user, wheel: Wheel, data: dict, participants: dict, problems: list[str]) -> int:
    """Add the instance's requests as organiser requests; refused ones go to `problems`. Returns how many."""
    requests = data.get("requests", [])
    for req in requests:
        priority = MeetingRequest.Priority.MUST if req.get("weight", 1) >= 3 else MeetingRequest.Priority.LIKE
        try:
            organiser_add(user=user, wheel=wheel, a=participants[req["a"]], b=participants[req["b"]], priority=priority)
        except ValidationError as exc:
            problems.append(f"{req['a']}–{req['b']}: {' '.join(exc.messages)}")
    return len(requests)


def _import_fixed(user, wheel: Wheel, data: dict, slots: dict, participants: dict, problems: list[str]) -> int:
    """Create the instance's fixed meetings as locked meetings, skipping those already there.

    Refused ones go to `problems`. Returns how many were created or attempted.
    """
    count = 0
    for fixed in data.get("fixed", []):
        a, b = participants[fixed["a"]], participants[fixed["b"]]
        slot = slots[fixed["slot"]]
        existing = (
            Meeting.objects.filter(
                wheel=wheel, a=min(a, b, key=lambda p: p.pk), b=max(a, b, key=lambda p: p.pk), slot=slot
            )
            .exclude(status=Meeting.Status.CANCELLED)
            .first()
        )
        if existing and (fixed.get("table") in (None, existing.table)):
            continue
        table = fixed.get("table") or _first_free_table(wheel, slot)
        try:
            create_meeting(
                user=user,
                wheel=wheel,
                a=a,
                b=b,
                slot=slot,
                table=table,
                status=Meeting.Status.SCHEDULED,
                locked=True,
            )
        except ValidationError as exc:
            problems.append(f"{fixed['a']}–{fixed['b']} @ {fixed['slot']}: {' '.join(exc.messages)}")
        count += 1
    return count


def _first_free_table(wheel: Wheel, slot) -> int:
    used = set(slot.meetings.exclude(status=Meeting.Status.CANCELLED).values_list("table", flat=True))
    return next((t for t in range(1, slot.table_count(wheel) + 1) if t not in used), 1)


def participant_rows(wheel: Wheel) -> tuple[list[str], list[list]]:
    header = [
        "id",
        _("Organisation"),
        _("Sector"),
        _("Region"),
        _("Side"),
        _("Available slots"),
        _("Cap"),
        _("Meetings"),
        _("Checked in"),
        _("No-show"),
        _("Seeks"),
        _("Offers"),
    ]
    rows = []
    qs = participants_with_counts(wheel).select_related("organisation__region").prefetch_related("available_slots")
    for p in qs:
        rows.append(
            [
                p.code,
                p.organisation.name,
                p.organisation.get_sector_display(),
                p.organisation.region.name if p.organisation.region else "",
                p.get_side_display(),
                " ".join(s.code for s in p.available_slots.all()),
                p.effective_cap(wheel) or "",
                p.meeting_count,
                p.checked_in_at.isoformat() if p.checked_in_at else "",
                "x" if p.no_show else "",
                p.seeks,
                p.offers,
            ]
        )
    return header, rows


def request_rows(wheel: Wheel) -> tuple[list[str], list[list]]:
    header = [_("From id"), _("From"), _("To id"), _("To"), _("Priority"), _("Status"), _("Added by the organiser")]
    rows = [
        [
            r.from_participant.code,
            r.from_participant.organisation.name,
            r.to_participant.code,
            r.to_participant.organisation.name,
            r.get_priority_display(),
            r.get_status_display(),
            "x" if r.added_by_organiser else "",
        ]
        for r in requests_of(wheel).order_by(
            "from_participant__organisation__name", "to_participant__organisation__name"
        )
    ]
    return header, rows


def outcome_rows(wheel: Wheel) -> tuple[list[str], list[list]]:
    header = [
        _("Slot"),
        _("Table"),
        _("Organisation A"),
        _("Organisation B"),
        _("Reported by"),
        _("Outcome"),
        _("Note"),
        _("Recorded"),
    ]
    rows = [
        [
            o.meeting.slot.code,
            o.meeting.table,
            o.meeting.a.organisation.name,
            o.meeting.b.organisation.name,
            o.participant.organisation.name,
            o.get_outcome_display(),
            o.note,
            o.created_at.date().isoformat(),
        ]
        for o in outcomes_of(wheel)
    ]
    return header, rows


TABLES = {"participants": participant_rows, "requests": request_rows, "outcomes": outcome_rows}
