"""Expansion ranks countries too (issue 9 §5): Latin America's countries and any with members, each with
its components; more need in a country never lowers its rank (hypothesis, through the database)."""

import datetime as dt
import re

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helix.impact.period import Period
from helix.impact.strategy.expansion import compute_country_candidates, country_activities
from helix.impact.strategy.scoring import Weights, score
from helix.territory.countries import load_country
from helix.territory.models import Region
from tests.factories.accounts import StaffFactory
from tests.factories.events import EventFactory
from tests.factories.matching import ChallengeFactory
from tests.factories.network import AgreementFactory, OrganisationFactory, commune

pytestmark = pytest.mark.django_db

YEAR = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
QUERY = "from=2026-01-01&to=2026-12-31&level=country"


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


@pytest.fixture
def network():
    """Chile: an event and a municipality. Peru: a university under agreement and an event in Lima.
    Uruguay: two open challenges of a municipality there."""
    load_country("PE")
    lima = Region.objects.get(iso_code="PE-LIM")
    home = OrganisationFactory(name="Municipalidad de Valparaíso", kind="municipality", commune=commune(5101))
    peruvian = OrganisationFactory(
        name="Universidad Limeña", kind="university", country="PE", commune=None, region=lima
    )
    AgreementFactory(parties=[home, peruvian])
    EventFactory(commune=commune(5101), starts_at=at(dt.date(2026, 3, 3)))
    EventFactory(commune=None, region=lima, country="PE", organiser=home, starts_at=at(dt.date(2026, 4, 4)))
    montevideo = OrganisationFactory(name="Intendencia de Montevideo", kind="municipality", country="UY", commune=None)
    for _ in range(2):
        ChallengeFactory(organisation=montevideo, commune=None, region=None)


def test_country_candidates_count_where_things_happen(network):
    rows = {c.key: c for c in compute_country_candidates(YEAR)}
    assert {"CL", "PE", "UY", "AR", "MX", "BR"} <= set(rows)
    assert (rows["CL"].activities, rows["PE"].activities, rows["UY"].activities) == (1, 1, 0)
    assert rows["CL"].municipalities == 346 and rows["UY"].municipalities == 1
    assert (rows["PE"].universities, rows["PE"].partners) == (1, 1)
    assert rows["UY"].open_challenges == 2
    assert rows["AR"].population == 45_800_000 and rows["AR"].centroid == (-34.60, -58.38)
    assert rows["PE"].name == "Perú"
    assert country_activities(YEAR)["PE"] == 1


def order(body: str) -> list[str]:
    return re.findall(r'<td class="place">([^<]+)</td>', body)


def test_the_page_ranks_countries_with_each_component_and_two_scenarios(client, network):
    client.force_login(StaffFactory())
    body = client.get(f"/impact/expansion/?{QUERY}&w_need=0&w_opportunity=10&w_cost=0").content.decode()
    assert order(body)[0] == "Perú"  # the only partner and university abroad
    assert "<th>País</th>" in body and '<option value="country" selected>Países</option>' in body
    assert "socios 1,00 · universidades 1,00" in body
    deepen = body.split('data-scenario="deepen"')[1].split("</section>")[0]
    assert "Profundizar en Chile" in deepen and "<p>Chile</p>" in deepen
    opening = body.split('data-scenario="open"')[1].split("</section>")[0]
    assert "Abrir dos países nuevos" in opening and "Países abiertos" in opening and "<dd>+2</dd>" in opening
    costly = client.get(f"/impact/expansion/?{QUERY}&w_need=0&w_opportunity=0&w_cost=10").content.decode()
    assert set(order(costly)[:2]) == {"Chile", "Perú"}  # where there is activity, presence costs nothing


def test_the_api_ranks_countries_by_code(client, network):
    client.force_login(StaffFactory())
    body = client.get(f"/api/strategy/expansion?{QUERY}&w_need=10&w_opportunity=0&w_cost=0").json()
    assert body["level"] == "country"
    first = body["ranking"][0]
    assert first["id"] is None and len(first["code"]) == 2
    assert set(first["components"]) >= {"low_maturity", "open_challenges", "population", "partners", "distance"}
    assert body["scenarios"][0]["codes"] == ["CL"] and body["scenarios"][0]["ids"] == []


def rank(code: str, weights: Weights) -> int:
    ranked = score(compute_country_candidates(YEAR), weights)
    return next(s.rank for s in ranked if s.candidate.key == code)


weights = st.builds(Weights, *(st.integers(min_value=0, max_value=10) for _ in range(3)))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    code=st.sampled_from(["CL", "PE", "AR", "UY", "MX"]),
    others=st.lists(st.sampled_from(["PE", "AR", "UY", "BO"]), max_size=6),
    extra=st.integers(min_value=1, max_value=3),
    weights=weights,
    more=st.sampled_from(["challenges", "municipalities"]),
)
def test_more_need_in_a_country_never_lowers_its_rank(network, code, others, extra, weights, more):
    with transaction.atomic():
        for other in others:  # open challenges elsewhere, so the scaled values are not trivial
            ChallengeFactory(organisation=OrganisationFactory(country=other, commune=None), commune=None, region=None)
        before = rank(code, weights)
        for _ in range(extra):
            if more == "challenges":  # an open challenge of an organisation in the country
                abroad = OrganisationFactory(country=code, commune=None)
                ChallengeFactory(organisation=abroad, commune=None, region=None)
            else:  # a municipality there not reached yet
                OrganisationFactory(kind="municipality", country=code, commune=None, region=None)
        assert rank(code, weights) <= before
        transaction.set_rollback(True)
