"""Staff pages: check-in (code, tampering, search, walk-in, sessions), exports, minutes, commitments."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.utils import timezone

from helix.events.domain import registration as domain
from helix.events.domain.tickets import cancel_token, ticket_code
from helix.events.models import Attendance, Commitment, Registration
from tests.factories import EventFactory, OrganisationFactory, PersonFactory, UserFactory
from tests.factories.events_extra import (
    CommitmentFactory,
    MinutesFactory,
    QuestionFactory,
    RegistrationFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def soon(**kwargs):
    start = timezone.now() + dt.timedelta(hours=1)
    return EventFactory(starts_at=start, ends_at=start + dt.timedelta(hours=8), **kwargs)


def test_check_in_with_ticket_code_is_idempotent(staff_client):
    event = soon()
    r = domain.register(event_id=event.pk, name="Ana Pérez", email="ana@example.cl")
    url = f"/events/{event.slug}/checkin/"
    body = staff_client.post(url, {"code": ticket_code(r.pk)}).content.decode()
    assert "Ana Pérez" in body and "checkin-ok" in body
    again = staff_client.post(url, {"code": ticket_code(r.pk)}, HTTP_HX_REQUEST="true").content.decode()
    assert "checkin-repeat" in again
    assert Attendance.objects.filter(registration=r, session=None).count() == 1


@pytest.mark.parametrize(
    "mangle",
    [
        lambda code: code[:-1] + ("A" if code[-1] != "A" else "B"),  # tampered signature
        lambda code: code.replace("HX", "HX9"),  # tampered id
        lambda code: "hola",  # malformed
        lambda code: "",  # empty
        lambda code: "x" * 500,  # absurd
    ],
)
def test_tampered_or_malformed_codes_are_rejected_with_message(staff_client, mangle):
    event = soon()
    r = domain.register(event_id=event.pk, name="Ana", email="ana@example.cl")
    response = staff_client.post(f"/events/{event.slug}/checkin/", {"code": mangle(ticket_code(r.pk))})
    assert response.status_code == 200
    assert "checkin-error" in response.content.decode()
    assert not Attendance.objects.exists()


def test_ticket_of_another_event_or_not_confirmed_is_rejected(staff_client):
    event, other = soon(capacity=1), soon()
    r_other = domain.register(event_id=other.pk, name="Otro", email="o@example.cl")
    domain.register(event_id=event.pk, name="A", email="a@example.cl")
    waiting = domain.register(event_id=event.pk, name="Espera", email="w@example.cl")
    url = f"/events/{event.slug}/checkin/"
    assert "checkin-error" in staff_client.post(url, {"code": ticket_code(r_other.pk)}).content.decode()
    body = staff_client.post(url, {"code": ticket_code(waiting.pk)}).content.decode()
    assert "checkin-error" in body and "Espera" in body
    assert not Attendance.objects.exists()


def test_attendance_per_session(staff_client):
    event = soon()
    s1, s2 = SessionFactory(event=event), SessionFactory(event=event)
    r = domain.register(event_id=event.pk, name="Ana", email="ana@example.cl")
    url = f"/events/{event.slug}/checkin/"
    staff_client.post(url, {"code": ticket_code(r.pk), "session": s1.pk})
    staff_client.post(url, {"code": ticket_code(r.pk), "session": s2.pk})
    staff_client.post(url, {"code": ticket_code(r.pk)})
    assert set(Attendance.objects.values_list("session_id", flat=True)) == {s1.pk, s2.pk, None}
    foreign = SessionFactory()
    assert staff_client.post(url, {"code": ticket_code(r.pk), "session": foreign.pk}).status_code == 404


def test_search_by_name_and_check_in(staff_client):
    event = soon()
    r = domain.register(event_id=event.pk, name="Josefina Araya", email="jo@example.cl", organisation_name="Muni")
    domain.register(event_id=event.pk, name="Pedro Soto", email="pe@example.cl")
    url = f"/events/{event.slug}/checkin/"
    body = staff_client.get(url, {"q": "josef"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Josefina Araya" in body and "Pedro Soto" not in body
    staff_client.post(url, {"registration": r.pk})
    assert Attendance.objects.get().method == "search"


def test_walk_in_registers_and_checks_in(staff_client):
    event = soon(capacity=1, registration_open=False)
    domain.register(event_id=event.pk, name="A", email="a@example.cl", walk_in=True)
    body = staff_client.post(
        f"/events/{event.slug}/checkin/", {"walk_in": "1", "name": "Marta Díaz", "email": "marta@example.cl"}
    ).content.decode()
    assert "Marta Díaz" in body
    r = Registration.objects.get(email="marta@example.cl")
    assert r.walk_in and r.status == "confirmed" and r.attendances.get().method == "walk_in"
    bad = staff_client.post(f"/events/{event.slug}/checkin/", {"walk_in": "1", "name": "", "email": "nope"})
    assert "errorlist" in bad.content.decode() and Registration.objects.count() == 2


def test_check_in_is_staff_only(client):
    event = soon()
    r = domain.register(event_id=event.pk, name="A", email="a@example.cl")
    client.force_login(UserFactory())
    response = client.post(f"/events/{event.slug}/checkin/", {"code": ticket_code(r.pk)})
    assert response.status_code == 403 and not Attendance.objects.exists()
    client.logout()
    response = client.get(f"/events/{event.slug}/checkin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def test_exports_csv_and_xlsx(staff_client):
    event = soon(capacity=1)
    q = QuestionFactory(event=event, label="Cargo")
    a = domain.register(event_id=event.pk, name="Ana", email="ana@example.cl", answers={q.pk: "Alcaldesa"})
    domain.register(event_id=event.pk, name="Beto", email="beto@example.cl", answers={q.pk: "Concejal"})
    staff_client.post(f"/events/{event.slug}/checkin/", {"code": ticket_code(a.pk)})
    response = staff_client.get(f"/events/{event.slug}/export/registrations.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][-1] == "Cargo" and len(rows) == 3
    assert rows[1][0] == "Ana" and rows[1][-1] == "Alcaldesa" and rows[2][-1] == "Concejal"
    attendees = staff_client.get(f"/events/{event.slug}/export/attendees.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(attendees.streaming_content))).active
    assert [row[0] for row in sheet.iter_rows(values_only=True)][1:] == ["Ana"]
    attendance = b"".join(staff_client.get(f"/events/{event.slug}/export/attendance.csv").streaming_content)
    assert "Ana" in attendance.decode("utf-8-sig") and "Beto" not in attendance.decode("utf-8-sig")
    assert staff_client.get(f"/events/{event.slug}/export/secrets.csv").status_code == 404


@pytest.mark.parametrize("n", [1, 5])
def test_export_query_count(staff_client, django_assert_num_queries, n):
    event = soon()
    q = QuestionFactory(event=event)
    for i in range(n):
        domain.register(event_id=event.pk, name=f"P{i}", email=f"p{i}@example.cl", answers={q.pk: "x"})
    with django_assert_num_queries(7):  # session, user, event, audit event, questions, registrations, answers
        b"".join(staff_client.get(f"/events/{event.slug}/export/registrations.csv").streaming_content)


def test_exports_are_staff_only(client):
    event = soon()
    client.force_login(UserFactory())
    assert client.get(f"/events/{event.slug}/export/registrations.csv").status_code == 403


def test_minutes_page_and_commitments(staff_client):
    from django.test import Client

    client = Client()  # anonymous visitor (staff_client is pytest-django's `client`, logged in)
    minutes = MinutesFactory(conclusions="Crear mesa regional del agua", published=False)
    event = minutes.event
    org = OrganisationFactory(name="Municipalidad de Valparaíso")
    r = domain.register(event_id=event.pk, name="Ana", email="ana@example.cl", walk_in=True)
    r.organisation = org
    r.save(update_fields=["organisation"])
    staff_client.post(f"/events/{event.slug}/checkin/", {"code": ticket_code(r.pk)})
    assert client.get(f"/events/{event.slug}/minutes/").status_code == 404  # not published yet
    staff_client.post(
        f"/events/{event.slug}/minutes/",
        {"description": "Levantar catastro de pérdidas", "owner_organisation": org.pk, "due_on": "2026-12-15"},
    )
    commitment = Commitment.objects.get()
    assert commitment.owner_organisation == org and commitment.status == "open"
    staff_client.post(f"/events/{event.slug}/minutes/", {"summary": "Resumen", "conclusions": "Ok", "published": "on"})
    body = client.get(f"/events/{event.slug}/minutes/").content.decode()
    assert "Municipalidad de Valparaíso" in body and "Levantar catastro" in body and "Ana" in body
    staff_client.post(f"/events/commitments/{commitment.pk}/done/", {"next": "https://evil.example/"})
    commitment.refresh_from_db()
    assert commitment.status == "done" and commitment.done_at is not None


def test_minutes_only_for_technical_tables(staff_client):
    assert staff_client.get(f"/events/{soon(kind='congress').slug}/minutes/").status_code == 404


def test_open_commitments_list_flags_overdue(staff_client):
    today = timezone.localdate()
    late = CommitmentFactory(description="Informe de calidad de agua", due_on=today - dt.timedelta(days=3))
    CommitmentFactory(description="Piloto de buses eléctricos", due_on=today + dt.timedelta(days=3))
    CommitmentFactory(description="Ya cumplido", status="done", done_at=timezone.now())
    body = staff_client.get("/events/commitments/").content.decode()
    assert "Informe de calidad" in body and "Piloto de buses" in body and "Ya cumplido" not in body
    overdue = staff_client.get("/events/commitments/?overdue=1").content.decode()
    assert "Informe de calidad" in overdue and "Piloto de buses" not in overdue
    assert late.minutes.event.title in overdue


@pytest.mark.parametrize("n", [1, 5])
def test_commitments_query_count(staff_client, django_assert_num_queries, n):
    for _i in range(n):
        CommitmentFactory(owner_person=PersonFactory(), owner_organisation=OrganisationFactory())
    with django_assert_num_queries(3):
        staff_client.get("/events/commitments/")


def test_staff_dashboard(staff_client):
    event = soon()
    body = staff_client.get(f"/events/{event.slug}/staff/").content.decode()
    assert f"/events/{event.slug}/export/attendees.csv" in body


def test_registration_manage_page_is_for_token_holders_only(client):
    event = soon()
    r = RegistrationFactory(event=event, name="Ana Privada")
    assert client.get(f"/events/r/{r.pk}/").status_code == 404
    assert "Ana Privada" in client.get(f"/events/r/{cancel_token(r.pk)}/").content.decode()


def test_check_in_with_bogus_registration_id_is_404_not_500(staff_client):
    event = soon()
    assert staff_client.post(f"/events/{event.slug}/checkin/", {"registration": "abc"}).status_code == 404
    assert staff_client.post(f"/events/{event.slug}/checkin/", {"registration": "999999"}).status_code == 404


@pytest.mark.parametrize("n", [1, 5])
def test_check_in_search_query_count(staff_client, django_assert_num_queries, n):
    event = soon()
    org = OrganisationFactory()
    for i in range(n):
        r = RegistrationFactory(event=event, name=f"Camila Pérez {i}", organisation=org)
        Attendance.objects.create(registration=r, checked_in_at=timezone.now())
    url = f"/events/{event.slug}/checkin/"
    # session, user, event, sessions, attendance count, matches (with organisation and check-in flag)
    with django_assert_num_queries(6):
        body = staff_client.get(url, {"q": "camila"}, HTTP_HX_REQUEST="true").content.decode()
    assert body.count("Camila Pérez") == n


@pytest.mark.parametrize("n", [1, 5])
def test_minutes_page_query_count(client, django_assert_num_queries, n):
    minutes = MinutesFactory()
    for _i in range(n):
        r = RegistrationFactory(event=minutes.event, organisation=OrganisationFactory())
        Attendance.objects.create(registration=r, checked_in_at=timezone.now())
        CommitmentFactory(minutes=minutes, owner_person=PersonFactory(), owner_organisation=OrganisationFactory())
    # event, minutes, attendees, commitments, topics, challenges
    with django_assert_num_queries(6):
        client.get(f"/events/{minutes.event.slug}/minutes/")


def test_minutes_topics_and_challenges_are_saved(staff_client):
    from tests.factories import topic
    from tests.factories.matching import ChallengeFactory

    minutes = MinutesFactory(published=False)
    minutes.event.topics.add(topic("water"))
    water = topic("water")
    challenge = ChallengeFactory(title="Fugas de agua potable", status="open")
    challenge.topics.add(water)
    response = staff_client.post(
        f"/events/{minutes.event.slug}/minutes/",
        {"summary": "S", "conclusions": "C", "topics": [water.pk], "challenges": [challenge.pk], "published": "on"},
    )
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert list(minutes.topics.values_list("code", flat=True)) == ["water"] and minutes.published
    assert list(minutes.challenges.all()) == [challenge]
    assert list(challenge.minutes.all()) == [minutes]
    page = staff_client.get(f"/events/{minutes.event.slug}/minutes/").content.decode()
    assert 'name="topics"' in page
