from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from helix.academy import domain
from helix.academy.domain.completion import check_completion
from helix.certificates.models import Certificate
from helix.core.errors import HelixError
from tests.factories import PersonFactory, UserFactory
from tests.factories.academy import CohortFactory, SessionFactory
from tests.factories.accounts import StaffFactory
from tests.on_commit import committed


@pytest.mark.parametrize(
    ("attended", "sessions", "threshold", "expected"),
    [
        (3, 4, 75, True),  # exactly 75 %
        (2, 4, 75, False),
        (74, 100, 75, False),
        (75, 100, 75, True),
        (2, 3, 75, False),  # 66.7 %
        (0, 0, 75, False),  # nothing to attend
        (0, 4, 0, True),
        (4, 4, 100, True),
    ],
)
def test_attendance_rule(attended, sessions, threshold, expected):
    check = check_completion(attended=attended, sessions=sessions, threshold=threshold, mark=None, pass_mark=None)
    assert check.completed is expected


@pytest.mark.parametrize(
    ("mark", "pass_mark", "expected"),
    [(Decimal("4.0"), Decimal("4.0"), True), (Decimal("3.9"), Decimal("4.0"), False), (None, Decimal("4.0"), False)],
)
def test_final_mark_rule(mark, pass_mark, expected):
    assert check_completion(attended=4, sessions=4, threshold=75, mark=mark, pass_mark=pass_mark).completed is expected


@given(st.integers(0, 60), st.integers(1, 60), st.integers(0, 100))
def test_rule_matches_exact_percentage(attended, sessions, threshold):
    attended = min(attended, sessions)
    check = check_completion(attended=attended, sessions=sessions, threshold=threshold, mark=None, pass_mark=None)
    assert check.completed == (Decimal(attended) / Decimal(sessions) * 100 >= threshold)


def _cohort_with(n_sessions, **kw):
    cohort = CohortFactory(**kw)
    sessions = [SessionFactory(cohort=cohort) for _ in range(n_sessions)]
    return cohort, sessions


@pytest.mark.django_db
def test_evaluate_completion_issues_certificates_once():
    cohort, sessions = _cohort_with(4, course__title="Gestión de datos municipales", course__pass_mark=Decimal("4.0"))
    ana = domain.enrol(actor=StaffFactory(), cohort=cohort, person=PersonFactory(email="ana@example.cl"))
    beto = domain.enrol(actor=StaffFactory(), cohort=cohort, person=PersonFactory(email="beto@example.cl"))
    carla = domain.enrol(actor=StaffFactory(), cohort=cohort, person=PersonFactory(email="carla@example.cl"))
    for s in sessions[:3]:  # 75 % each
        for e in (ana, beto, carla):
            domain.mark_attendance(actor=StaffFactory(), session=s, enrolment_id=e.pk, present=True)
    domain.mark_attendance(actor=StaffFactory(), session=sessions[3], enrolment_id=carla.pk, present=False)
    domain.set_final_mark(actor=StaffFactory(), cohort=cohort, enrolment_id=ana.pk, mark=Decimal("4.0"))
    domain.set_final_mark(actor=StaffFactory(), cohort=cohort, enrolment_id=beto.pk, mark=Decimal("3.9"))
    mail.outbox.clear()
    with committed():
        completed = domain.evaluate_completion(actor=StaffFactory(), cohort=cohort)
    assert [e.pk for e in completed] == [ana.pk]
    cert = Certificate.objects.get()
    assert (cert.person, cert.kind, cert.subject, cert.title) == (ana.person, "completion", cohort, cohort.course.title)
    assert [m.to for m in mail.outbox] == [["ana@example.cl"]]
    assert mail.outbox[0].attachments[0][1].startswith(b"%PDF")
    # Carla's mark arrives; re-running adds her only.
    domain.set_final_mark(actor=StaffFactory(), cohort=cohort, enrolment_id=carla.pk, mark=Decimal("6.5"))
    with committed():
        domain.evaluate_completion(actor=StaffFactory(), cohort=cohort)
    assert Certificate.objects.count() == 2 and len(mail.outbox) == 2
    ana.refresh_from_db()
    assert ana.completed_at


@pytest.mark.django_db
def test_marks_out_of_range_and_unconfirmed_rejected():
    cohort, sessions = _cohort_with(1, capacity=1)
    confirmed = domain.enrol(actor=StaffFactory(), cohort=cohort, person=PersonFactory())
    waiting = domain.enrol(actor=StaffFactory(), cohort=cohort, person=PersonFactory())
    with pytest.raises(HelixError):
        domain.set_final_mark(actor=StaffFactory(), cohort=cohort, enrolment_id=confirmed.pk, mark=Decimal("7.5"))
    with pytest.raises(HelixError):
        domain.mark_attendance(actor=StaffFactory(), session=sessions[0], enrolment_id=waiting.pk, present=True)


@pytest.mark.django_db
def test_attendance_page_htmx_toggle_for_instructor_only(client):
    cohort, sessions = _cohort_with(2)
    enrolment = domain.enrol(actor=StaffFactory(), cohort=cohort, person=PersonFactory(first_name="Daniela"))
    instructor_user = UserFactory()
    cohort.instructors.add(PersonFactory(user=instructor_user))
    url = reverse("academy:mark", args=[cohort.pk, sessions[0].pk, enrolment.pk])
    client.force_login(UserFactory())
    assert client.get(reverse("academy:attendance", args=[cohort.pk])).status_code == 403
    assert client.post(url, {"present": "1"}).status_code == 403
    client.force_login(instructor_user)
    page = client.get(reverse("academy:attendance", args=[cohort.pk]))
    assert "Daniela" in page.content.decode()
    response = client.post(url, {"present": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="row-{enrolment.pk}"' in response.content.decode() and "50%" in response.content.decode()
    assert enrolment.attendance.get().present is True


@pytest.mark.django_db
def test_attendance_page_query_count(staff_client, django_assert_num_queries):
    cohort, sessions = _cohort_with(3)
    e = domain.enrol(actor=StaffFactory(), cohort=cohort, person=PersonFactory())
    domain.mark_attendance(actor=StaffFactory(), session=sessions[0], enrolment_id=e.pk, present=True)
    url = reverse("academy:attendance", args=[cohort.pk])
    with django_assert_num_queries(8):
        staff_client.get(url)
    for _ in range(4):
        e = domain.enrol(actor=StaffFactory(), cohort=cohort, person=PersonFactory())
        domain.mark_attendance(actor=StaffFactory(), session=sessions[1], enrolment_id=e.pk, present=True)
    with django_assert_num_queries(8):
        response = staff_client.get(url)
    assert len(response.context["rows"]) == 5
