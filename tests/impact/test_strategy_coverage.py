import datetime as dt

import pytest
from django.utils import timezone

from helix.events.models import Event
from helix.impact.period import Period
from helix.impact.reach import municipalities_reached
from helix.impact.strategy.coverage import compute_coverage, coverage
from helix.network.models import Agreement
from helix.territory.models import Region
from tests.factories.academy import CohortFactory
from tests.factories.events import EventFactory
from tests.factories.matching import ChallengeFactory
from tests.factories.network import AgreementFactory, OrganisationFactory, commune
from tests.offline import foreign_references

pytestmark = pytest.mark.django_db

YEAR = Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30))


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


@pytest.fixture
def story():
    """Valparaíso: reached through an agreement in March, one event, one cohort. Santiago: an open
    challenge that went nowhere. A draft event and an event after the period don't count."""
    valpo = OrganisationFactory(name="Municipalidad de Valparaíso", kind="municipality", commune=commune(5101))
    santiago = OrganisationFactory(name="Municipalidad de Santiago", kind="municipality", commune=commune(13101))
    provider = OrganisationFactory(name="Proveedora Ltda.")
    reached = ChallengeFactory(organisation=valpo, status="pilot")
    ChallengeFactory(organisation=santiago, commune=commune(13101))
    ChallengeFactory(organisation=santiago, commune=commune(13101), status="draft")
    AgreementFactory(
        parties=[valpo, provider],
        challenge=reached,
        status=Agreement.Status.ACTIVE,
        confirmed_at=at(dt.date(2026, 3, 2)),
        start_date=dt.date(2026, 3, 2),  # confirming sets it (network.domain)
    )
    EventFactory(commune=commune(5101), starts_at=at(dt.date(2026, 4, 1)))
    EventFactory(commune=commune(5101), starts_at=at(dt.date(2026, 4, 2)), status=Event.Status.DRAFT)
    EventFactory(commune=commune(5101), starts_at=at(dt.date(2026, 8, 1)))
    CohortFactory(commune=commune(5103), starts_on=dt.date(2025, 12, 1), ends_on=dt.date(2026, 1, 15))
    return valpo, santiago


def test_municipalities_reached_counts_the_agreement_in_its_period(story):
    valpo, _santiago = story
    assert municipalities_reached(YEAR) == {valpo.pk}
    assert municipalities_reached(YEAR, country="cl") == {valpo.pk}
    assert municipalities_reached(YEAR, country="PE") == set()
    assert municipalities_reached(Period(dt.date(2026, 4, 1), dt.date(2026, 6, 30))) == set()


def test_region_and_commune_coverage(story):
    data = compute_coverage(YEAR, "CL")
    regions = {row["code"]: row for row in data["regions"]}
    valparaiso, metropolitana = regions[5], regions[13]
    assert (valparaiso["events"], valparaiso["cohorts"], valparaiso["activities"]) == (1, 1, 2)
    assert (valparaiso["municipalities_reached"], valparaiso["municipalities"]) == (1, 38)
    assert valparaiso["actors"] == 2  # the municipality and the provider (seated in Valparaíso)
    assert (metropolitana["open_challenges"], metropolitana["municipalities_reached"]) == (1, 0)
    assert valparaiso["open_challenges"] == 0  # its challenge is a pilot now
    assert valparaiso["maturity"] is None and data["has_maturity"] is False
    communes = {row["cut"]: row for row in data["communes"]}
    assert (communes[5101]["reached"], communes[5101]["activities"], communes[5103]["activities"]) == (1, 1, 1)
    assert data["totals"]["municipalities"] == 346
    assert data["totals"]["regions_with_activity"] == 1


def test_cached_coverage_follows_a_new_event(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        EventFactory(commune=commune(5101), starts_at=at(dt.date(2026, 4, 1)))
    assert coverage(YEAR)["totals"]["activities"] == 1
    with django_capture_on_commit_callbacks(execute=True):  # the data version moves when the write commits
        EventFactory(commune=commune(13101), starts_at=at(dt.date(2026, 5, 1)))
    assert coverage(YEAR)["totals"]["activities"] == 2


def test_coverage_page_in_spanish_with_a_local_map(client, story):
    page = client.get("/impact/coverage/?from=2026-01-01&to=2026-06-30").content.decode()
    assert "Cobertura territorial" in page
    assert "<strong>1</strong> de 346 municipios alcanzados" in page
    assert "Madurez: sin diagnósticos aún." in page
    assert "chile_regions.geojson" in page and "/static/impact/topojson/" in page
    assert foreign_references(page) == [] and "https://" not in page.split("<main")[-1]
    communes = client.get("/impact/coverage/?from=2026-01-01&to=2026-06-30&level=commune").content.decode()
    assert "chile_communes.geojson" in communes


def test_a_bad_period_gets_a_message_not_a_500(client, story):
    page = client.get("/impact/coverage/?from=2026-13-01&to=2026-06-30")
    assert page.status_code == 200
    assert "Ingresa una fecha válida (AAAA-MM-DD)." in page.content.decode()


def test_map_fragment_and_region_card(client, story):
    fragment = client.get("/impact/coverage/map/?from=2026-01-01&to=2026-06-30", headers={"HX-Request": "true"})
    body = fragment.content.decode()
    assert body.lstrip().startswith("<section") and "<html" not in body
    region = Region.objects.get(code=5)
    card = client.get(f"/impact/coverage/regions/{region.pk}/?from=2026-01-01&to=2026-06-30").content.decode()
    assert "1 de 38" in card
    assert "Empresa: 1" in card and "Gobierno: 1" in card
    assert "sin diagnósticos aún" in card
    assert client.get("/impact/coverage/regions/999999/").status_code == 404


def test_coverage_query_count_does_not_grow(client, story, django_assert_max_num_queries):
    OrganisationFactory.create_batch(5)
    with django_assert_max_num_queries(20):
        client.get("/impact/coverage/?from=2026-01-01&to=2026-06-30")


def test_maturity_is_the_mean_of_each_organisations_latest_diagnostic(client, story):
    from helix.surveys.models import Response
    from tests.factories.accounts import StaffFactory
    from tests.factories.surveys import every_type_questionnaire, open_campaign

    valpo, santiago = story
    vina = OrganisationFactory(name="Municipalidad de Viña del Mar", kind="municipality", commune=commune(5109))
    staff = StaffFactory()
    questionnaire, _questions = every_type_questionnaire(staff)
    first = open_campaign(staff, questionnaire, [valpo, vina, santiago], title="Diagnóstico 2025")
    second = open_campaign(staff, questionnaire, [valpo], title="Diagnóstico 2026")
    submitted = Response.Status.SUBMITTED

    def answer(campaign, org, overall, day):
        Response.objects.filter(campaign=campaign, organisation=org).update(
            status=submitted, scores={"overall": overall}, submitted_at=at(day)
        )

    answer(first, valpo, 1.0, dt.date(2025, 5, 1))
    answer(second, valpo, 3.0, dt.date(2026, 5, 1))  # the latest one counts
    answer(first, vina, 2.0, dt.date(2025, 6, 1))
    # Santiago's response stays "invited": no maturity for the Metropolitana region
    data = compute_coverage(YEAR, "CL")
    regions = {row["code"]: row for row in data["regions"]}
    assert regions[5]["maturity"] == 2.5 and regions[13]["maturity"] is None
    assert data["has_maturity"] is True
    page = client.get("/impact/coverage/?from=2026-01-01&to=2026-06-30").content.decode()
    assert "sin diagnósticos aún" not in page and "<td>2,5</td>" in page


def test_coverage_of_another_country_without_a_map(client):
    from helix.territory.countries import load_country

    load_country("PE")
    lima = Region.objects.get(iso_code="PE-LIM")
    miraflores = OrganisationFactory(
        name="Municipalidad de Miraflores", kind="municipality", country="PE", commune=None, region=lima
    )
    ChallengeFactory(organisation=miraflores, commune=None, region=lima)
    EventFactory(commune=None, organiser=miraflores, starts_at=at(dt.date(2026, 2, 2)))  # held abroad
    data = compute_coverage(YEAR, "PE")
    row = next(r for r in data["regions"] if r["iso_code"] == "PE-LIM")
    assert (row["events"], row["actors"], row["municipalities"], row["open_challenges"]) == (1, 1, 1, 1)
    assert len(data["regions"]) == 26 and data["communes"] == []
    page = client.get("/impact/coverage/?country=PE&from=2026-01-01&to=2026-06-30").content.decode()
    assert "Aún no hay mapa para este país; revisa la tabla." in page and "Lima" in page
    assert '<option value="PE" selected>Perú</option>' in page
    assert compute_coverage(YEAR, "CL")["totals"]["activities"] == 0  # Chile does not count it
