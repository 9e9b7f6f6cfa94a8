"""From the database to a helix-wheel/1 instance and back: export, scheduling runs, applying, publishing.

The scheduler (`helix.wheel.scheduler`) is pure; this module owns everything around it:
- `build_export` turns a wheel into an instance (+ maps back to rows);
- `start_run` / `execute_run` run the scheduler in a background task, storing progress on a ScheduleRun;
- `apply_schedule` writes meetings atomically, keeping fixed ones in place, and reports what changed;
- `publish` marks meetings published and e-mails agendas in the background.
"""

import datetime as dt
import logging
import time
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from helix.core.enqueue import enqueue

from ..models import Meeting, MeetingSeat, Participant, ScheduleRun, Slot, Wheel
from ..notifications import send_agendas
from ..permissions import can_manage_wheel
from .requests import pair_weights
from .sessions import session_slot_codes

logger = logging.getLogger(__name__)
INSTANCE_FORMAT = "helix-wheel/1"
# Meetings that already happened (or are happening) are always kept where they are.
PAST_STATUSES = (Meeting.Status.HELD, Meeting.Status.NO_SHOW, Meeting.Status.WALK_IN)
CHANGES_LISTED = 300  # entries of each kind kept in a run's change report (counts are always complete)
STALE_AFTER = 900  # seconds past a run's time limit after which an unfinished run counts as dead


@dataclass
class Export:
    instance: dict
    slots: dict[str, Slot] = field(default_factory=dict)
    participants: dict[str, Participant] = field(default_factory=dict)
    request_ids: dict[tuple[int, int], int] = field(default_factory=dict)
    fixed_ids: set[int] = field(default_factory=set)  # meeting pks passed as fixed


def is_fixed(meeting: Meeting, *, allow_moves: bool) -> bool:
    """Whether re-scheduling must keep `meeting` at its slot and table."""
    if meeting.status in PAST_STATUSES or meeting.locked:
        return True
    return meeting.published and not allow_moves


def build_export(*, wheel: Wheel, allow_moves: bool = False) -> Export:
    """The wheel as a helix-wheel/1 instance.

    Participants are `p<pk>`, slots their local start `HH:MM`. Requests carry the weights of
    `pair_weights`; live meetings that must stay (locked, published unless `allow_moves`, held) are
    `fixed` with their table, and their pairs are requests too (weight 1 if nobody asked, e.g. walk-ins).
    A no-show participant is available only in slots where it keeps a meeting. The wheel's sessions are
    exported as ``sessions``; a request tied to a session gets that session's slots as its ``slots`` (a pair
    with no such slot both sides can attend is left out, and a fixed meeting's pair keeps no tie).
    """
    slots = list(wheel.slots.all())
    slot_code = {s.pk: s.code for s in slots}
    participants = list(wheel.participants.select_related("organisation").prefetch_related("available_slots"))
    meetings = list(wheel.meetings.filter(status__in=Meeting.LIVE).select_related("slot"))
    fixed = [m for m in meetings if is_fixed(m, allow_moves=allow_moves)]
    fixed_slots: dict[int, set[str]] = {}
    for m in fixed:
        for pid in (m.a_id, m.b_id):
            fixed_slots.setdefault(pid, set()).add(slot_code[m.slot_id])
    export = Export(instance={}, slots={s.code: s for s in slots})
    entries = []
    for p in participants:
        export.participants[p.code] = p
        if p.no_show or p.withdrawn_at:
            available = [code for code in slot_code.values() if code in fixed_slots.get(p.pk, set())]
        else:
            available = [slot_code[s.pk] for s in p.available_slots.all()]
            available.sort(key=list(slot_code.values()).index)
        entry = {"id": p.code, "side": p.side}
        if len(available) != len(slots):
            entry["available"] = available
        cap = p.effective_cap(wheel)
        if cap is not None:
            entry["max_meetings"] = cap
        entries.append(entry)
    weights = pair_weights(wheel=wheel)
    requests = {}
    for (a, b), pw in weights.items():
        requests[(a, b)] = {"a": f"p{a}", "b": f"p{b}", "weight": pw.weight}
        export.request_ids[(a, b)] = pw.request_id
    _tie_to_sessions(wheel, slots, requests, entries, fixed)
    for m in fixed:
        requests.setdefault((m.a_id, m.b_id), {"a": f"p{m.a_id}", "b": f"p{m.b_id}", "weight": 1})
        export.fixed_ids.add(m.pk)
    tables = {s.code: s.table_count(wheel) for s in slots}
    export.instance = {
        "format": INSTANCE_FORMAT,
        "slots": [s.code for s in slots],
        "tables": wheel.tables if all(t == wheel.tables for t in tables.values()) else tables,
        "participants": entries,
        "requests": [requests[k] for k in sorted(requests)],
        "fixed": [
            {"a": f"p{m.a_id}", "b": f"p{m.b_id}", "slot": slot_code[m.slot_id], "table": m.table}
            for m in sorted(fixed, key=lambda m: (m.slot.number, m.table))
        ],
    }
    codes = session_slot_codes(wheel, slots)
    sessions = {s.name: codes[s.pk] for s in wheel.sessions.all() if codes[s.pk]}
    if sessions:
        export.instance["sessions"] = sessions
    return export


def _tie_to_sessions(wheel: Wheel, slots: list[Slot], requests: dict, entries: list[dict], fixed: list) -> None:
    """Give requests tied to a session that session's slots (see :func:`build_export`)."""
    ties = list(
        wheel.requests.filter(session__isnull=False).values_list(
            "from_participant_id", "to_participant_id", "session_id"
        )
    )
    if not ties:
        return
    codes = session_slot_codes(wheel, slots)
    every = [s.code for s in slots]
    available = {e["id"]: set(e.get("available", every)) for e in entries}
    pinned = {(m.a_id, m.b_id) for m in fixed}
    for x, y, session_id in sorted(ties):
        key = (min(x, y), max(x, y))
        request = requests.get(key)
        if request is None or key in pinned or "slots" in request:
            continue
        common = available[request["a"]] & available[request["b"]]
        own = [code for code in codes.get(session_id, []) if code in common]
        if own:
            request["slots"] = own
        else:  # cannot happen in its session: not scheduled rather than scheduled outside it
            del requests[key]


def start_run(*, user, wheel: Wheel, time_limit: float = 10.0, allow_moves: bool = False) -> ScheduleRun:
    """Queue a scheduling run (one at a time per wheel) and enqueue its background task."""
    if not can_manage_wheel(user, wheel):
        raise PermissionDenied(_("Only organisers can schedule this wheel."))
    if not 1 <= time_limit <= 600:
        raise ValidationError(_("The time limit must be between 1 and 600 seconds."))
    with transaction.atomic():
        Wheel.objects.select_for_update().get(pk=wheel.pk)
        active = wheel.runs.filter(status__in=[ScheduleRun.Status.QUEUED, ScheduleRun.Status.RUNNING])
        # A run whose worker died never finishes; after its time limit plus a grace period it stops blocking.
        for stale in list(active):
            if stale.created_at < timezone.now() - dt.timedelta(seconds=stale.time_limit + STALE_AFTER):
                _fail(stale, problems=[], message=_("The run did not finish (the task worker stopped)."))
        if active.all().exists():  # a fresh query: the loop above cached the old rows
            raise ValidationError(_("A scheduling run is already in progress."))
        run = ScheduleRun.objects.create(
            wheel=wheel,
            time_limit=time_limit,
            allow_moves=allow_moves,
            created_by=user if user.is_authenticated else None,
        )
    enqueue("helix.wheel.tasks.schedule_wheel_task", run.pk)
    return run


def _set_progress(run: ScheduleRun, *, progress: float, message: str) -> None:
    run.progress, run.message = progress, message[:300]
    ScheduleRun.objects.filter(pk=run.pk).update(progress=run.progress, message=run.message)


def execute_run(*, run_id: int) -> ScheduleRun:
    """Body of the background task: schedule and apply. Never raises for bad data; records it on the run."""
    from ..scheduler import InstanceError, check_schedule, schedule, validate_instance

    run = ScheduleRun.objects.select_related("wheel").get(pk=run_id)
    wheel = run.wheel
    ScheduleRun.objects.filter(pk=run.pk).update(status=ScheduleRun.Status.RUNNING)
    export = build_export(wheel=wheel, allow_moves=run.allow_moves)
    try:
        validate_instance(export.instance)
    except InstanceError as exc:
        return _fail(run, problems=list(exc.problems), message=_("The wheel cannot be scheduled as it is."))
    last = [0.0]

    def on_progress(info: dict) -> None:
        now = time.monotonic()
        if now - last[0] < 0.5:  # at most two writes a second
            return
        last[0] = now
        seconds = float(info.get("seconds", 0.0))
        _set_progress(
            run,
            progress=min(0.95, seconds / run.time_limit),
            message=_("%(phase)s: %(weight)s of at most %(bound)s points")
            % {
                "phase": phase_label(info.get("phase", "")),
                "weight": info.get("weight", "?"),
                "bound": info.get("upper_bound", "?"),
            },
        )

    _set_progress(run, progress=0.01, message=_("Scheduling…"))
    try:
        result = schedule(export.instance, time_limit=run.time_limit, progress=on_progress)
    except Exception as exc:  # a solver crash must not leave the organiser's run "running" forever
        logger.exception("Scheduling run %s failed", run.pk)
        return _fail(run, problems=[repr(exc)], message=_("The scheduler failed; the meetings were not changed."))
    problems = check_schedule(export.instance, result)
    if problems:
        return _fail(run, problems=problems, message=_("The scheduler returned an invalid schedule."))
    try:
        changes = apply_schedule(wheel=wheel, export=export, result=result, allow_moves=run.allow_moves)
    except ValidationError as exc:
        return _fail(run, problems=exc.messages, message=_("The meetings changed while scheduling; run it again."))
    run.status = ScheduleRun.Status.DONE
    run.progress = 1.0
    run.stats = result["stats"]
    run.changes = changes
    run.message = ""
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "progress", "stats", "changes", "message", "finished_at"])
    if wheel.status == Wheel.Status.PUBLISHED and changes["affected"]:
        send_agendas(wheel_id=wheel.pk, participant_ids=changes["affected"], changed=True)
    return run


def _fail(run: ScheduleRun, *, problems: list[str], message: str) -> ScheduleRun:
    run.status = ScheduleRun.Status.FAILED
    run.problems = problems
    run.message = str(message)
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "problems", "message", "finished_at"])
    return run


def _describe(m_slot: str, table: int, a: Participant, b: Participant) -> dict:
    return {"a": str(a), "b": str(b), "slot": m_slot, "table": table}


def apply_schedule(*, wheel: Wheel, export: Export, result: dict, allow_moves: bool) -> dict:
    """Write `result` in one transaction and return what changed.

    Fixed meetings (those in `export.fixed_ids`) are not touched. Other live scheduled meetings are
    moved, kept or cancelled to match `result`; new pairs get new meetings. On a published wheel the
    new state is published at once and dropped meetings stay as `cancelled`; before publishing they are
    deleted. Returns {"added": [...], "moved": [...], "cancelled": [...], "affected": [participant pks],
    "counts": {kind: n}} (the lists keep the first CHANGES_LISTED entries).
    Raises ValidationError if a database constraint refuses the result (e.g. a concurrent lock/move).
    """
    from django.db import IntegrityError

    published = wheel.status == Wheel.Status.PUBLISHED
    target = _target_places(export, result)
    names = {p.pk: p for p in export.participants.values()}
    changes = {"added": [], "moved": [], "cancelled": []}
    affected: set[int] = set()
    try:
        with transaction.atomic():
            Wheel.objects.select_for_update().get(pk=wheel.pk)
            live = list(wheel.meetings.select_for_update().filter(status__in=Meeting.LIVE).select_related("slot"))
            changing = _changing_meetings(live, export=export, target=target, allow_moves=allow_moves)
            # Free the seats and tables of everything that changes, then write the new places.
            MeetingSeat.objects.filter(meeting__in=changing).delete()
            Meeting.objects.filter(pk__in=[m.pk for m in changing]).update(status=Meeting.Status.CANCELLED)
            moved = _move_or_cancel(changing, target=target, published=published, names=names, changes=changes)
            current = {(m.a_id, m.b_id) for m in live}
            added = _add_new(wheel, export=export, target=target, current=current, published=published)
            for m in added:
                changes["added"].append(_describe(m.slot.code, m.table, names[m.a_id], names[m.b_id]))
            for m in changing + added:
                affected.update((m.a_id, m.b_id))
            MeetingSeat.objects.bulk_create(
                [
                    MeetingSeat(meeting=m, participant_id=pid, slot_id=m.slot_id)
                    for m in moved + added
                    for pid in (m.a_id, m.b_id)
                ],
                batch_size=1000,
            )
            if wheel.status in (Wheel.Status.DRAFT, Wheel.Status.OPEN, Wheel.Status.CLOSED):
                wheel.status = Wheel.Status.SCHEDULED
                wheel.save(update_fields=["status"])
    except IntegrityError as exc:
        raise ValidationError(_("A table or participant was double-booked: %(error)s") % {"error": exc}) from exc
    changes["affected"] = sorted(affected)
    # Keep the stored report readable on big wheels: all counts, the first entries of each kind.
    changes["counts"] = {kind: len(changes[kind]) for kind in ("added", "moved", "cancelled")}
    for kind in ("added", "moved", "cancelled"):
        changes[kind] = changes[kind][:CHANGES_LISTED]
    return changes


def _target_places(export: Export, result: dict) -> dict[tuple[int, int], tuple]:
    """(lower pk, higher pk) of each scheduled pair → (slot, table) in `result`."""
    target = {}
    for m in result["meetings"]:
        pa, pb = export.participants[m["a"]], export.participants[m["b"]]
        a, b = sorted((pa.pk, pb.pk))
        target[(a, b)] = (export.slots[m["slot"]], int(m["table"]))
    return target


def _changing_meetings(live: list[Meeting], *, export: Export, target: dict, allow_moves: bool) -> list[Meeting]:
    """The live meetings whose place changes or that are dropped; refused if one got fixed meanwhile."""
    stale_fixed = [m for m in live if m.pk not in export.fixed_ids and is_fixed(m, allow_moves=allow_moves)]
    if stale_fixed:
        raise ValidationError(_("Meetings were locked or held while scheduling."))
    changing = []
    for m in live:
        if m.pk in export.fixed_ids:
            continue
        new = target.get((m.a_id, m.b_id))
        if new is not None and (new[0].pk, new[1]) == (m.slot_id, m.table):
            continue
        changing.append(m)
    return changing


def _move_or_cancel(
    changing: list[Meeting], *, target: dict, published: bool, names: dict, changes: dict
) -> list[Meeting]:
    """Move the changing meetings that stay to their new place; drop the others (deleted if never published).

    Records each in `changes`; returns the moved meetings.
    """
    to_delete, moved = [], []
    for m in changing:
        new = target.get((m.a_id, m.b_id))
        if new is None:
            changes["cancelled"].append(_describe(m.slot.code, m.table, names[m.a_id], names[m.b_id]))
            if not m.published:
                to_delete.append(m.pk)
            continue
        changes["moved"].append(
            {
                **_describe(new[0].code, new[1], names[m.a_id], names[m.b_id]),
                "from_slot": m.slot.code,
                "from_table": m.table,
            }
        )
        m.slot, m.table, m.status = new[0], new[1], Meeting.Status.SCHEDULED
        m.published = published
        moved.append(m)
    Meeting.objects.filter(pk__in=to_delete).delete()
    # Bulk writes: a large wheel has thousands of meetings; one query per batch, not per meeting.
    Meeting.objects.bulk_update(moved, ["slot", "table", "status", "published"], batch_size=500)
    return moved


def _add_new(wheel: Wheel, *, export: Export, target: dict, current: set, published: bool) -> list[Meeting]:
    """Create a meeting for every scheduled pair that has no live meeting yet, in slot and table order."""
    added = [
        Meeting(
            wheel=wheel,
            a_id=a,
            b_id=b,
            slot=slot,
            table=table,
            published=published,
            request_id=export.request_ids.get((a, b)),
        )
        for (a, b), (slot, table) in sorted(target.items(), key=lambda kv: (kv[1][0].number, kv[1][1]))
        if (a, b) not in current
    ]
    Meeting.objects.bulk_create(added, batch_size=500)
    return added


def publish(*, user, wheel: Wheel) -> int:
    """Publish every live meeting and e-mail each participant their agenda (background). Returns meetings."""
    if not can_manage_wheel(user, wheel):
        raise PermissionDenied(_("Only organisers can publish this wheel."))
    count = mark_published(wheel=wheel)
    recipients = list(
        wheel.participants.filter(Q(meetings_as_a__isnull=False) | Q(meetings_as_b__isnull=False))
        .distinct()
        .values_list("pk", flat=True)
    )
    send_agendas(wheel_id=wheel.pk, participant_ids=recipients, changed=False)
    return count


def mark_published(*, wheel: Wheel) -> int:
    """Mark the wheel and its live meetings published (no e-mails; `publish` adds them)."""
    with transaction.atomic():
        wheel = Wheel.objects.select_for_update().get(pk=wheel.pk)
        if not wheel.meetings.filter(status__in=Meeting.LIVE).exists():
            raise ValidationError(_("There are no meetings to publish yet."))
        count = wheel.meetings.filter(status__in=Meeting.LIVE).update(published=True)
        wheel.status = Wheel.Status.PUBLISHED
        wheel.published_at = timezone.now()
        wheel.save(update_fields=["status", "published_at"])
    return count


def phase_label(phase: str) -> str:
    """The scheduler's phase in words an organiser understands (issue 12 §7: no "greedy", no "bound")."""
    labels = {
        "greedy": _("First proposal"),
        "bound": _("Working out the best possible"),
        "heuristic": _("Improving the agenda"),
        "exact": _("Looking for the best agenda"),
        "done": _("Finishing"),
    }
    return labels.get(phase, _("Scheduling…"))


def summary(stats: dict) -> str:
    """The organiser's one-line verdict on a schedule, from its stats."""
    from django.utils.formats import number_format

    weight, bound = stats.get("weight_scheduled", 0), stats.get("upper_bound", 0)
    optimal = stats.get("optimal") or (bound and weight >= bound)
    values = {
        "n": number_format(stats.get("scheduled", 0), force_grouping=True),
        "m": number_format(stats.get("requests", 0), force_grouping=True),
    }
    if optimal:
        return _("%(n)s of %(m)s requested meetings scheduled (optimal)") % values
    ratio = 100.0 * weight / bound if bound else 100.0
    return _("%(n)s of %(m)s requested meetings scheduled (%(ratio)s%% of the best possible)") % {
        **values,
        "ratio": number_format(ratio, 1),
    }
