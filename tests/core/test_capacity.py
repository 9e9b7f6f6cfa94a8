"""Raising a capacity offers the new seats to the waiting list, wherever it is changed from."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from helix.academy import domain as academy
from helix.academy.models import Cohort, Enrolment
from helix.core.errors import HelixError
from helix.events.domain import registration as events
from helix.events.domain.capacity import set_event_capacity, set_session_capacity
from helix.events.models import Event, Registration, SessionSeat
from tests.factories import EventFactory, PersonFactory, UserFactory
from tests.factories.academy import CohortFactory
from tests.factories.events_extra import SessionFactory
from tests.html_forms import form_data
from tests.on_commit import committed

pytestmark = pytest.mark.django_db


def upcoming(**kwargs):
    start = timezone.now() + dt.timedelta(days=10)
    return EventFactory(starts_at=start, ends_at=start + dt.timedelta(hours=4), **kwargs)


def full_event(capacity=1, people=4, **kwargs):
    event = upcoming(capacity=capacity, **kwargs)
    for n in range(people):
        events.register(event_id=event.pk, name=f"Persona {n}", email=f"p{n}@example.cl")
    return event


def statuses(event):
    return list(Registration.objects.filter(event=event).order_by("pk").values_list("status", flat=True))


def post_admin_change(client, model, obj, changes, form_id):
    url = reverse(f"admin:{model}_change", args=[obj.pk])
    data = form_data(client.get(url).content.decode(), form_id)
    data.update(changes)
    with committed():
        return client.post(url, data)


def test_raising_an_events_capacity_in_the_admin_offers_the_seats_in_arrival_order(staff_client):
    event = full_event(capacity=1, people=4)
    assert statuses(event) == ["confirmed", "waiting", "waiting", "waiting"]
    mail.outbox.clear()
    response = post_admin_change(staff_client, "events_event", event, {"capacity": ["3"]}, "event_form")
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.capacity == 3
    assert statuses(event) == ["confirmed", "offered", "offered", "waiting"]
    assert sorted(m.to[0] for m in mail.outbox) == ["p1@example.cl", "p2@example.cl"]
    assert all(m.subject.startswith("Hay un cupo disponible para ti") for m in mail.outbox)


def test_raising_a_cohorts_capacity_in_the_admin_offers_the_seats(staff_client):
    cohort = CohortFactory(capacity=1)
    people = [PersonFactory(email=f"alumno{i}@example.cl") for i in range(3)]
    for person in people:
        academy.enrol(cohort=cohort, person=person, actor=person.user or UserFactory(is_staff=True))
    mail.outbox.clear()
    response = post_admin_change(staff_client, "academy_cohort", cohort, {"capacity": ["2"]}, "cohort_form")
    assert response.status_code == 302
    assert Cohort.objects.get(pk=cohort.pk).capacity == 2
    waiting = Enrolment.objects.filter(cohort=cohort).order_by("pk").values_list("status", flat=True)
    assert list(waiting) == ["confirmed", "offered", "waiting"]
    assert [m.to for m in mail.outbox] == [["alumno1@example.cl"]]


def test_raising_a_sessions_capacity_in_the_event_admin_offers_its_seats(staff_client):
    event = upcoming(capacity=None)
    workshop = SessionFactory(event=event, capacity=1)
    for n in range(3):
        events.register(event_id=event.pk, name=f"P{n}", email=f"p{n}@example.cl", session_ids=[workshop.pk])
    mail.outbox.clear()
    url = reverse("admin:events_event_change", args=[event.pk])
    data = form_data(staff_client.get(url).content.decode(), "event_form")
    prefix = next(k.removesuffix("-0-id") for k, v in data.items() if k.endswith("-0-id") and v == [str(workshop.pk)])
    data[f"{prefix}-0-capacity"] = ["2"]
    with committed():
        assert staff_client.post(url, data).status_code == 302
    seats = SessionSeat.objects.filter(session=workshop).order_by("pk").values_list("status", flat=True)
    assert list(seats) == ["confirmed", "offered", "waiting"]
    assert any("/events/session-offer/" in m.body for m in mail.outbox if m.to == ["p1@example.cl"])


def test_an_impossible_capacity_is_shown_next_to_the_field(staff_client):
    event = full_event(capacity=1, people=2)
    response = post_admin_change(staff_client, "events_event", event, {"capacity": ["1000001"]}, "event_form")
    assert response.status_code == 200
    assert "La capacidad debe ser un número de cupos entre 0 y 100000, o quedar vacía si no hay límite." in (
        response.content.decode()
    )
    assert Event.objects.get(pk=event.pk).capacity == 1 and statuses(event) == ["confirmed", "waiting"]


def test_lowering_a_capacity_takes_no_seat_away_and_offers_nothing():
    event = full_event(capacity=3, people=4)
    with committed():
        set_event_capacity(actor=UserFactory(is_staff=True), event_id=event.pk, capacity=1)
    assert statuses(event) == ["confirmed", "confirmed", "confirmed", "waiting"]
    events.cancel_registration(
        registration_id=Registration.objects.filter(event=event).first().pk, actor=UserFactory(is_staff=True)
    )
    assert statuses(event)[1:] == ["confirmed", "confirmed", "waiting"]  # still over the new capacity


def test_unlimited_capacity_offers_everyone_waiting():
    event = full_event(capacity=1, people=3)
    set_event_capacity(actor=UserFactory(is_staff=True), event_id=event.pk, capacity=None)
    assert statuses(event) == ["confirmed", "offered", "offered"]


def test_only_staff_change_a_capacity():
    event = full_event(capacity=1, people=2)
    cohort = CohortFactory(capacity=1)
    workshop = SessionFactory(event=event, capacity=1)
    for user in (UserFactory(), None):
        with pytest.raises(PermissionDenied):
            set_event_capacity(actor=user, event_id=event.pk, capacity=5)
        with pytest.raises(PermissionDenied):
            set_session_capacity(actor=user, session_id=workshop.pk, capacity=5)
        with pytest.raises(PermissionDenied):
            academy.set_cohort_capacity(actor=user, cohort_id=cohort.pk, capacity=5)
    assert Event.objects.get(pk=event.pk).capacity == 1 and statuses(event) == ["confirmed", "waiting"]
    with pytest.raises(HelixError) as error:
        set_event_capacity(actor=UserFactory(is_staff=True), event_id=event.pk, capacity=-1)
    assert error.value.code == "invalid_capacity"


def test_the_events_staff_page_changes_the_capacity_through_the_domain(staff_client, client):
    event = full_event(capacity=1, people=3)
    page = staff_client.get(reverse("events:staff", args=[event.slug])).content.decode()
    assert "Cupos" in page and "Guardar la capacidad" in page
    mail.outbox.clear()
    url = reverse("events:set_capacity", args=[event.slug])
    with committed():
        response = staff_client.post(url, {"capacity": "2"}, follow=True)
    assert "Capacidad guardada. Los cupos liberados se ofrecieron a la lista de espera." in response.content.decode()
    assert statuses(event) == ["confirmed", "offered", "waiting"]
    assert [m.to for m in mail.outbox] == [["p1@example.cl"]]
    # Bad input: a clear message next to the field, nothing changed.
    response = staff_client.post(url, {"capacity": "-3"})
    assert "La capacidad debe ser un número de cupos entre 0 y 100000" in response.content.decode()
    assert Event.objects.get(pk=event.pk).capacity == 2
    # Signed in but not staff: refused, nothing changed.
    client.force_login(UserFactory())
    assert client.post(url, {"capacity": "50"}).status_code == 403
    assert Event.objects.get(pk=event.pk).capacity == 2


def test_the_cohorts_staff_page_changes_the_capacity_through_the_domain(staff_client, client):
    cohort = CohortFactory(capacity=1)
    instructor = UserFactory()
    cohort.instructors.add(PersonFactory(user=instructor))
    for i in range(3):
        academy.enrol(
            cohort=cohort, person=PersonFactory(email=f"alumno{i}@example.cl"), actor=UserFactory(is_staff=True)
        )
    mail.outbox.clear()
    url = reverse("academy:set_capacity", args=[cohort.pk])
    with committed():
        response = staff_client.post(url, {"capacity": ""}, follow=True)  # empty: unlimited
    assert "Capacidad guardada." in response.content.decode()
    assert Cohort.objects.get(pk=cohort.pk).capacity is None
    assert sorted(m.to[0] for m in mail.outbox) == ["alumno1@example.cl", "alumno2@example.cl"]
    # An instructor takes attendance but does not set the seats.
    client.force_login(instructor)
    assert "Guardar la capacidad" not in client.get(reverse("academy:attendance", args=[cohort.pk])).content.decode()
    assert client.post(url, {"capacity": "1"}).status_code == 403
    assert Cohort.objects.get(pk=cohort.pk).capacity is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_raising_the_capacity_while_people_register_never_overbooks_nor_skips_the_queue():
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locking")
    event = upcoming(capacity=5)
    staff = UserFactory(is_staff=True)
    people, barrier, errors = 60, threading.Barrier(61), []

    def attendee(n):
        try:
            barrier.wait(timeout=60)
            events.register(event_id=event.pk, name=f"P{n}", email=f"p{n}@example.cl")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    def organiser():
        try:
            barrier.wait(timeout=60)
            set_event_capacity(actor=staff, event_id=event.pk, capacity=20)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attendee, args=(n,)) for n in range(people)]
    threads.append(threading.Thread(target=organiser))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors[:3]
    rows = list(Registration.objects.filter(event=event).order_by("pk").values_list("status", "position"))
    assert len(rows) == people
    holding = [r for r in rows if r[0] in ("confirmed", "offered")]
    assert len(holding) == 20  # all the new seats given, none more
    # Nobody jumps the queue: whoever queued before the raise was offered a seat before anyone
    # who came after got one, and the queue's numbers have no gaps.
    queued = sorted(r[1] for r in rows if r[1] is not None)
    assert queued == list(range(1, len(queued) + 1))
    offered = [r[1] for r in rows if r[0] == "offered"]
    assert all(p < q for p in offered for q in (r[1] for r in rows if r[0] == "waiting"))
