import pytest

from helix.territory.domain import load_territory
from helix.territory.models import Commune, Region
from tests.factories.accounts import StaffFactory
from tests.offline import foreign_references

pytestmark = pytest.mark.django_db


def test_territory_is_loaded_with_official_codes():
    assert Region.objects.count() == 16
    assert Commune.objects.count() == 346
    valparaiso = Commune.objects.get(cut=5101)
    assert valparaiso.name == "Valparaíso"
    assert valparaiso.region.code == 5
    assert Region.objects.get(code=16).name.startswith("Ñuble")
    assert Commune.objects.get(cut=12202).area_km2 is None  # Antártica has no DPA 2023 area


def test_loading_twice_changes_nothing():
    Commune.objects.filter(cut=5101).update(name="Valpo", population=1)
    result = load_territory()
    assert result["created"] == 0
    assert Commune.objects.count() == 346
    commune = Commune.objects.get(cut=5101)
    assert (commune.name, commune.population > 1) == ("Valparaíso", True)


def test_region_and_commune_pages(client):
    page = client.get("/territory/regions/5/")
    assert "Valparaíso" in page.content.decode()
    assert client.get("/territory/communes/5101/").status_code == 200
    assert client.get("/territory/communes/999999/").status_code == 404


def test_map_uses_the_locally_served_plotly(client):
    page = client.get("/territory/").content.decode()
    assert "/static/plotly/plotly.min.js" in page
    assert foreign_references(page) == []
    assert "chile_regions.geojson" in page  # shapes fetched once by URL, not inlined
    assert len(page) < 200_000
    assert "Metropolitana" in page


def test_region_list_query_count_is_constant(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        client.get("/territory/")
    with django_assert_max_num_queries(4):
        client.get("/territory/regions/13/")


def test_commune_page_links_organisations_and_public_experts(client, django_assert_max_num_queries):
    from helix.network.domain import create_organisation, create_person

    valpo = Commune.objects.get(cut=5101)
    create_organisation(actor=StaffFactory(), name="Municipalidad de Valparaíso", kind="municipality", commune=valpo)
    create_person(first_name="Pública", last_name="Experta", commune=valpo, public_profile=True)
    create_person(first_name="Privada", last_name="Oculta", commune=valpo, public_profile=False)
    with django_assert_max_num_queries(4):
        body = client.get("/territory/communes/5101/").content.decode()
    assert "Municipalidad de Valparaíso" in body and "Pública Experta" in body
    assert "Privada" not in body
    assert "/directory/?q=Valpara%C3%ADso" in body


def test_region_page_links_to_the_filtered_directory(client):
    body = client.get("/territory/regions/5/").content.decode()
    assert "/directory/?region=5" in body and "/directory/?tab=people&amp;region=5" in body


def test_region_shapes_are_served_as_a_static_file():
    import json

    from django.contrib.staticfiles import finders

    with open(finders.find("territory/chile_regions.geojson"), encoding="utf-8") as fh:
        shapes = json.load(fh)
    assert {f["properties"]["region_code"] for f in shapes["features"]} == set(range(1, 17))
