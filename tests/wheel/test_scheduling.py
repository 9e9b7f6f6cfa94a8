import pytest
from django.core import mail

from helix.wheel.domain import dayof, scheduling
from helix.wheel.domain.requests import organiser_add
from helix.wheel.models import Meeting, MeetingRequest, MeetingSeat, ScheduleRun, Side, Wheel
from helix.wheel.scheduler import check_schedule
from tests.factories.wheel import ParticipantFactory, WheelFactory
from tests.on_commit import committed
from tests.wheel.helpers import db_schedule

pytestmark = pytest.mark.django_db


def _small_wheel(*, buyers=3, suppliers=3, slots=3, tables=2):
    wheel = WheelFactory(slot_count=slots, tables=tables)
    bs = [ParticipantFactory(wheel=wheel, side=Side.BUYER) for _ in range(buyers)]
    ss = [ParticipantFactory(wheel=wheel, side=Side.SUPPLIER) for _ in range(suppliers)]
    return wheel, bs, ss


def _request_all(staff, wheel, bs, ss):
    for b in bs:
        for s in ss:
            organiser_add(user=staff, wheel=wheel, a=b, b=s, priority=MeetingRequest.Priority.LIKE)


def _places(wheel):
    return {(m.a_id, m.b_id): (m.slot_id, m.table) for m in wheel.meetings.exclude(status="cancelled")}


def test_schedule_task_end_to_end_writes_valid_meetings(staff_user):
    wheel, bs, ss = _small_wheel()
    _request_all(staff_user, wheel, bs, ss)
    run = scheduling.start_run(user=staff_user, wheel=wheel, time_limit=5)
    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.DONE, (run.message, run.problems)
    # 9 requests, 3 slots × 2 tables = 6 meetings at most.
    meetings = list(wheel.meetings.select_related("slot"))
    assert len(meetings) == 6 == run.stats["scheduled"]
    # organiser requests count as accepted: "would like" on both sides = weight 2.
    assert run.stats["upper_bound"] >= run.stats["weight_scheduled"] == 12
    export = scheduling.build_export(wheel=wheel)
    assert check_schedule(export.instance, db_schedule(export.instance, wheel)) == []
    assert MeetingSeat.objects.filter(meeting__wheel=wheel).count() == 12
    wheel.refresh_from_db()
    assert wheel.status == Wheel.Status.SCHEDULED
    assert len(run.changes["added"]) == 6 == run.changes["counts"]["added"]


def test_rescheduling_keeps_published_meetings_and_reports_changes(staff_user):
    wheel, bs, ss = _small_wheel(buyers=2, suppliers=2, slots=3, tables=2)
    organiser_add(user=staff_user, wheel=wheel, a=bs[0], b=ss[0])
    organiser_add(user=staff_user, wheel=wheel, a=bs[1], b=ss[1])
    scheduling.start_run(user=staff_user, wheel=wheel, time_limit=3)
    with committed():
        scheduling.publish(user=staff_user, wheel=wheel)
    before = _places(wheel)
    assert len(before) == 2
    assert len(mail.outbox) == 0  # participants without representatives' e-mails get nothing
    late = ParticipantFactory(wheel=wheel, side=Side.SUPPLIER)
    organiser_add(user=staff_user, wheel=wheel, a=bs[0], b=late, priority=MeetingRequest.Priority.MUST)
    organiser_add(user=staff_user, wheel=wheel, a=bs[1], b=late)
    run = scheduling.start_run(user=staff_user, wheel=wheel, time_limit=3)
    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.DONE, run.problems
    after = _places(wheel)
    for pair, place in before.items():
        assert after[pair] == place
    assert {c["b"] for c in run.changes["added"]} | {c["a"] for c in run.changes["added"]} >= {str(late)}
    assert run.changes["moved"] == [] and run.changes["cancelled"] == []
    assert set(run.changes["affected"]) <= {bs[0].pk, bs[1].pk, late.pk}
    assert wheel.meetings.filter(b=late).count() + wheel.meetings.filter(a=late).count() == 2
    assert all(m.published for m in wheel.meetings.all())


def test_locked_meeting_is_fixed_and_unlocked_ones_can_move(staff_user):
    wheel, bs, ss = _small_wheel(buyers=1, suppliers=2, slots=2, tables=1)
    slots = list(wheel.slots.all())
    organiser_add(user=staff_user, wheel=wheel, a=bs[0], b=ss[0])
    organiser_add(user=staff_user, wheel=wheel, a=bs[0], b=ss[1])
    locked = dayof.create_meeting(
        user=staff_user,
        wheel=wheel,
        a=bs[0],
        b=ss[1],
        slot=slots[1],
        table=1,
        status=Meeting.Status.SCHEDULED,
        locked=True,
    )
    export = scheduling.build_export(wheel=wheel)
    assert export.instance["fixed"] == [{"a": locked.a.code, "b": locked.b.code, "slot": slots[1].code, "table": 1}]
    run = scheduling.start_run(user=staff_user, wheel=wheel, time_limit=3)
    run.refresh_from_db()
    locked.refresh_from_db()
    assert (locked.slot_id, locked.table, locked.status) == (slots[1].pk, 1, Meeting.Status.SCHEDULED)
    assert wheel.meetings.get(b=ss[0]).slot_id == slots[0].pk


def test_allow_moves_reports_moved_and_emails_affected_only(staff_user):
    from tests.factories.wheel import represented

    wheel, bs, ss = _small_wheel(buyers=1, suppliers=0, slots=2, tables=1)
    s1, u1 = represented(wheel, Side.SUPPLIER)
    s2, u2 = represented(wheel, Side.SUPPLIER)
    bystander, u3 = represented(wheel, Side.SUPPLIER)
    slots = list(wheel.slots.all())
    organiser_add(user=staff_user, wheel=wheel, a=bs[0], b=s1, priority=MeetingRequest.Priority.LIKE)
    dayof.create_meeting(
        user=staff_user, wheel=wheel, a=bs[0], b=s1, slot=slots[0], table=1, status=Meeting.Status.SCHEDULED
    )
    scheduling.publish(user=staff_user, wheel=wheel)
    mail.outbox.clear()
    # s2 can only come in the first slot: the published meeting must move to make room.
    s2.available_slots.set([slots[0]])
    organiser_add(user=staff_user, wheel=wheel, a=bs[0], b=s2, priority=MeetingRequest.Priority.MUST)
    with committed():
        kept = scheduling.start_run(user=staff_user, wheel=wheel, time_limit=3)
    kept.refresh_from_db()
    assert kept.changes["added"] == [] and kept.stats["scheduled"] == 1
    with committed():
        moved = scheduling.start_run(user=staff_user, wheel=wheel, time_limit=3, allow_moves=True)
    moved.refresh_from_db()
    assert [{c["a"], c["b"]} for c in moved.changes["moved"]] == [{str(s1), str(bs[0])}]
    assert moved.stats["scheduled"] == 2
    assert wheel.meetings.get(status="scheduled", b=s1).slot_id == slots[1].pk
    recipients = {addr for m in mail.outbox for addr in m.to}
    assert recipients == {u1.email, u2.email}  # not the bystander
    assert all("cambió" in m.subject for m in mail.outbox)  # sent in Spanish, the default


def test_invalid_instance_fails_the_run_with_named_problems(staff_user):
    wheel, bs, ss = _small_wheel(buyers=1, suppliers=2, slots=2, tables=1)
    slots = list(wheel.slots.all())
    dayof.create_meeting(
        user=staff_user,
        wheel=wheel,
        a=bs[0],
        b=ss[0],
        slot=slots[0],
        table=1,
        status=Meeting.Status.SCHEDULED,
        locked=True,
    )
    # The organiser lowers the cap under the locked meetings: the run explains instead of crashing.
    bs[0].cap = 0
    bs[0].save()
    run = scheduling.start_run(user=staff_user, wheel=wheel, time_limit=2)
    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.FAILED
    assert run.problems and any(bs[0].code in p for p in run.problems)


def test_only_one_run_at_a_time(staff_user):
    from django.core.exceptions import ValidationError

    wheel, *_ = _small_wheel()
    ScheduleRun.objects.create(wheel=wheel, status=ScheduleRun.Status.RUNNING)
    with pytest.raises(ValidationError):
        scheduling.start_run(user=staff_user, wheel=wheel)


def test_dead_run_stops_blocking_after_its_grace_period(staff_user):
    import datetime as dt

    from django.utils import timezone

    wheel, *_ = _small_wheel()
    dead = ScheduleRun.objects.create(wheel=wheel, status=ScheduleRun.Status.RUNNING, time_limit=10)
    ScheduleRun.objects.filter(pk=dead.pk).update(created_at=timezone.now() - dt.timedelta(hours=2))
    run = scheduling.start_run(user=staff_user, wheel=wheel, time_limit=2)
    dead.refresh_from_db()
    run.refresh_from_db()
    assert dead.status == ScheduleRun.Status.FAILED and run.status == ScheduleRun.Status.DONE


def test_summary_text():
    assert "optimal" in scheduling.summary(
        {"scheduled": 1431, "requests": 1431, "weight_scheduled": 10, "upper_bound": 10, "optimal": True}
    ).replace("óptimo", "optimal")
    text = scheduling.summary({"scheduled": 9, "requests": 10, "weight_scheduled": 9, "upper_bound": 10})
    assert "90" in text


def test_a_crashing_solver_fails_the_run_cleanly(staff_user, monkeypatch):
    """The scheduler is another team's module; if it raises, the run says so and nothing changes."""
    import helix.wheel.scheduler as scheduler_module

    wheel, bs, ss = _small_wheel(buyers=1, suppliers=1)
    organiser_add(user=staff_user, wheel=wheel, a=bs[0], b=ss[0])

    def broken(*args, **kwargs):
        raise RuntimeError("solver exploded")

    monkeypatch.setattr(scheduler_module, "schedule", broken)
    run = scheduling.start_run(user=staff_user, wheel=wheel, time_limit=2)
    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.FAILED and "solver exploded" in run.problems[0]
    assert not wheel.meetings.exists()
