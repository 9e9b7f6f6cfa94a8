"""helix.api turns a HelixError raised by a domain function into a 400 with the translated text and code."""

import pytest

from helix.academy.models import Enrolment
from tests.factories import UserFactory
from tests.factories.academy import CohortFactory

pytestmark = pytest.mark.django_db


def test_domain_error_becomes_a_400_with_spanish_text_and_code(client):
    cohort = CohortFactory(capacity=5)
    client.force_login(UserFactory())
    assert client.post(f"/api/academy/cohorts/{cohort.pk}/enrol").status_code == 201
    again = client.post(f"/api/academy/cohorts/{cohort.pk}/enrol")
    assert again.status_code == 400
    assert again.json() == {
        "detail": "Ya tienes una inscripción en esta cohorte.",
        "code": "duplicate",
        "field_errors": {},
    }
    assert Enrolment.objects.filter(cohort=cohort).count() == 1


def test_the_text_follows_the_callers_language(client):
    cohort = CohortFactory(capacity=5)
    client.force_login(UserFactory())
    client.cookies["django_language"] = "en"
    client.post(f"/api/academy/cohorts/{cohort.pk}/enrol")
    again = client.post(f"/api/academy/cohorts/{cohort.pk}/enrol")
    assert again.json() == {
        "detail": "You are already enrolled in this cohort.",
        "code": "duplicate",
        "field_errors": {},
    }
