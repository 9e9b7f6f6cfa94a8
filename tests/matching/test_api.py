"""The matching API: visibility, write permissions, validation errors, and the OpenAPI schema."""

import pytest

from helix.matching.domain.matching import recompute_challenge
from helix.matching.models import Challenge, Match, PipelineEntry, Solution
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from tests.factories.matching import ChallengeFactory, SolutionFactory

from .conftest import representative_of

pytestmark = pytest.mark.django_db
API = "/api/matching"


def test_list_hides_staff_only_and_drafts(client, municipality):
    ChallengeFactory(organisation=municipality, title="Público")
    secret = ChallengeFactory(organisation=municipality, title="Interno", visibility=Challenge.Visibility.STAFF)
    ChallengeFactory(organisation=municipality, title="Borrador", status=Challenge.Status.DRAFT)
    data = client.get(f"{API}/challenges").json()
    assert [c["title"] for c in data["items"]] == ["Público"]
    assert client.get(f"{API}/challenges/{secret.pk}").status_code == 404


def test_staff_sees_everything(staff_client, municipality):
    ChallengeFactory(organisation=municipality, visibility=Challenge.Visibility.STAFF)
    ChallengeFactory(organisation=municipality, status=Challenge.Status.DRAFT)
    assert staff_client.get(f"{API}/challenges").json()["count"] == 2


def test_officer_creates_and_updates_a_challenge(client, officer, municipality):
    client.force_login(officer)
    payload = {
        "organisation": municipality.pk,
        "title": "Luminarias apagadas",
        "description": "Las luminarias de la costanera pasan apagadas.",
        "commune": 5101,
        "topics": ["energy"],
        "status": "open",
        "visibility": "staff",
    }
    response = client.post(f"{API}/challenges", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["region"] == 5 and body["topics"] == ["energy"] and body["visibility"] == "public"
    response = client.patch(f"{API}/challenges/{body['id']}", {"budget_max": 9000000}, content_type="application/json")
    assert response.status_code == 200 and response.json()["budget_max"] == 9000000
    assert Challenge.objects.get().budget_max == 9000000


def test_anonymous_and_outsiders_cannot_write(client, municipality, provider_rep):
    challenge = ChallengeFactory(organisation=municipality)
    payload = {"organisation": municipality.pk, "title": "X", "description": "Y"}
    assert client.post(f"{API}/challenges", payload, content_type="application/json").status_code == 401
    client.force_login(provider_rep)
    assert client.post(f"{API}/challenges", payload, content_type="application/json").status_code == 403
    response = client.patch(f"{API}/challenges/{challenge.pk}", {"title": "Hackeado"}, content_type="application/json")
    assert response.status_code == 403
    challenge.refresh_from_db()
    assert challenge.title != "Hackeado"


def test_invalid_input_is_422_not_500(client, officer, municipality):
    client.force_login(officer)
    base = {"organisation": municipality.pk, "title": "Presupuesto", "description": "Texto"}
    for extra in ({"commune": 99999}, {"topics": ["no-such-topic"]}, {"budget_min": 10**20}, {"title": "x" * 301}):
        response = client.post(f"{API}/challenges", {**base, **extra}, content_type="application/json")
        assert response.status_code == 422, (extra, response.content)
    # A rule of the domain (not the schema) refuses with 400 and its Spanish text.
    response = client.post(
        f"{API}/challenges", {**base, "budget_min": 10, "budget_max": 5}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "El presupuesto máximo no puede ser menor que el mínimo."
    assert not Challenge.objects.exists()


def test_provider_manages_only_its_own_solutions(client, provider, provider_rep):
    person = PersonFactory()
    MembershipFactory(person=person, organisation=provider)
    client.force_login(provider_rep)
    payload = {
        "provider": provider.pk,
        "title": "Smart waste bins",
        "description": "Fill-level sensors for municipal waste containers.",
        "language": "en",
        "regions": [5, 13],
        "topics": ["waste"],
        "contact": person.pk,
        "status": "published",
    }
    response = client.post(f"{API}/solutions", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert sorted(response.json()["regions"]) == [5, 13]
    other = SolutionFactory(provider=OrganisationFactory())
    response = client.patch(f"{API}/solutions/{other.pk}", {"title": "Mía"}, content_type="application/json")
    assert response.status_code == 403
    payload["provider"] = other.provider_id
    assert client.post(f"{API}/solutions", payload, content_type="application/json").status_code == 403
    assert Solution.objects.count() == 2


def test_matches_interest_dismiss_and_pipeline(client, municipality, provider, officer, provider_rep):
    solution = SolutionFactory(provider=provider, description="Sensores de basura en contenedores")
    challenge = ChallengeFactory(organisation=municipality, description="Basura en contenedores")
    recompute_challenge(challenge_id=challenge.pk)
    match = Match.objects.get()
    matches = client.get(f"{API}/challenges/{challenge.pk}/matches").json()["items"]
    assert [m["solution"] for m in matches] == [solution.pk] and matches[0]["why"]
    assert client.get(f"{API}/solutions/{solution.pk}/matches").json()["items"][0]["challenge"] == challenge.pk

    outsider = representative_of(OrganisationFactory())
    client.force_login(outsider)
    assert client.post(f"{API}/matches/{match.pk}/interest").status_code == 403
    move = {"challenge": challenge.pk, "solution": solution.pk, "to_stage": "shortlisted"}
    assert client.post(f"{API}/pipeline/move", move, content_type="application/json").status_code == 403

    client.force_login(provider_rep)
    assert client.post(f"{API}/matches/{match.pk}/interest").json()["interested_provider_side"] is True
    response = client.post(f"{API}/pipeline/move", move, content_type="application/json")
    assert response.status_code == 200 and response.json()["stage"] == "shortlisted"
    skip = {**move, "to_stage": "solved"}
    assert client.post(f"{API}/pipeline/move", skip, content_type="application/json").status_code in (403, 422)

    client.force_login(officer)
    assert client.post(f"{API}/matches/{match.pk}/dismiss").json()["state"] == "dismissed"
    assert client.get(f"{API}/challenges/{challenge.pk}/matches").json()["items"] == []
    assert PipelineEntry.objects.get().stage == "discarded"


def test_openapi_schema_lists_matching_endpoints(client):
    schema = client.get("/api/openapi.json").json()
    for path in ("/api/matching/challenges", "/api/matching/solutions", "/api/matching/matches/{match_id}"):
        assert path in schema["paths"]


def test_api_list_query_count_does_not_grow(client, municipality, provider, django_assert_max_num_queries):
    def add():
        ChallengeFactory(organisation=municipality)
        SolutionFactory(provider=provider)

    add()
    counts = {}
    for name in ("challenges", "solutions"):
        with django_assert_max_num_queries(15) as ctx:
            client.get(f"{API}/{name}")
        counts[name] = len(ctx.captured_queries)
    for _ in range(4):
        add()
    for name in ("challenges", "solutions"):
        with django_assert_max_num_queries(counts[name]):
            assert len(client.get(f"{API}/{name}").json()["items"]) == 5
