"""The impact API: public aggregates, staff-only records, 400 on bad periods, 404 on unknown keys."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from helix.network.models import Agreement
from tests.factories import AgreementFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _agreement():
    cache.clear()
    AgreementFactory(
        parties=[
            OrganisationFactory(),
            OrganisationFactory(name="Ciudad de Lima", country="PE", commune=None, region=None),
        ],
        status=Agreement.Status.ACTIVE,
        start_date=timezone.localdate(),
    )


def test_figures_are_public_with_definitions(client):
    body = client.get("/api/impact/figures", {"from": "2026-01-01", "to": timezone.localdate().isoformat()}).json()
    assert body["period"] == {"from": "2026-01-01", "to": timezone.localdate().isoformat()}
    figures = {f["key"]: f for f in body["figures"]}
    assert len(figures) == 7
    assert figures["international_entities_under_agreement"]["value"] == 1
    assert (
        figures["international_entities_under_agreement"]["label"] == "Entidades internacionales con convenio vigente"
    )
    assert figures["actors_connected"]["definition_version"] == 1
    assert [s["stage"] for s in body["funnel"]][0] == "published"
    assert "Ciudad de Lima" not in str(body)


def test_funnel(client):
    body = client.get("/api/impact/funnel").json()
    assert body["definition_version"] == 1
    assert [s["count"] for s in body["stages"]] == [0, 0, 0, 0, 0]


def test_breakdown_is_public_aggregate(client):
    body = client.get("/api/impact/figures/international_entities_under_agreement/breakdown").json()
    assert body["breakdowns"]["country"] == [{"value": "PE", "label": "Perú", "count": 1}]


def test_bad_period_is_400_naming_the_field(client):
    response = client.get("/api/impact/figures", {"from": "2026-01-01", "to": "2025-01-01"})
    assert response.status_code == 400
    assert response.json()["field_errors"] == {"to": "El fin del período no puede ser anterior a su inicio."}


def test_unknown_figure_is_404(client):
    assert client.get("/api/impact/figures/nope/breakdown").status_code == 404


def test_records_are_staff_only(client, staff_client):
    url = "/api/impact/figures/international_entities_under_agreement/records"
    from django.test import Client

    assert Client().get(url).status_code == 401
    other = Client()
    other.force_login(UserFactory())
    forbidden = other.get(url)
    assert forbidden.status_code == 403
    assert forbidden.json()["detail"] == "Solo el equipo puede ver los registros detrás de una cifra."
    body = staff_client.get(url).json()
    assert body["count"] == 1
    assert body["records"][0]["name"] == "Ciudad de Lima"
