import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from helix.network.models import Agreement
from helix.territory.countries import load_country
from helix.territory.models import Commune, Region
from tests.factories.network import AgreementFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_chile_keeps_its_regions_and_communes_with_iso_codes():
    chile = Region.objects.filter(country="CL")
    assert chile.count() == 16
    assert Commune.objects.count() == 346
    assert set(chile.values_list("subdivision_type", flat=True)) == {"Region"}
    assert Region.objects.get(code=16).iso_code == "CL-NB"
    assert Region.objects.get(code=13).iso_code == "CL-RM"
    assert not chile.filter(iso_code="").exists()


def test_loading_chile_changes_no_name_code_or_commune():
    before = list(Region.objects.values_list("pk", "code", "name", "iso_code").order_by("pk"))
    result = load_country("cl")
    assert result == {"subdivisions": 16, "created": 0, "updated": 0}
    assert list(Region.objects.values_list("pk", "code", "name", "iso_code").order_by("pk")) == before


def test_load_country_is_idempotent_with_spanish_names(capsys):
    call_command("load_country", "PE")
    assert "26 subdivisions (26 new, 0 updated)" in capsys.readouterr().out
    call_command("load_country", "PE")
    assert "26 subdivisions (0 new, 0 updated)" in capsys.readouterr().out
    peru = Region.objects.filter(country="PE")
    assert peru.count() == 26
    assert peru.get(iso_code="PE-LIM").subdivision_type == "Region"
    assert peru.get(iso_code="PE-LIM").code is None
    load_country("BR")  # Portuguese names translated to Spanish where the catalogue has them
    assert Region.objects.get(iso_code="BR-SP").name == "São Paulo"
    assert Region.objects.filter(country="CL").count() == 16


def test_an_unknown_country_is_refused_with_a_message():
    with pytest.raises(CommandError, match="Código de país desconocido: XX."):
        call_command("load_country", "XX")


def test_territory_map_still_lists_only_chile(client):
    load_country("PE")
    page = client.get("/territory/").content.decode()
    assert "Metropolitana" in page
    assert "Loreto" not in page


def test_countries_page_lists_members_partners_and_agreements(client):
    load_country("PE")
    lima = Region.objects.get(iso_code="PE-LIM")
    peruvian = OrganisationFactory(name="Municipalidad de Miraflores", country="PE", commune=None, region=lima)
    OrganisationFactory(name="Universidad Limeña", country="PE", commune=None, region=lima)
    chilean = OrganisationFactory(name="Municipalidad de Valparaíso")
    AgreementFactory(parties=[peruvian, chilean], status=Agreement.Status.ACTIVE)
    AgreementFactory(parties=[peruvian], status=Agreement.Status.EXPIRED)
    page = client.get("/impact/countries/").content.decode()
    assert "Perú" in page and "Chile" in page
    peru_row = page.split("Perú</a></td>")[1].split("</tr>")[0]
    assert peru_row.replace(" ", "").startswith("<td>2</td><td>1</td><td>1</td><td>26</td>")
    detail = client.get("/impact/countries/pe/").content.decode()
    assert "2 miembros, 1 socios con convenio, 1 convenios activos." in detail
    assert "Loreto" in detail and "Región" in detail
    assert client.get("/impact/countries/ZZ/").status_code == 404
