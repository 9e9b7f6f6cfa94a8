"""Beyond Chile (issue 9 §4), in a real browser: the country overview lists where the network has members,
partners and agreements; a country opens with its subdivisions, its coverage follows, and the coverage
moves back to Chile's map by choosing the country."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from helix.territory.countries import load_country
from helix.territory.models import Region
from tests.factories.events import EventFactory
from tests.factories.network import AgreementFactory, OrganisationFactory, commune

from .test_strategy import _offline

pytestmark = pytest.mark.browser


@pytest.fixture
def abroad():
    """Chile: two members, one under agreement with a Peruvian university. Peru (subdivisions loaded): the
    university in Lima and an event there. Uruguay: one member, no agreement, no subdivisions."""
    load_country("PE")
    lima = Region.objects.get(iso_code="PE-LIM")
    home = OrganisationFactory(name="Municipalidad de Valparaíso", kind="municipality", commune=commune(5101))
    OrganisationFactory(name="Aguas del Desierto SpA", commune=commune(2101))
    limena = OrganisationFactory(name="Universidad Limeña", kind="university", country="PE", commune=None, region=lima)
    AgreementFactory(parties=[home, limena])
    OrganisationFactory(name="Intendencia de Montevideo", kind="municipality", country="UY", commune=None, region=None)
    when = timezone.now() - dt.timedelta(days=2)
    EventFactory(commune=None, region=lima, country="PE", organiser=home, starts_at=when)
    EventFactory(commune=commune(5101), starts_at=when)


def rows(page, selector: str) -> list[list[str]]:
    return [
        [" ".join(cell.split()) for cell in row.locator("td").all_inner_texts()]
        for row in page.locator(f"{selector} tbody tr").all()
    ]


def test_country_overview_then_a_country_and_its_coverage(page, live_server, abroad):
    outside = _offline(page, live_server)
    page.goto(f"{live_server.url}/impact/coverage/")
    page.get_by_role("link", name="Países").click()
    expect(page.locator("h1")).to_have_text("Dónde está la red")
    # Country, members, partners under agreement, active agreements, subdivisions loaded.
    table = rows(page, "#countries")
    assert table[0] == ["Chile", "2", "1", "1", "16"]
    assert table[1:] == [["Perú", "1", "1", "1", "26"], ["Uruguay", "1", "0", "0", "0"]]

    page.locator("#countries").get_by_role("link", name="Perú").click()
    expect(page.locator("h1")).to_have_text("Perú")
    expect(page.locator("#country-figures")).to_have_text("1 miembros, 1 socios con convenio, 1 convenios activos.")
    lima = next(row for row in rows(page, "table") if row[0] == "Lima")
    assert lima[2:] == ["PE-LIM", "1"]

    page.get_by_role("link", name="Cobertura en este país").click()
    expect(page.locator("select[name=country]")).to_have_value("PE")
    lima = next(row for row in rows(page, "#coverage-regions") if row[0] == "Lima")
    assert lima[1:3] == ["1", "1"]  # the event there; the university seated there
    assert page.locator("#coverage-map .choroplethlayer").count() == 0  # only Chile's shapes are shipped

    # Back to Chile from the country selector: its regions and the map (htmx, the address follows).
    page.select_option("select[name=country]", "CL")
    page.wait_for_selector("#coverage-map .choroplethlayer path")
    assert page.locator("#coverage-map .choroplethlayer path").count() == 16
    assert "country=CL" in page.url
    valparaiso = next(row for row in rows(page, "#coverage-regions") if row[0] == "Valparaíso")
    assert valparaiso[1] == "1"
    assert outside == []
