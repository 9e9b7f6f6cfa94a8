import io
import random

import pytest

from helix.academy import queries
from helix.academy.models import Enrolment
from helix.certificates.domain import verify_code
from helix.certificates.models import Certificate
from helix.demo import academy as academy_demo
from helix.demo import outreach as outreach_demo
from helix.demo.dates import today
from helix.outreach.models import Issue, Subscriber

pytestmark = pytest.mark.django_db


def test_demo_seeds_are_consistent():
    counts = academy_demo.seed(rng=random.Random("academy"), scale=1, stdout=io.StringIO())
    assert counts["courses"] == 7 and counts["certificates"] > 0
    assert Enrolment.objects.filter(status="waiting").exists()  # upcoming cohorts overflow
    assert queries.professionals_trained() > 0
    cert = Certificate.objects.order_by("pk").first()
    assert verify_code(cert.code).is_valid
    assert cert.issued_at.date() < today()  # certificates are for cohorts that already ended

    counts = outreach_demo.seed(rng=random.Random("outreach"), scale=1, stdout=io.StringIO())
    assert Issue.objects.filter(status="sent").count() == 4
    assert Issue.objects.filter(status="draft").count() == 1
    month = outreach_demo.MONTHS[today().month - 1]
    assert Issue.objects.get(status="draft").subject == f"Boletín Helix · {month} {today().year} (borrador)"
    assert counts["deliveries"] == 4 * Subscriber.objects.filter(status="confirmed").count()
    assert not Subscriber.objects.filter(consent_text="").exists()
