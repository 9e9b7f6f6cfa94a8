import pytest
from django.urls import reverse

from helix.academy import domain
from helix.certificates.domain import issue_certificate
from helix.outreach.domain import sending
from helix.outreach.models import Segment
from tests.factories import PersonFactory
from tests.factories.academy import CohortFactory, SessionFactory
from tests.factories.accounts import StaffFactory
from tests.outreach.helpers import subscriber

pytestmark = pytest.mark.django_db

MODELS = [
    "academy_course",
    "academy_cohort",
    "academy_enrolment",
    "academy_attendance",
    "certificates_certificate",
    "outreach_subscriber",
    "outreach_segment",
    "outreach_issue",
    "outreach_delivery",
]


@pytest.mark.parametrize("model", MODELS)
def test_admin_changelists_and_change_pages_load(staff_client, model):
    cohort = CohortFactory()
    session = SessionFactory(cohort=cohort)
    enrolment = domain.enrol(actor=StaffFactory(), cohort=cohort, person=PersonFactory())
    domain.mark_attendance(actor=StaffFactory(), session=session, enrolment_id=enrolment.pk, present=True)
    issue_certificate(person=enrolment.person, kind="completion", title="Curso", subject=cohort)
    subscriber("lector@example.cl")
    Segment.objects.create(name="Municipios", sectors=["government"])
    editor = StaffFactory()
    sending.queue_issue(actor=editor, issue=sending.create_issue(actor=editor, subject="Boletín", body_markdown="Hola"))
    response = staff_client.get(reverse(f"admin:{model}_changelist"))
    assert response.status_code == 200
    obj = response.context["cl"].result_list[0]
    assert staff_client.get(reverse(f"admin:{model}_change", args=[obj.pk])).status_code == 200
