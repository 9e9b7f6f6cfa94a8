import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helix.network.domain import add_membership, create_organisation, create_person
from helix.territory.models import Commune
from tests.factories.accounts import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def muni():
    org = create_organisation(
        actor=StaffFactory(),
        name="Municipalidad de Valparaíso",
        kind="municipality",
        commune=Commune.objects.get(cut=5101),
        topics=["water"],
        operating_regions=[5],
    )
    expert = create_person(
        first_name="Carla", last_name="Díaz", email="carla@example.cl", public_profile=True, gender="female"
    )
    add_membership(person=expert, organisation=org, position="Directora SECPLA")
    hidden = create_person(first_name="Oculto", email="oculto@example.cl", public_profile=False)
    add_membership(person=hidden, organisation=org)
    return org


def test_search_organisations_ignores_accents(client, muni):
    data = client.get("/api/directory/organisations", {"q": "valparaiso municipalidad"}).json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["name"] == "Municipalidad de Valparaíso"
    assert (item["commune_cut"], item["region_code"], item["topics"]) == (5101, 5, ["water"])
    assert item["url"] == "/directory/organisations/municipalidad-de-valparaiso/"
    assert client.get("/api/directory/organisations", {"sector": "company"}).json()["count"] == 0


def test_organisation_detail_lists_only_public_members(client, muni):
    data = client.get(f"/api/directory/organisations/{muni.slug}").json()
    assert data["operating_regions"] == [5]
    assert [m["name"] for m in data["members"]] == ["Carla Díaz"]
    assert data["members"][0]["position"] == "Directora SECPLA"
    assert client.get("/api/directory/organisations/no-existe").status_code == 404


def test_people_are_public_profiles_without_private_fields(client, muni):
    data = client.get("/api/directory/people", {"q": "diaz"}).json()
    assert data["count"] == 1
    person = data["items"][0]
    assert person["name"] == "Carla Díaz" and person["organisations"] == [muni.slug]
    assert "email" not in person and "gender" not in person
    assert "carla@example.cl" not in str(data) and "female" not in str(data)
    assert client.get("/api/directory/people", {"q": "oculto"}).json()["count"] == 0


def test_topics_and_regions(client):
    topics = client.get("/api/directory/topics", {"limit": 100}).json()["items"]
    water = next(t for t in topics if t["code"] == "water")
    assert water["parent"] == "environment" and water["name_es"] == "Agua"
    assert len(topics) == 52
    regions = client.get("/api/directory/regions").json()["items"]
    assert len(regions) == 16
    assert "Valparaíso" in next(r for r in regions if r["code"] == 5)["name"]


def test_list_query_count_is_constant(client, muni):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/directory/organisations").status_code == 200
            assert client.get("/api/directory/people").status_code == 200
        return len(ctx)

    one = count()
    for i in range(5):
        org = create_organisation(actor=StaffFactory(), name=f"Empresa {i}", kind="sme", topics=["energy", "data"])
        add_membership(
            person=create_person(first_name=f"E{i}", public_profile=True, expertise=["data"]), organisation=org
        )
    assert count() == one


def test_openapi_schema_loads(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/directory/organisations" in paths and "/api/directory/organisations/{slug}" in paths
