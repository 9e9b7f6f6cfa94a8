import datetime as dt

import pytest
from django.utils import timezone

from helix.territory.models import Region
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.events import EventFactory
from tests.factories.network import AgreementFactory, OrganisationFactory, commune

pytestmark = pytest.mark.django_db

STAFF_ONLY = ["/api/strategy/expansion", "/api/strategy/partners"]
PUBLIC = ["/api/strategy/coverage", "/api/strategy/countries"]


@pytest.fixture
def data():
    EventFactory(commune=commune(5101), starts_at=timezone.make_aware(dt.datetime(2026, 3, 3, 10)))
    a, b = OrganisationFactory(name="Uno"), OrganisationFactory(name="Dos", country="PE", commune=None, region=None)
    AgreementFactory(parties=[a, b])


@pytest.mark.parametrize("url", STAFF_ONLY)
def test_staff_only_endpoints_refuse_others(client, url):
    assert client.get(url).status_code == 401
    client.force_login(UserFactory())
    response = client.get(url)
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


@pytest.mark.parametrize("url", PUBLIC + STAFF_ONLY)
def test_staff_get_every_endpoint(client, data, url):
    client.force_login(StaffFactory())
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", PUBLIC)
def test_public_aggregates_name_no_organisation(client, data, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "Uno" not in response.content.decode() and "Dos" not in response.content.decode()


def test_coverage_figures_and_bad_input(client, data):
    body = client.get("/api/strategy/coverage?from=2026-01-01&to=2026-06-30").json()
    assert body["period"] == {"from": "2026-01-01", "to": "2026-06-30"}
    valparaiso = next(r for r in body["regions"] if r["code"] == 5)
    assert (valparaiso["events"], valparaiso["activities"], valparaiso["maturity"]) == (1, 1, None)
    assert body["communes"] == []
    assert len(client.get("/api/strategy/coverage?level=commune").json()["communes"]) == 346
    bad = client.get("/api/strategy/coverage?from=2026-02-30")
    assert bad.status_code == 400 and bad.json()["field_errors"]["from"] == "Ingresa una fecha válida (AAAA-MM-DD)."
    unknown = client.get("/api/strategy/coverage?country=PE")
    assert unknown.status_code == 400
    assert unknown.json()["detail"] == "No hay subdivisiones cargadas para el país PE."


def test_countries(client, data):
    rows = {row["country"]: row for row in client.get("/api/strategy/countries").json()}
    assert rows["PE"] == {
        "country": "PE",
        "name": "Perú",
        "members": 1,
        "partners": 1,
        "agreements": 1,
        "subdivisions": 0,
    }
    assert rows["CL"]["subdivisions"] == 16


def test_expansion_ranking_and_weights(client, data):
    client.force_login(StaffFactory())
    body = client.get("/api/strategy/expansion?from=2026-01-01&to=2026-12-31&w_need=0&w_opportunity=0&w_cost=10").json()
    assert body["weights"] == {"need": 0, "opportunity": 0, "cost": 10}
    assert body["ranking"][0]["name"] == "Valparaíso" and body["ranking"][0]["components"]["no_activity"] == 0
    assert body["ranking"][0]["id"] == Region.objects.get(code=5).pk and body["level"] == "region"
    assert len(body["ranking"]) == 16
    assert [s["key"] for s in body["scenarios"]] == ["deepen", "open"]
    assert body["scenarios"][1]["figures"]["new_places"] == 2
    bad = client.get("/api/strategy/expansion?w_need=11")
    assert bad.status_code == 400 and bad.json()["detail"] == "Cada peso es un número entero de 0 a 10."


def test_partners(client, data):
    client.force_login(StaffFactory())
    body = client.get("/api/strategy/partners").json()
    assert (body["organisations"], body["links"], body["isolated_count"]) == (2, 1, 0)
    assert body["best_placed"] == []


def test_openapi_documents_the_strategy_operations(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    coverage = [p["name"] for p in paths["/api/strategy/coverage"]["get"]["parameters"]]
    assert coverage == ["from", "to", "country", "level"]
    assert {"/api/strategy/countries", "/api/strategy/expansion", "/api/strategy/partners"} <= set(paths)


def test_expansion_by_commune(client, data):
    client.force_login(StaffFactory())
    url = "/api/strategy/expansion?from=2026-01-01&to=2026-12-31&level=commune&w_need=0&w_opportunity=0&w_cost=10"
    body = client.get(url).json()
    assert body["level"] == "commune" and len(body["ranking"]) == 346
    assert (body["ranking"][0]["id"], body["ranking"][0]["name"]) == (5101, "Valparaíso")
    deepen = body["scenarios"][0]
    assert deepen["label"] == "Profundizar en las comunas de las regiones centrales"
    assert 5101 in deepen["ids"] and 13101 in deepen["ids"] and 8101 not in deepen["ids"]
    assert client.get("/api/strategy/expansion?level=province").status_code == 422
