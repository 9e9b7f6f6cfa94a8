import datetime as dt
import io
import json

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from helix.wheel.domain import dayof
from helix.wheel.domain.requests import organiser_add
from helix.wheel.models import Meeting, MeetingRequest, ScheduleRun, Side, Wheel
from tests.factories.wheel import ParticipantFactory, WheelFactory, represented
from tests.on_commit import committed

pytestmark = pytest.mark.django_db


def test_create_wheel_generates_slots_with_breaks(staff_client):
    from tests.factories import EventFactory

    event = EventFactory(kind="business_wheel")
    response = staff_client.post(
        reverse("wheel:create"),
        {
            "event": event.pk,
            "name": "Rueda Valparaíso",
            "date": "2026-12-01",
            "start_time": "09:00",
            "slot_minutes": 20,
            "slot_count": 4,
            "tables": 10,
            "breaks_text": "2:10",
            "audience": "buyers_suppliers",
            "mode": "confirm",
            "status": "open",
        },
    )
    wheel = Wheel.objects.get(name="Rueda Valparaíso")
    assert response.status_code == 302
    times = [s.code for s in wheel.slots.all()]
    assert times == ["09:00", "09:20", "09:50", "10:10"]


def test_wheel_form_explains_bad_breaks(staff_client):
    from tests.factories import EventFactory

    event = EventFactory()
    response = staff_client.post(
        reverse("wheel:create"),
        {
            "event": event.pk,
            "name": "X",
            "date": "2026-12-01",
            "start_time": "09:00",
            "slot_minutes": 20,
            "slot_count": 4,
            "tables": 10,
            "breaks_text": "9:10, nonsense",
            "audience": "any_to_any",
            "mode": "collect",
            "status": "draft",
        },
    )
    assert response.status_code == 200 and not Wheel.objects.filter(name="X").exists()
    assert "9:10" in response.content.decode()


def test_dashboard_schedule_now_and_progress_partial(staff_client, staff_user):
    wheel = WheelFactory(slot_count=2, tables=2)
    b = ParticipantFactory(wheel=wheel, side=Side.BUYER)
    s = ParticipantFactory(wheel=wheel, side=Side.SUPPLIER)
    organiser_add(user=staff_user, wheel=wheel, a=b, b=s)
    response = staff_client.post(
        reverse("wheel:schedule", args=[wheel.pk]), {"time_limit": "2"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    run = ScheduleRun.objects.get(wheel=wheel)
    assert run.status == "done"
    assert "1 de 1 reuniones solicitadas agendadas (óptimo)" in body
    assert wheel.meetings.count() == 1
    partial = staff_client.get(reverse("wheel:run", args=[run.pk])).content.decode()
    assert "hx-trigger" not in partial  # finished: polling stops
    page = staff_client.get(reverse("wheel:dashboard", args=[wheel.pk])).content.decode()
    assert "Agendar ahora" in page  # Spanish is the default language
    assert "1 par se puede agendar ahora (peso total 3)" in page  # organiser "must", counted as accepted: 3


def test_schedule_bad_time_limit_is_a_message(staff_client):
    wheel = WheelFactory()
    response = staff_client.post(reverse("wheel:schedule", args=[wheel.pk]), {"time_limit": "0"}, follow=True)
    assert response.status_code == 200 and not ScheduleRun.objects.exists()


def test_running_run_partial_keeps_polling(staff_client):
    wheel = WheelFactory()
    run = ScheduleRun.objects.create(wheel=wheel, status="running", progress=0.4, message="heuristic")
    partial = staff_client.get(reverse("wheel:run", args=[run.pk])).content.decode()
    assert "every 1s" in partial and "heuristic" in partial


def test_publish_emails_agendas_with_attachments(staff_client, staff_user):
    wheel = WheelFactory(slot_count=2, tables=2)
    b, bu = represented(wheel, Side.BUYER)
    s, su = represented(wheel, Side.SUPPLIER)
    idle, iu = represented(wheel, Side.SUPPLIER)
    dayof.create_meeting(
        user=staff_user, wheel=wheel, a=b, b=s, slot=wheel.slots.first(), table=1, status=Meeting.Status.SCHEDULED
    )
    with committed():
        staff_client.post(reverse("wheel:publish", args=[wheel.pk]))
    wheel.refresh_from_db()
    assert wheel.status == "published" and wheel.meetings.get().published
    assert {m.to[0] for m in mail.outbox} == {bu.email, su.email}
    message = next(m for m in mail.outbox if m.to == [bu.email])
    assert s.organisation.name in message.body
    assert {a[2] for a in message.attachments} == {"application/pdf", "text/calendar"}


def test_publish_without_meetings_explained(staff_client):
    wheel = WheelFactory()
    response = staff_client.post(reverse("wheel:publish", args=[wheel.pk]), follow=True)
    wheel.refresh_from_db()
    assert wheel.status == "open" and "msg-error" in response.content.decode()


def test_organiser_adds_and_removes_requests(staff_client):
    wheel = WheelFactory()
    b = ParticipantFactory(wheel=wheel, side=Side.BUYER)
    s = ParticipantFactory(wheel=wheel, side=Side.SUPPLIER)
    staff_client.post(reverse("wheel:manage_requests", args=[wheel.pk]), {"a": b.pk, "b": s.pk, "priority": "must"})
    request = MeetingRequest.objects.get()
    assert request.added_by_organiser and request.status == "accepted"
    response = staff_client.post(
        reverse("wheel:manage_requests", args=[wheel.pk]), {"a": b.pk, "b": b.pk, "priority": "must"}
    )
    assert response.status_code == 200 and MeetingRequest.objects.count() == 1
    staff_client.post(reverse("wheel:remove_request", args=[request.pk]), HTTP_HX_REQUEST="true")
    assert not MeetingRequest.objects.exists()


def test_lock_and_status_toggle(staff_client, staff_user, wheel):
    b = ParticipantFactory(wheel=wheel, side=Side.BUYER)
    s = ParticipantFactory(wheel=wheel, side=Side.SUPPLIER)
    m = dayof.create_meeting(
        user=staff_user, wheel=wheel, a=b, b=s, slot=wheel.slots.first(), table=1, status=Meeting.Status.SCHEDULED
    )
    response = staff_client.post(reverse("wheel:lock", args=[m.pk]), {"locked": "1"}, HTTP_HX_REQUEST="true")
    m.refresh_from_db()
    assert m.locked and "Unlock" in response.content.decode().replace("Desbloquear", "Unlock")
    staff_client.post(reverse("wheel:meeting_status", args=[m.pk]), {"status": "held"}, HTTP_HX_REQUEST="true")
    m.refresh_from_db()
    assert m.status == "held"
    staff_client.post(reverse("wheel:meeting_status", args=[m.pk]), {"status": "cancelled"})
    staff_client.post(reverse("wheel:meeting_status", args=[m.pk]), {"status": "held"})
    m.refresh_from_db()
    assert m.status == "cancelled" and not m.seats.exists()


def test_participant_cannot_use_organiser_pages(client, wheel):
    p, user = represented(wheel)
    client.force_login(user)
    for name in ("dashboard", "manage_requests", "meetings", "participants", "board", "export_json", "import_json"):
        assert client.get(reverse(f"wheel:{name}", args=[wheel.pk])).status_code == 403, name
    assert client.post(reverse("wheel:schedule", args=[wheel.pk]), {"time_limit": 2}).status_code == 403


def test_board_shows_meetings_by_slot_and_table(staff_client, staff_user, wheel):
    b = ParticipantFactory(wheel=wheel, side=Side.BUYER, organisation__name="Tablero Uno")
    s = ParticipantFactory(wheel=wheel, side=Side.SUPPLIER, organisation__name="Tablero Dos")
    dayof.create_meeting(
        user=staff_user, wheel=wheel, a=b, b=s, slot=wheel.slots.last(), table=2, status=Meeting.Status.SCHEDULED
    )
    page = staff_client.get(reverse("wheel:board", args=[wheel.pk])).content.decode()
    assert "Tablero Uno – Tablero Dos" in page and 'hx-trigger="every 15s"' in page
    partial = staff_client.get(reverse("wheel:board", args=[wheel.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "Tablero Dos" in partial


def test_export_json_csv_xlsx(staff_client, staff_user, wheel):
    b = ParticipantFactory(wheel=wheel, side=Side.BUYER, organisation__name="Exporta Uno")
    s = ParticipantFactory(wheel=wheel, side=Side.SUPPLIER, organisation__name="Exporta Dos")
    organiser_add(user=staff_user, wheel=wheel, a=b, b=s, priority="must")
    data = json.loads(staff_client.get(reverse("wheel:export_json", args=[wheel.pk])).content)
    assert data["format"] == "helix-wheel/1" and data["slots"] == ["09:00", "09:20", "09:40"]
    assert {p["id"] for p in data["participants"]} == {b.code, s.code}
    assert data["requests"] == [{"a": b.code, "b": s.code, "weight": 3}]
    response = staff_client.get(reverse("wheel:export_table", args=[wheel.pk, "requests", "csv"]))
    assert response["Content-Disposition"] == f'attachment; filename="wheel-{wheel.pk}-requests.csv"'
    csv_text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Exporta Uno" in csv_text and "Exporta Dos" in csv_text
    response = staff_client.get(reverse("wheel:export_table", args=[wheel.pk, "participants", "xlsx"]))
    xlsx = b"".join(response.streaming_content)
    rows = list(load_workbook(io.BytesIO(xlsx)).active.values)
    assert {r[1] for r in rows[1:]} == {"Exporta Uno", "Exporta Dos"}
    assert staff_client.get(reverse("wheel:export_table", args=[wheel.pk, "secrets", "csv"])).status_code == 404


def _upload(client, wheel, payload):
    raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    file = io.BytesIO(raw)
    file.name = "wheel.json"
    return client.post(reverse("wheel:import_json", args=[wheel.pk]), {"file": file})


def test_import_errors_are_named_and_nothing_written(staff_client, wheel):
    b = ParticipantFactory(wheel=wheel, side=Side.BUYER)
    s = ParticipantFactory(wheel=wheel, side=Side.SUPPLIER)
    bad = {
        "format": "helix-wheel/1",
        "slots": ["09:00", "09:20"],
        "tables": 2,
        "participants": [{"id": b.code, "side": "buyer"}, {"id": s.code, "side": "supplier"}],
        "requests": [{"a": b.code, "b": "ghost7", "weight": 1}, {"a": b.code, "b": s.code}, {"a": s.code, "b": b.code}],
    }
    response = _upload(staff_client, wheel, bad)
    body = response.content.decode()
    assert response.status_code == 400 and "ghost7" in body
    assert not MeetingRequest.objects.exists()
    response = _upload(staff_client, wheel, b"{not json")
    assert response.status_code == 400 and "JSON" in response.content.decode()
    foreign = {
        "format": "helix-wheel/1",
        "slots": ["09:00"],
        "tables": 2,
        "participants": [{"id": "p999999", "side": "buyer"}, {"id": s.code, "side": "supplier"}],
        "requests": [],
    }
    response = _upload(staff_client, wheel, foreign)
    assert response.status_code == 400 and "p999999" in response.content.decode()


def test_import_round_trip(staff_client, staff_user, wheel):
    b = ParticipantFactory(wheel=wheel, side=Side.BUYER)
    s = ParticipantFactory(wheel=wheel, side=Side.SUPPLIER)
    instance = {
        "format": "helix-wheel/1",
        "slots": ["09:00", "09:20", "09:40"],
        "tables": 2,
        "participants": [
            {"id": b.code, "side": "buyer", "available": ["09:20", "09:40"], "max_meetings": 1},
            {"id": s.code, "side": "supplier"},
        ],
        "requests": [{"a": b.code, "b": s.code, "weight": 3}],
        "fixed": [{"a": b.code, "b": s.code, "slot": "09:20", "table": 2}],
    }
    response = _upload(staff_client, wheel, instance)
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.cap == 1 and [x.code for x in b.available_slots.all()] == ["09:20", "09:40"]
    m = Meeting.objects.get()
    assert (m.slot.code, m.table, m.locked) == ("09:20", 2, True)
    assert MeetingRequest.objects.get().priority == "must"


def test_late_registration_time_window():
    from django.utils import timezone

    from helix.wheel.domain.registration import registration_is_open

    now = timezone.now()
    wheel = WheelFactory(
        registration_opens_at=now - dt.timedelta(days=2), registration_closes_at=now - dt.timedelta(days=1)
    )
    assert not registration_is_open(wheel)
    wheel.allow_late_registration = True
    assert registration_is_open(wheel)


def test_per_slot_tables_reach_the_instance(staff_client, staff_user):
    wheel = WheelFactory(slot_count=3, tables=4)
    data = {
        "event": wheel.event.pk,
        "name": wheel.name,
        "date": "2026-12-10",
        "start_time": "09:00",
        "slot_minutes": 20,
        "slot_count": 3,
        "tables": 4,
        "breaks_text": "",
        "slot_tables_text": "2:6",
        "audience": "buyers_suppliers",
        "mode": "collect",
        "status": "open",
    }
    assert staff_client.post(reverse("wheel:edit", args=[wheel.pk]), data).status_code == 302
    from helix.wheel.domain.scheduling import build_export

    assert build_export(wheel=wheel).instance["tables"] == {"09:00": 4, "09:20": 6, "09:40": 4}
    # A slot cannot shrink under a meeting that uses a table: explained, nothing saved.
    b = ParticipantFactory(wheel=wheel, side=Side.BUYER)
    s = ParticipantFactory(wheel=wheel, side=Side.SUPPLIER)
    dayof.create_meeting(
        user=staff_user, wheel=wheel, a=b, b=s, slot=wheel.slots.get(number=2), table=6, status="scheduled"
    )
    response = staff_client.post(reverse("wheel:edit", args=[wheel.pk]), {**data, "slot_tables_text": "2:5"})
    assert response.status_code == 200 and wheel.slots.get(number=2).tables == 6
    response = staff_client.post(reverse("wheel:edit", args=[wheel.pk]), {**data, "slot_tables_text": "9:5"})
    assert response.status_code == 200 and "9:5" in response.content.decode()


def test_board_of_one_slot(staff_client, staff_user, wheel):
    b = ParticipantFactory(wheel=wheel, side=Side.BUYER, organisation__name="Primera Hora")
    s = ParticipantFactory(wheel=wheel, side=Side.SUPPLIER, organisation__name="Segunda Parte")
    dayof.create_meeting(
        user=staff_user, wheel=wheel, a=b, b=s, slot=wheel.slots.get(number=1), table=1, status="scheduled"
    )
    page = staff_client.get(reverse("wheel:board", args=[wheel.pk]), {"slot": 2}).content.decode()
    assert "Primera Hora" not in page and "?slot=2" in page
    page = staff_client.get(reverse("wheel:board", args=[wheel.pk]), {"slot": 1}).content.decode()
    assert "Primera Hora – Segunda Parte" in page


def test_schedule_now_errors_render_in_place_for_htmx(staff_client):
    wheel = WheelFactory()
    response = staff_client.post(
        reverse("wheel:schedule", args=[wheel.pk]), {"time_limit": "9999"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in body and "<html" not in body
    ScheduleRun.objects.create(wheel=wheel, status="running")
    response = staff_client.post(
        reverse("wheel:schedule", args=[wheel.pk]), {"time_limit": "5"}, HTTP_HX_REQUEST="true"
    )
    assert 'role="alert"' in response.content.decode() and ScheduleRun.objects.count() == 1
