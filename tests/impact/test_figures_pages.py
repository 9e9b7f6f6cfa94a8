"""The impact pages: the public page shows aggregates only; dashboard, drill-downs, manual figures and
reports are staff-only; periods come from ?from=&to= and bad ones are explained, never a 500."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import formats, timezone

from helix.core.tabular import read_table
from helix.impact.figures import BY_KEY
from helix.impact.models import ManualFigure
from helix.network.models import Agreement
from tests.factories import AgreementFactory, OrganisationFactory, UserFactory
from tests.offline import foreign_references

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture
def partner():
    home = OrganisationFactory(name="Municipalidad de Quillota", kind="municipality")
    abroad = OrganisationFactory(name="Ciudad de Montevideo", country="UY", commune=None, region=None)
    AgreementFactory(parties=[home, abroad], status=Agreement.Status.ACTIVE, start_date=timezone.localdate())
    return abroad


def test_public_page_shows_figures_and_definitions_but_no_names(client, partner):
    page = client.get(reverse("impact:public")).content.decode()
    assert "Nuestro impacto" in page
    assert "Entidades internacionales con convenio vigente" in page
    assert "Los convenios vencidos o terminados no cuentan." in page
    assert "Desafíos publicados" in page
    assert "Ciudad de Montevideo" not in page
    assert "Municipalidad de Quillota" not in page
    assert "{% block coverage %}" not in page


def test_public_page_period_and_bad_period(client, partner):
    page = client.get(reverse("impact:public"), {"from": "2020-01-01", "to": "2020-12-31"}).content.decode()
    first, last = (formats.date_format(dt.date(2020, m, d), "SHORT_DATE_FORMAT") for m, d in ((1, 1), (12, 31)))
    assert f"Del {first} al {last}" in page
    response = client.get(reverse("impact:public"), {"from": "2026-02-31"})
    assert response.status_code == 200
    assert "Ingresa una fecha válida (AAAA-MM-DD)." in response.content.decode()


def test_public_page_marks_manual_figures(client, staff_user):
    ManualFigure.objects.create(
        label="Alcance en medios",
        value=Decimal("125000"),
        unit="US$",
        source="Informe de prensa",
        date=timezone.localdate(),
    )
    page = client.get(reverse("impact:public")).content.decode()
    assert "Cifras registradas fuera de Helix" in page
    assert '<span class="badge">manual</span> Alcance en medios' in page


@pytest.mark.parametrize(
    "url",
    [
        reverse("impact:dashboard"),
        reverse("impact:figure", args=["actors_connected"]),
        reverse("impact:manual"),
        reverse("impact:report_pdf"),
        reverse("impact:report_xlsx"),
    ],
)
def test_staff_pages_refuse_others(client, url):
    assert client.get(url).status_code == 302  # anonymous: to sign in
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


def test_dashboard_compares_with_a_year_earlier(staff_client, partner):
    today = timezone.localdate()
    old_home, old_abroad = OrganisationFactory(), OrganisationFactory(country="AR", commune=None, region=None)
    AgreementFactory(parties=[old_home, old_abroad], status="active", start_date=today - dt.timedelta(days=500))
    start = today - dt.timedelta(days=30)
    response = staff_client.get(reverse("impact:dashboard"), {"from": start.isoformat(), "to": today.isoformat()})
    page = response.content.decode()
    assert "Panel de impacto" in page
    assert "Un año antes" in page
    # Now: both partners are under active agreements; a year earlier only the Argentinian one was.
    row = page.split('data-key="international_entities_under_agreement"')[1].split("</tr>")[0]
    assert '<td class="value">2</td><td class="previous">1</td><td class="change">+1</td>' in row
    assert 'id="comparison-chart"' in page and "plotly/plotly.min.js" in page
    assert foreign_references(page) == []


def test_drilldown_lists_the_records_behind_the_number(staff_client, partner):
    url = reverse("impact:figure", args=["international_entities_under_agreement"])
    page = staff_client.get(url).content.decode()
    assert '<span id="figure-value">1</span>' in page
    assert "Ciudad de Montevideo" in page
    assert "Por país" in page and "Uruguay" in page


def test_drilldown_of_an_unknown_figure_is_404(staff_client):
    assert staff_client.get(reverse("impact:figure", args=["made_up"])).status_code == 404


def test_drilldown_people_set(staff_client):
    page = staff_client.get(reverse("impact:figure", args=["actors_connected"]), {"set": "people"}).content.decode()
    assert "<h2>Personas</h2>" in page
    assert "No hay registros en este período." in page


def test_staff_enters_a_manual_figure(staff_client, staff_user):
    data = {"label": "Alcance en medios", "value": "125000", "unit": "US$", "source": "Informe", "date": "2026-06-30"}
    response = staff_client.post(reverse("impact:manual"), data, follow=True)
    assert "Cifra manual guardada." in response.content.decode()
    figure = ManualFigure.objects.get()
    assert (figure.value, figure.entered_by) == (Decimal("125000"), staff_user)
    bad = staff_client.post(reverse("impact:manual"), data | {"value": "-3"})
    assert bad.status_code == 200
    assert ManualFigure.objects.count() == 1


def test_reports(staff_client, partner):
    pdf = staff_client.get(reverse("impact:report_pdf"), {"from": "2026-01-01", "to": timezone.localdate().isoformat()})
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    xlsx = staff_client.get(reverse("impact:report_xlsx"))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    table = read_table(b"".join(xlsx.streaming_content), "impacto.xlsx")
    assert table.headers[:4] == ["Sección", "Clave", "Cifra", "Valor"]
    rows = {cells[1]: cells for _line, cells in table.rows}
    assert rows["international_entities_under_agreement"][3] == "1"
    assert rows["funnel.published"][0] == "Embudo"


def test_nav_links(client, staff_client):
    assert 'href="/impact/"' in client.get(reverse("impact:public")).content.decode()
    assert 'href="/impact/dashboard/"' in staff_client.get(reverse("impact:public")).content.decode()


@pytest.mark.parametrize("key", list(BY_KEY))
def test_every_drilldown_and_breakdown_answers(staff_client, client, partner, key):
    figure = BY_KEY[key]
    for record_set in figure.record_sets:
        page = staff_client.get(reverse("impact:figure", args=[key]), {"set": record_set.slug}).content.decode()
        assert f"<h2>{record_set.label}</h2>" in page
        assert figure.definition_text in page
    body = client.get(f"/api/impact/figures/{key}/breakdown").json()
    assert set(body["breakdowns"]) == {"year", *figure.dimensions}
