"""In a real browser: enrol in a cohort, then an instructor marks attendance with htmx."""

import pytest
from django.core import mail

from helix.academy.models import Attendance, Enrolment
from tests.factories import PersonFactory, UserFactory
from tests.factories.academy import CohortFactory, SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user, next_path):
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("form.card button[type=submit]")


def test_enrol_then_instructor_marks_attendance(page, live_server):
    cohort = CohortFactory(capacity=10, course__title="Gestión de datos municipales")
    session = SessionFactory(cohort=cohort, title="Datos abiertos")
    learner = UserFactory(full_name="Valentina Muñoz", email="valentina@example.cl")
    instructor = UserFactory(email="docente@example.cl")
    cohort.instructors.add(PersonFactory(user=instructor))

    # 1. A learner enrols from the cohort page and gets the confirmation e-mail.
    _sign_in(page, live_server, learner, cohort.get_absolute_url())
    page.click(f"form[action='/academy/cohorts/{cohort.pk}/enrol/'] button")
    page.wait_for_selector(".messages")
    enrolment = Enrolment.objects.get(cohort=cohort)
    assert enrolment.status == "confirmed" and enrolment.person.user == learner
    assert [m.to for m in mail.outbox] == [["valentina@example.cl"]]

    # 2. The instructor marks her present on the attendance grid (htmx swaps the row in place).
    page.context.clear_cookies()
    _sign_in(page, live_server, instructor, f"/academy/cohorts/{cohort.pk}/attendance/")
    row = page.locator(f"#row-{enrolment.pk}")
    row.locator("button").first.click()
    page.wait_for_selector(f"#row-{enrolment.pk} td:has-text('100%')")
    attendance = Attendance.objects.get(session=session, enrolment=enrolment)
    assert attendance.present and attendance.marked_by == instructor
