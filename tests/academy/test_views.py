import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from helix.academy import domain, queries
from helix.academy.models import Enrolment
from helix.territory.models import Commune, Region
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory
from tests.factories.academy import CohortFactory, CourseFactory, SessionFactory
from tests.factories.accounts import StaffFactory

pytestmark = pytest.mark.django_db


def test_catalogue_lists_published_courses_and_query_count(client, django_assert_num_queries):
    CohortFactory(course__title="Diplomado en Ciudades Inteligentes")
    CourseFactory(title="Curso oculto", published=False)
    with django_assert_num_queries(2):
        response = client.get(reverse("academy:catalogue"))
    body = response.content.decode()
    assert "Diplomado en Ciudades Inteligentes" in body and "Curso oculto" not in body
    for i in range(3):
        CohortFactory(course__kind="webinar", course__title=f"Webinar {i}")
    with django_assert_num_queries(2):
        response = client.get(reverse("academy:catalogue"))
    assert len(response.context["courses"]) == 4
    webinars = client.get(reverse("academy:catalogue"), {"kind": "webinar"})
    assert len(webinars.context["courses"]) == 3


def test_course_and_cohort_pages(client, django_assert_num_queries):
    cohort = CohortFactory(capacity=1, course__title="Gestión de datos municipales")
    SessionFactory(cohort=cohort, title="Datos abiertos")
    domain.enrol(actor=StaffFactory(), cohort=cohort, person=PersonFactory())
    course_page = client.get(cohort.course.get_absolute_url())
    assert "Gestión de datos municipales" in course_page.content.decode()
    page = client.get(cohort.get_absolute_url())
    assert "Datos abiertos" in page.content.decode()
    assert page.context["seats_left"] == 0
    assert client.get(reverse("academy:cohort", args=["otro-curso", cohort.pk])).status_code == 404
    assert client.get(reverse("academy:course", args=["no-existe"])).status_code == 404


def _completed(person, *, year=2025, course=None):
    cohort = CohortFactory(course=course or CourseFactory())
    enrolment = domain.enrol(actor=StaffFactory(), cohort=cohort, person=person, notify=False)
    Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=dt.datetime(year, 11, 20, 12, tzinfo=dt.UTC))
    return enrolment


def test_professionals_trained_counts_by_region_sector_year():
    valpo = Commune.objects.get(cut=5101)
    santiago_org = OrganisationFactory(kind="municipality", commune=Commune.objects.get(cut=13101))
    ana = PersonFactory(commune=valpo)  # region from her commune
    MembershipFactory(person=ana, organisation=OrganisationFactory(kind="university"))
    beto = MembershipFactory(organisation=santiago_org).person  # region from his organisation
    carla = PersonFactory()  # no region, no sector
    _completed(ana, year=2025)
    _completed(ana, year=2026)  # two courses: still one person
    _completed(beto, year=2026)
    _completed(carla, year=2026)
    # Enrolled but not completed: not counted.
    domain.enrol(actor=StaffFactory(), cohort=CohortFactory(), person=PersonFactory(commune=valpo), notify=False)

    assert queries.professionals_trained() == 3
    assert queries.professionals_trained(year=2026) == 3
    assert queries.professionals_trained(year=2025) == 1
    by_region = dict(queries.professionals_trained_by("region_id"))
    assert by_region == {Region.objects.get(code=5).pk: 1, Region.objects.get(code=13).pk: 1, None: 1}
    assert dict(queries.professionals_trained_by("sector")) == {"academia": 1, "government": 1, None: 1}
    assert dict(queries.professionals_trained_by("year")) == {2025: 1, 2026: 3}
    assert queries.professionals_trained(sector="government", region_id=Region.objects.get(code=13).pk) == 1


def test_dashboard_staff_only_and_query_count(client, staff_client, django_assert_num_queries):
    _completed(PersonFactory(commune=Commune.objects.get(cut=5101)))
    url = reverse("academy:dashboard")
    with django_assert_num_queries(7):
        response = staff_client.get(url)
    assert "Valparaíso" in response.content.decode()
    for cut in (13101, 8101, 5101):
        _completed(PersonFactory(commune=Commune.objects.get(cut=cut)), year=2026)
    with django_assert_num_queries(7):
        response = staff_client.get(url)
    assert response.context["total"] == 4
    client.logout()
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


def test_exports_csv_and_xlsx(staff_client):
    cohort = CohortFactory(course__pass_mark=Decimal("4.0"))
    session = SessionFactory(cohort=cohort, title="Sesión inaugural")
    e = domain.enrol(actor=StaffFactory(), cohort=cohort, person=PersonFactory(first_name="Óscar", last_name="Núñez"))
    domain.mark_attendance(actor=StaffFactory(), session=session, enrolment_id=e.pk, present=True)
    domain.set_final_mark(actor=StaffFactory(), cohort=cohort, enrolment_id=e.pk, mark=Decimal("6.0"))
    domain.evaluate_completion(actor=StaffFactory(), cohort=cohort)
    response = staff_client.get(reverse("academy:export", args=[cohort.pk, "enrolments", "csv"]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[1][0] == "Óscar Núñez" and rows[1][5] == "6.0" and rows[1][6]
    response = staff_client.get(reverse("academy:export", args=[cohort.pk, "attendance", "xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][0] == "Sesión inaugural" and values[1][2] == "Óscar Núñez"
    response = staff_client.get(reverse("academy:export", args=[cohort.pk, "certificates", "csv"]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][0] == "Óscar Núñez" and len(rows[1][6]) == 17
    assert staff_client.get(reverse("academy:export", args=[cohort.pk, "secrets", "csv"])).status_code == 404


def test_exports_forbidden_to_participants(client):
    cohort = CohortFactory()
    user = UserFactory()
    domain.enrol(actor=StaffFactory(), cohort=cohort, person=PersonFactory(user=user))
    client.force_login(user)
    assert client.get(reverse("academy:export", args=[cohort.pk, "enrolments", "csv"])).status_code == 403


# --- API -----------------------------------------------------------------------------------------


def test_api_courses_and_cohort(client, django_assert_num_queries):
    cohort = CohortFactory(course__title="Webinar IA municipal", course__kind="webinar", capacity=10)
    with django_assert_num_queries(2):
        data = client.get("/api/academy/courses").json()["items"]
    assert data[0]["title"] == "Webinar IA municipal" and data[0]["cohorts"][0]["capacity"] == 10
    for _ in range(3):
        CohortFactory()
    with django_assert_num_queries(2):
        assert len(client.get("/api/academy/courses").json()["items"]) == 4
    assert client.get(f"/api/academy/cohorts/{cohort.pk}").json()["seats_taken"] == 0
    assert client.get("/api/academy/courses/nope").status_code == 404


def test_api_enrol_list_cancel_own_only(client):
    cohort = CohortFactory(capacity=1)
    assert client.post(f"/api/academy/cohorts/{cohort.pk}/enrol").status_code == 401
    user, other = UserFactory(), UserFactory()
    client.force_login(user)
    created = client.post(f"/api/academy/cohorts/{cohort.pk}/enrol")
    assert created.status_code == 201 and created.json()["status"] == "confirmed"
    again = client.post(f"/api/academy/cohorts/{cohort.pk}/enrol")
    assert again.status_code == 400 and again.json()["detail"]
    assert [e["id"] for e in client.get("/api/academy/enrolments").json()["items"]] == [created.json()["id"]]
    client.force_login(other)
    assert client.get("/api/academy/enrolments").json()["items"] == []
    assert client.post(f"/api/academy/enrolments/{created.json()['id']}/cancel").status_code == 404
    waiting = client.post(f"/api/academy/cohorts/{cohort.pk}/enrol").json()
    assert waiting["status"] == "waiting" and waiting["position"] == 1
    client.force_login(user)
    cancelled = client.post(f"/api/academy/enrolments/{created.json()['id']}/cancel").json()
    assert cancelled["status"] == "cancelled"
    assert Enrolment.objects.get(pk=waiting["id"]).status == "offered"


def test_api_in_openapi_schema(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/academy/courses", "/api/academy/cohorts/{cohort_id}/enrol", "/api/academy/enrolments"} <= set(paths)


def test_finished_cohorts_not_in_catalogue_next():
    CohortFactory(starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 1, 2))
    course = queries.catalogue(today=timezone.localdate()).get()
    assert course.open_cohorts == []


def test_course_and_cohort_pages_query_count(client, django_assert_num_queries):
    cohort = CohortFactory()
    course = cohort.course
    SessionFactory(cohort=cohort)
    cohort.instructors.add(PersonFactory())
    with django_assert_num_queries(3):
        client.get(course.get_absolute_url())
    with django_assert_num_queries(3):
        client.get(cohort.get_absolute_url())
    for _ in range(3):
        CohortFactory(course=course)
        SessionFactory(cohort=cohort)
        cohort.instructors.add(PersonFactory())
    with django_assert_num_queries(3):
        response = client.get(course.get_absolute_url())
    assert len(response.context["cohorts"]) == 4
    with django_assert_num_queries(3):
        response = client.get(cohort.get_absolute_url())
    assert len(response.context["sessions"]) == 4


def test_api_my_enrolments_query_count(client, django_assert_num_queries):
    user = UserFactory()
    person = PersonFactory(user=user)
    client.force_login(user)
    domain.enrol(actor=StaffFactory(), cohort=CohortFactory(), person=person, notify=False)
    with django_assert_num_queries(3):
        assert len(client.get("/api/academy/enrolments").json()["items"]) == 1
    for _ in range(3):
        domain.enrol(actor=StaffFactory(), cohort=CohortFactory(), person=person, notify=False)
    with django_assert_num_queries(3):
        assert len(client.get("/api/academy/enrolments").json()["items"]) == 4
