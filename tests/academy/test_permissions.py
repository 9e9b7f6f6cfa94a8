"""Academy rules, refused alike by the domain function and by every entry point (page and API)."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from helix.academy import domain
from helix.academy.models import Attendance, Enrolment
from helix.core.seats import SeatStatus
from tests.factories import PersonFactory, UserFactory
from tests.factories.academy import CohortFactory, SessionFactory
from tests.factories.accounts import StaffFactory

pytestmark = pytest.mark.django_db

INSTRUCTORS_ONLY = "Solo el equipo Helix y los docentes de la cohorte pueden hacer esto."


def _api_post(client, url):
    return client.post(url, "{}", content_type="application/json")


def test_anonymous_cannot_enrol_by_domain_page_nor_api(client):
    cohort = CohortFactory()
    with pytest.raises(PermissionDenied, match="No puedes inscribir a esta persona."):
        domain.enrol(cohort=cohort, person=PersonFactory(), actor=AnonymousUser())
    response = client.post(reverse("academy:enrol", args=[cohort.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert _api_post(client, f"/api/academy/cohorts/{cohort.pk}/enrol").status_code == 401
    assert not Enrolment.objects.exists()


def test_a_person_enrols_only_themself():
    cohort = CohortFactory()
    someone_else = PersonFactory(user=UserFactory())
    with pytest.raises(PermissionDenied, match="No puedes inscribir a esta persona."):
        domain.enrol(cohort=cohort, person=someone_else, actor=UserFactory())
    assert not Enrolment.objects.exists()
    me = UserFactory()
    own = domain.enrol(cohort=cohort, person=PersonFactory(user=me), actor=me)
    assert own.status == SeatStatus.CONFIRMED


def test_nobody_else_cancels_an_enrolment(client):
    owner = UserFactory()
    enrolment = domain.enrol(cohort=CohortFactory(), person=PersonFactory(user=owner), actor=owner)
    intruder = UserFactory()
    with pytest.raises(PermissionDenied, match="No puedes modificar esta inscripción."):
        domain.cancel_enrolment(enrolment=enrolment, actor=intruder)
    with pytest.raises(PermissionDenied, match="No puedes modificar esta inscripción."):
        domain.accept_offer(enrolment=enrolment, actor=intruder)
    client.force_login(intruder)
    # The page and the API answer as for an unknown id: they reveal nothing about other people's enrolments.
    assert client.post(reverse("academy:cancel", args=[enrolment.pk])).status_code == 404
    assert _api_post(client, f"/api/academy/enrolments/{enrolment.pk}/cancel").status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == SeatStatus.CONFIRMED
    client.force_login(owner)
    assert _api_post(client, f"/api/academy/enrolments/{enrolment.pk}/cancel").json()["status"] == "cancelled"


@pytest.fixture
def class_day():
    session = SessionFactory()
    enrolment = domain.enrol(cohort=session.cohort, person=PersonFactory(), actor=StaffFactory())
    return session, enrolment


def test_only_staff_and_instructors_mark_attendance(client, class_day):
    session, enrolment = class_day
    cohort = session.cohort
    participant = UserFactory()
    with pytest.raises(PermissionDenied, match=INSTRUCTORS_ONLY):
        domain.mark_attendance(session=session, enrolment_id=enrolment.pk, present=True, actor=participant)
    client.force_login(participant)
    response = client.post(reverse("academy:mark", args=[cohort.pk, session.pk, enrolment.pk]), {"present": "1"})
    assert response.status_code == 403 and INSTRUCTORS_ONLY in response.content.decode()
    assert not Attendance.objects.exists()
    instructor = UserFactory()
    cohort.instructors.add(PersonFactory(user=instructor))
    client.force_login(instructor)
    client.post(reverse("academy:mark", args=[cohort.pk, session.pk, enrolment.pk]), {"present": "1"})
    assert Attendance.objects.get().marked_by == instructor


def test_only_staff_and_instructors_set_marks_and_completion(client, class_day):
    session, enrolment = class_day
    cohort = session.cohort
    participant = UserFactory()
    with pytest.raises(PermissionDenied, match=INSTRUCTORS_ONLY):
        domain.set_final_mark(cohort=cohort, enrolment_id=enrolment.pk, mark=Decimal("7.0"), actor=participant)
    with pytest.raises(PermissionDenied, match=INSTRUCTORS_ONLY):
        domain.evaluate_completion(cohort=cohort, actor=participant)
    client.force_login(participant)
    response = client.post(reverse("academy:final_mark", args=[cohort.pk, enrolment.pk]), {"mark": "7.0"})
    assert response.status_code == 403 and INSTRUCTORS_ONLY in response.content.decode()
    response = client.post(reverse("academy:complete", args=[cohort.pk]))
    assert response.status_code == 403 and INSTRUCTORS_ONLY in response.content.decode()
    enrolment.refresh_from_db()
    cohort.refresh_from_db()
    assert enrolment.final_mark is None and cohort.completion_evaluated_at is None


def test_nobody_else_accepts_an_offered_seat_on_the_page(client):
    cohort = CohortFactory(capacity=1)
    first, second = UserFactory(), UserFactory()
    taken = domain.enrol(cohort=cohort, person=PersonFactory(user=first), actor=first)
    offered = domain.enrol(cohort=cohort, person=PersonFactory(user=second), actor=second)
    domain.cancel_enrolment(enrolment=taken, actor=first)
    offered.refresh_from_db()
    assert offered.status == SeatStatus.OFFERED
    client.force_login(first)
    assert client.post(reverse("academy:accept", args=[offered.pk])).status_code == 404
    offered.refresh_from_db()
    assert offered.status == SeatStatus.OFFERED


def test_cohort_online_link_only_for_a_confirmed_seat(client):
    cohort = CohortFactory(capacity=1, mode="online", online_url="https://reunion.example/clase-privada")
    first, second = UserFactory(), UserFactory()
    domain.enrol(cohort=cohort, person=PersonFactory(user=first), actor=first)
    domain.enrol(cohort=cohort, person=PersonFactory(user=second), actor=second)
    client.force_login(second)
    assert "clase-privada" not in client.get(cohort.get_absolute_url()).content.decode()
    client.force_login(first)
    assert "clase-privada" in client.get(cohort.get_absolute_url()).content.decode()
