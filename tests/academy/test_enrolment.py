import datetime as dt
import io

import pytest
from django.core import mail
from django.urls import reverse

from helix.academy import domain
from helix.academy.models import Enrolment
from helix.core import seats
from helix.core.errors import HelixError
from helix.core.seats import SeatStatus
from tests.factories import PersonFactory, UserFactory
from tests.factories.academy import CohortFactory
from tests.factories.accounts import StaffFactory
from tests.on_commit import committed

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)


def people(n):
    return [PersonFactory(email=f"alumno{i}@example.cl") for i in range(n)]


def test_capacity_then_waiting_list_in_arrival_order_with_emails():
    cohort = CohortFactory(capacity=2, course__title="Diplomado en Ciudades Inteligentes")
    with committed():
        enrolments = [domain.enrol(actor=StaffFactory(), cohort=cohort, person=p, now=T0) for p in people(4)]
    assert [e.status for e in enrolments] == ["confirmed", "confirmed", "waiting", "waiting"]
    assert [e.position for e in enrolments] == [None, None, 1, 2]
    assert [m.to[0] for m in mail.outbox] == [f"alumno{i}@example.cl" for i in range(4)]
    assert "Diplomado en Ciudades Inteligentes" in mail.outbox[0].subject
    assert "2" in mail.outbox[3].body  # waiting-list number


def test_cancellation_offers_seat_to_first_waiting_and_offer_expires():
    cohort = CohortFactory(capacity=1, offer_hours=24)
    first, second, third = (domain.enrol(actor=StaffFactory(), cohort=cohort, person=p, now=T0) for p in people(3))
    mail.outbox.clear()
    with committed():
        domain.cancel_enrolment(actor=StaffFactory(), enrolment=first, now=T0 + dt.timedelta(hours=1))
    second.refresh_from_db()
    assert second.status == SeatStatus.OFFERED
    assert second.offer_expires_at == T0 + dt.timedelta(hours=25)
    assert [m.to[0] for m in mail.outbox] == [second.person.email]
    # Too late: the offer lapses and the seat moves on to the third person.
    with pytest.raises(HelixError) as exc:
        domain.accept_offer(actor=StaffFactory(), enrolment=second, now=T0 + dt.timedelta(hours=26))
    assert exc.value.code == "expired"
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == SeatStatus.EXPIRED and third.status == SeatStatus.OFFERED
    domain.accept_offer(actor=StaffFactory(), enrolment=third, now=T0 + dt.timedelta(hours=27))
    third.refresh_from_db()
    assert third.status == SeatStatus.CONFIRMED
    assert Enrolment.objects.filter(cohort=cohort, status__in=["confirmed", "offered"]).count() == 1


def test_periodic_expiry_promotes_next():
    cohort = CohortFactory(capacity=1, offer_hours=2)
    first, second, third = (domain.enrol(actor=StaffFactory(), cohort=cohort, person=p, now=T0) for p in people(3))
    domain.cancel_enrolment(actor=StaffFactory(), enrolment=first, now=T0)
    assert seats.sweep(now=T0 + dt.timedelta(hours=1)) == {"expired": 0, "offered": 0}
    assert seats.sweep(now=T0 + dt.timedelta(hours=3)) == {"expired": 1, "offered": 1}
    third.refresh_from_db()
    assert third.status == SeatStatus.OFFERED


def test_double_enrolment_rejected_but_re_enrol_after_cancel_allowed():
    cohort = CohortFactory(capacity=5)
    person = PersonFactory()
    first = domain.enrol(actor=StaffFactory(), cohort=cohort, person=person, now=T0)
    with pytest.raises(HelixError) as exc:
        domain.enrol(actor=StaffFactory(), cohort=cohort, person=person, now=T0)
    assert exc.value.code == "duplicate"
    assert Enrolment.objects.filter(cohort=cohort).count() == 1
    domain.cancel_enrolment(actor=StaffFactory(), enrolment=first, now=T0)
    again = domain.enrol(actor=StaffFactory(), cohort=cohort, person=person, now=T0)
    assert again.status == SeatStatus.CONFIRMED


def test_closed_or_finished_cohort_rejected():
    closed = CohortFactory(enrolment_open=False)
    with pytest.raises(HelixError):
        domain.enrol(actor=StaffFactory(), cohort=closed, person=PersonFactory())
    finished = CohortFactory(starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 2, 1))
    with pytest.raises(HelixError) as exc:
        domain.enrol(actor=StaffFactory(), cohort=finished, person=PersonFactory())
    assert exc.value.code == "finished"
    assert not Enrolment.objects.exists()


def test_enrol_through_the_page_creates_person_for_account(client):
    user = UserFactory(full_name="Camila Fuentes", email="camila@example.cl")
    cohort = CohortFactory(capacity=1)
    client.force_login(user)
    response = client.post(reverse("academy:enrol", args=[cohort.pk]), follow=True)
    enrolment = Enrolment.objects.get()
    assert enrolment.person.user == user and enrolment.person.first_name == "Camila"
    assert enrolment.status == SeatStatus.CONFIRMED
    assert "confirm" in response.content.decode().lower()
    # Again: a clear message, nothing written.
    response = client.post(reverse("academy:enrol", args=[cohort.pk]), follow=True)
    assert Enrolment.objects.count() == 1
    assert list(response.context["messages"])


def test_enrolee_sees_and_acts_only_on_own_enrolment(client):
    cohort = CohortFactory(capacity=3)
    mine_user, other_user = UserFactory(), UserFactory()
    mine = domain.enrol(actor=StaffFactory(), cohort=cohort, person=PersonFactory(user=mine_user))
    other_person = PersonFactory(user=other_user, first_name="Otrapersona")
    other = domain.enrol(actor=StaffFactory(), cohort=cohort, person=other_person)
    client.force_login(mine_user)
    page = client.get(reverse("academy:mine"))
    assert [e.pk for e in page.context["enrolments"]] == [mine.pk]
    assert "Otrapersona" not in page.content.decode()
    assert client.post(reverse("academy:cancel", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.status == SeatStatus.CONFIRMED
    client.post(reverse("academy:cancel", args=[mine.pk]))
    mine.refresh_from_db()
    assert mine.status == SeatStatus.CANCELLED


def test_online_link_only_for_confirmed(client):
    cohort = CohortFactory(capacity=1, mode="online", online_url="https://meet.example.cl/diplomado")
    url = cohort.get_absolute_url()
    assert "meet.example.cl" not in client.get(url).content.decode()
    confirmed_user, waiting_user = UserFactory(), UserFactory()
    domain.enrol(actor=StaffFactory(), cohort=cohort, person=PersonFactory(user=confirmed_user))
    domain.enrol(actor=StaffFactory(), cohort=cohort, person=PersonFactory(user=waiting_user))
    client.force_login(waiting_user)
    assert "meet.example.cl" not in client.get(url).content.decode()
    client.force_login(confirmed_user)
    assert "meet.example.cl" in client.get(url).content.decode()


def test_my_enrolments_query_count(client, django_assert_num_queries):
    user = UserFactory()
    person = PersonFactory(user=user)
    client.force_login(user)
    domain.enrol(actor=StaffFactory(), cohort=CohortFactory(), person=person)
    with django_assert_num_queries(4):
        client.get(reverse("academy:mine"))
    for _ in range(3):
        domain.enrol(actor=StaffFactory(), cohort=CohortFactory(), person=person)
    with django_assert_num_queries(4):
        response = client.get(reverse("academy:mine"))
    assert len(response.context["enrolments"]) == 4
    # A completion certificate shows up as a download link on its enrolment.
    from helix.certificates.domain import issue_certificate

    enrolment = response.context["enrolments"][0]
    cert = issue_certificate(person=person, kind="completion", title="Curso", subject=enrolment.cohort)
    page = client.get(reverse("academy:mine")).content.decode()
    assert reverse("certificates:download", args=[cert.code]) in page


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_enrolments_never_exceed_capacity():
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locking")
    cohort = CohortFactory(capacity=5)
    persons = [PersonFactory() for _ in range(30)]
    staff = StaffFactory()

    def go(person):
        try:
            return domain.enrol(actor=staff, cohort=cohort, person=person, notify=False).status
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(go, persons))
    assert results.count("confirmed") == 5
    waiting = Enrolment.objects.filter(cohort=cohort, status="waiting").order_by("position")
    positions = list(waiting.values_list("position", flat=True))
    assert positions == list(range(1, 26))


def test_expire_command_offers_seat_on():
    from django.core.management import call_command
    from django.utils import timezone

    earlier = timezone.now() - dt.timedelta(hours=3)
    cohort = CohortFactory(capacity=1, offer_hours=1)
    first, second, third = (domain.enrol(actor=StaffFactory(), cohort=cohort, person=p, now=earlier) for p in people(3))
    domain.cancel_enrolment(actor=StaffFactory(), enrolment=first, now=earlier)  # second's offer lapsed two hours ago
    mail.outbox.clear()
    with committed():
        call_command("expire_offers", stdout=io.StringIO())
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == (SeatStatus.EXPIRED, SeatStatus.OFFERED)
    assert [m.to[0] for m in mail.outbox] == [third.person.email]
