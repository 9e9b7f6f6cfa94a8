"""One convention across the API: one ErrorOut, bounded inputs (422, never a 500), capped pagination."""

import json

import pytest

from helix.matching.models import Challenge, Solution
from tests.factories import EventFactory, OrganisationFactory, UserFactory
from tests.factories.matching import ChallengeFactory
from tests.matching.conftest import representative_of

pytestmark = pytest.mark.django_db
HUGE = 10**20

LISTS = [
    "/api/events/",
    "/api/directory/organisations",
    "/api/directory/people",
    "/api/matching/challenges",
    "/api/matching/solutions",
]


def post(client, url, data, method="post"):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def test_one_error_schema_used_by_every_operation(client):
    schema = client.get("/api/openapi.json").json()
    errors = [name for name in schema["components"]["schemas"] if "Error" in name]
    assert errors == ["ErrorOut"]
    assert set(schema["components"]["schemas"]["ErrorOut"]["properties"]) == {"detail", "code", "field_errors"}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for status in ("400", "401", "403", "404", "422", "429"):
                ref = operation["responses"][status]["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/ErrorOut", (method, path, status)


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("param", ["page", "offset", "limit"])
def test_huge_paging_parameters_are_422_not_500(client, url, param):
    response = client.get(url, {param: HUGE})
    if param == "page":  # not a parameter of the convention: ignored
        assert response.status_code == 200
        return
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and param in body["field_errors"]
    assert body["detail"] == f"La solicitud no es válida: {param}."


def test_limit_is_capped_at_100_and_lists_share_one_shape(client):
    ChallengeFactory.create_batch(3)
    assert client.get("/api/matching/challenges", {"limit": 100000}).status_code == 422
    page = client.get("/api/matching/challenges", {"limit": 2, "offset": 1}).json()
    assert page["count"] == 3 and len(page["items"]) == 2
    for url in LISTS:
        assert set(client.get(url).json()) == {"items", "count"}, url


def test_huge_numbers_in_bodies_are_422(client):
    municipality = OrganisationFactory(kind="municipality")
    client.force_login(representative_of(municipality))
    base = {"organisation": municipality.pk, "title": "Agua", "description": "Riego"}
    assert post(client, "/api/matching/challenges", {**base, "budget_min": HUGE}).status_code == 422
    assert post(client, "/api/matching/challenges", {**base, "region": HUGE}).status_code == 422
    solution = {"provider": municipality.pk, "title": "Sensores", "description": "IoT", "regions": [HUGE]}
    response = post(client, "/api/matching/solutions", solution)
    assert response.status_code == 422 and "regions.0" in response.json()["field_errors"]
    assert not Challenge.objects.exists() and not Solution.objects.exists()
    event = EventFactory()
    response = post(client, f"/api/events/{event.slug}/register", {"session_ids": [HUGE]})
    assert response.status_code == 422 and "session_ids.0" in response.json()["field_errors"]
    assert client.get(f"/api/matching/challenges/{HUGE}").status_code == 422


def test_patch_with_null_for_a_required_field_is_422_and_changes_nothing(client):
    challenge = ChallengeFactory(title="Antes")
    client.force_login(representative_of(challenge.organisation))
    for field in ("title", "description", "organisation", "status", "topics"):
        response = post(client, f"/api/matching/challenges/{challenge.pk}", {field: None}, method="patch")
        assert response.status_code == 422, field
        assert field in response.json()["field_errors"]
    challenge.refresh_from_db()
    assert challenge.title == "Antes"
    # Fields that may be empty still accept null.
    response = post(client, f"/api/matching/challenges/{challenge.pk}", {"deadline": None}, method="patch")
    assert response.status_code == 200


def test_long_text_is_422(client):
    challenge = ChallengeFactory(title="Antes")
    client.force_login(representative_of(challenge.organisation))
    response = post(client, f"/api/matching/challenges/{challenge.pk}", {"title": "x" * 10_000}, method="patch")
    assert response.status_code == 422
    challenge.refresh_from_db()
    assert challenge.title == "Antes"


def test_statuses_and_bodies_follow_the_convention(client):
    assert client.get("/api/matching/challenges/999999").json() == {
        "detail": "No encontrado.",
        "code": "not_found",
        "field_errors": {},
    }
    unauthorised = client.get("/api/events/registrations/mine")
    assert unauthorised.status_code == 401
    assert unauthorised.json()["code"] == "unauthorized"
    assert unauthorised.json()["detail"] == "Inicia sesión o envía un token de API válido (Authorization: Bearer …)."
    client.force_login(UserFactory())
    other = ChallengeFactory()
    response = post(client, f"/api/matching/challenges/{other.pk}", {"title": "Hackeado"}, method="patch")
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
