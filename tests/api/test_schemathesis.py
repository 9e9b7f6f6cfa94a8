"""Property-based fuzzing of the API's OpenAPI schema, in-process (the WSGI app), as anonymous and as
staff with a read-and-write API token: a fixed, derandomized example budget per operation; no 5xx,
statuses, content types and bodies as the schema publishes them. Runs with the suite (CI)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from helix.api import api
from helix.apitokens import domain as tokens
from tests.factories.accounts import StaffFactory
from tests.factories.matching import ChallengeFactory, SolutionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
# Django's WSGI handler, not helix.wsgi: that module refuses to serve on the demo key with DEBUG off (tests).
schema.app = get_wsgi_application()

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
BUDGET = settings(
    max_examples=4,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes "old" connections at each request's start and end (CONN_MAX_AGE=0 in CI),
    which would close the test's own transaction; Django's test client disconnects the same receiver."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def staff_token(settings):
    settings.NINJA_DEFAULT_THROTTLE_RATES = {"token": "100000/min", "ip": "100000/min"}
    # A few records, so that reads find something to serialise.
    ChallengeFactory()
    SolutionFactory()
    _token, raw = tokens.create_token(actor=StaffFactory(), name="fuzz", scope="write", days=7)
    return raw


@schema.parametrize()
@BUDGET
def test_anonymous_calls_never_fail_and_match_the_schema(case, staff_token):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@BUDGET
def test_staff_calls_never_fail_and_match_the_schema(case, staff_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {staff_token}"}, checks=CHECKS)
