"""Sessions on a wheel, requests tied to one, and the organiser's view of breaks in participants' days."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from helix.core.errors import HelixError
from helix.wheel.domain import dayof, scheduling
from helix.wheel.domain.requests import organiser_add
from helix.wheel.domain.sessions import parse_sessions, set_sessions, tie_to_session
from helix.wheel.models import Meeting, MeetingRequest, ScheduleRun, Side
from helix.wheel.scheduler import check_schedule
from tests.factories import UserFactory
from tests.factories.wheel import ParticipantFactory, WheelFactory
from tests.wheel.helpers import db_schedule

pytestmark = pytest.mark.django_db


def test_wheel_form_saves_sessions_and_explains_overlaps_in_spanish(staff_client):
    wheel = WheelFactory(slot_count=8)
    url = reverse("wheel:edit", args=[wheel.pk])
    form = staff_client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "sessions_text"}
    data.update(event=wheel.event_id, date=wheel.date.isoformat(), start_time="09:00")
    data.pop("registration_opens_at", None)
    data.pop("registration_closes_at", None)
    response = staff_client.post(url, {**data, "sessions_text": "Mañana: 1-5; Tarde: 5-8"})
    assert response.status_code == 200
    assert "“Tarde: 5-8” se superpone con la sesión “Mañana”." in response.content.decode()
    assert not wheel.sessions.exists()
    response = staff_client.post(url, {**data, "sessions_text": "Mañana: 1-4; Tarde: 5-8"})
    assert response.status_code == 302
    assert [(s.name, s.first_slot, s.last_slot) for s in wheel.sessions.all()] == [("Mañana", 1, 4), ("Tarde", 5, 8)]


def test_parse_sessions_rejects_bad_entries():
    assert parse_sessions("Tarde: 4-6; Mañana: 1-3", slot_count=6) == [("Mañana", 1, 3), ("Tarde", 4, 6)]
    for text in ("Mañana 1-3", "Mañana: 3-1", "Mañana: 1-9", "A: 1-2; a: 3-4"):
        with pytest.raises(HelixError):
            parse_sessions(text, slot_count=6)


def test_only_organisers_set_sessions(staff_user):
    wheel = WheelFactory(slot_count=4)
    with pytest.raises(PermissionDenied):
        set_sessions(user=UserFactory(), wheel=wheel, sessions=[("Mañana", 1, 2)])
    other = set_sessions(user=staff_user, wheel=WheelFactory(slot_count=4), sessions=[("Tarde", 3, 4)])[0]
    b = ParticipantFactory(wheel=wheel, side=Side.BUYER)
    s = ParticipantFactory(wheel=wheel, side=Side.SUPPLIER)
    request = organiser_add(user=staff_user, wheel=wheel, a=b, b=s, priority=MeetingRequest.Priority.LIKE)
    with pytest.raises(HelixError, match="Esta sesión pertenece a otra rueda."):
        tie_to_session(user=staff_user, request=request, session=other)


def test_a_request_tied_to_the_afternoon_is_scheduled_in_the_afternoon(staff_client, staff_user):
    wheel = WheelFactory(slot_count=6, tables=3)
    _morning, afternoon = set_sessions(user=staff_user, wheel=wheel, sessions=[("Mañana", 1, 3), ("Tarde", 4, 6)])
    b = ParticipantFactory(wheel=wheel, side=Side.BUYER)
    s = ParticipantFactory(wheel=wheel, side=Side.SUPPLIER)
    response = staff_client.post(
        reverse("wheel:manage_requests", args=[wheel.pk]),
        {"a": b.pk, "b": s.pk, "priority": "like", "session": afternoon.pk},
    )
    assert response.status_code == 302
    assert MeetingRequest.objects.get(from_participant=b).session == afternoon
    export = scheduling.build_export(wheel=wheel)
    codes = [slot.code for slot in wheel.slots.all()]
    assert export.instance["sessions"] == {"Mañana": codes[:3], "Tarde": codes[3:]}
    assert export.instance["requests"][0]["slots"] == codes[3:]
    run = scheduling.start_run(user=staff_user, wheel=wheel, time_limit=2)
    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.DONE, run.problems
    assert wheel.meetings.get().slot.number >= 4
    assert check_schedule(export.instance, db_schedule(export.instance, wheel)) == []


def _meet(staff, wheel, a, b, number, table=1):
    return dayof.create_meeting(
        user=staff,
        wheel=wheel,
        a=a,
        b=b,
        slot=wheel.slots.get(number=number),
        table=table,
        status=Meeting.Status.SCHEDULED,
    )


def test_meetings_page_shows_each_participants_breaks_the_total_and_the_verdict(staff_client, staff_user):
    wheel = WheelFactory(slot_count=5, tables=3)
    hub = ParticipantFactory(wheel=wheel, side=Side.BUYER, organisation__name="Municipalidad de Quillota")
    x = ParticipantFactory(wheel=wheel, side=Side.ANY)
    y, z = (ParticipantFactory(wheel=wheel, side=Side.SUPPLIER) for _ in range(2))
    _meet(staff_user, wheel, hub, x, 1)
    _meet(staff_user, wheel, hub, y, 3)  # one break for the hub: slot 2 is free between its meetings
    url = reverse("wheel:meetings", args=[wheel.pk])
    body = staff_client.get(url).content.decode()
    assert "Esperas entre reuniones" in body
    assert "sin esperas: 1 participante con una pausa" in body
    assert "1 pausa en total." in body
    assert "<td>Municipalidad de Quillota</td><td>2</td><td>1</td>" in body
    _meet(staff_user, wheel, hub, z, 5)
    _meet(staff_user, wheel, x, y, 4, table=2)  # x: 1 and 4 (one break); y: 3 and 4 (none)
    body = staff_client.get(url).content.decode()
    assert "1 participante tiene dos o más pausas (3 pausas en total)" in body
    assert "3 pausas en total." in body


def test_rescheduling_keeps_published_meetings_and_closes_the_gaps_around_them(staff_user):
    wheel = WheelFactory(slot_count=6, tables=3)
    hub = ParticipantFactory(wheel=wheel, side=Side.BUYER)
    others = [ParticipantFactory(wheel=wheel, side=Side.SUPPLIER) for _ in range(3)]
    kept = _meet(staff_user, wheel, hub, others[0], 3)
    Meeting.objects.filter(pk=kept.pk).update(published=True)
    for other in others:
        organiser_add(user=staff_user, wheel=wheel, a=hub, b=other, priority=MeetingRequest.Priority.LIKE)
    run = scheduling.start_run(user=staff_user, wheel=wheel, time_limit=3)
    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.DONE, run.problems
    kept.refresh_from_db()
    assert kept.slot.number == 3 and kept.status == Meeting.Status.SCHEDULED
    numbers = sorted(m.slot.number for m in wheel.meetings.filter(status__in=Meeting.LIVE).select_related("slot"))
    assert len(numbers) == 3 and 3 in numbers
    assert numbers[-1] - numbers[0] == 2  # one block around the published meeting: no break
    assert run.stats["breaks"] == 0 == run.stats["breaks_lower_bound"]


def test_set_sessions_enforces_the_rules_itself(staff_user):
    wheel = WheelFactory(slot_count=6)
    with pytest.raises(HelixError, match="“Tarde: 3-6” se superpone con la sesión “Mañana”."):
        set_sessions(user=staff_user, wheel=wheel, sessions=[("Mañana", 1, 3), ("Tarde", 3, 6)])
    with pytest.raises(HelixError, match="los bloques deben estar entre 1 y 6"):
        set_sessions(user=staff_user, wheel=wheel, sessions=[("Noche", 5, 9)])
    assert not wheel.sessions.exists()
