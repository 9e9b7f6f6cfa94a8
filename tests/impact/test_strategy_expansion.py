import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.events import EventFactory
from tests.factories.matching import ChallengeFactory
from tests.factories.network import OrganisationFactory, commune

pytestmark = pytest.mark.django_db

PERIOD = "from=2026-01-01&to=2026-12-31"


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


@pytest.fixture
def network():
    """Activity only in Valparaíso; many open challenges in Ñuble; universities in Biobío."""
    EventFactory(commune=commune(5101), starts_at=timezone.make_aware(dt.datetime(2026, 3, 3, 10)))
    for _ in range(6):
        ChallengeFactory(commune=commune(16101))
    for _ in range(3):
        OrganisationFactory(kind="university", commune=commune(8101))


def order(body: str) -> list[str]:
    return re.findall(r'<td class="place">([^<]+)</td>', body)


def test_expansion_is_staff_only(client):
    assert client.get("/impact/expansion/").status_code == 302
    client.force_login(UserFactory())
    assert client.get("/impact/expansion/").status_code == 403


def test_ranking_moves_with_the_weights_and_shows_each_component(staff_client, network):
    need_first = staff_client.get(f"/impact/expansion/?{PERIOD}&w_need=10&w_opportunity=0&w_cost=0").content.decode()
    assert "Análisis de expansión" in need_first
    assert "madurez baja 0,50 · desafíos abiertos 1,00" in need_first
    assert order(need_first)[0] == "Metropolitana de Santiago"  # population and municipalities dominate
    cost_first = staff_client.get(f"/impact/expansion/?{PERIOD}&w_need=0&w_opportunity=0&w_cost=10").content.decode()
    assert order(cost_first)[0] == "Valparaíso"  # the only region with activity costs nothing
    opportunity = staff_client.get(
        f"/impact/expansion/?{PERIOD}&w_need=0&w_opportunity=10&w_cost=0", headers={"HX-Request": "true"}
    ).content.decode()
    assert "<html" not in opportunity
    assert order(opportunity)[0] == "Biobío"
    assert len(order(opportunity)) == 16


def test_two_scenarios_side_by_side(staff_client, network):
    body = staff_client.get(f"/impact/expansion/?{PERIOD}&w_need=10&w_opportunity=0&w_cost=0").content.decode()
    deepen = body.split('data-scenario="deepen"')[1].split("</section>")[0]
    assert "Profundizar en las regiones centrales" in deepen
    assert "Valparaíso, " in deepen or "Valparaíso<" in deepen
    assert "<dd>+2</dd>" in deepen  # O'Higgins and Santiago have no activity yet
    opening = body.split('data-scenario="open"')[1].split("</section>")[0]
    assert "Abrir dos regiones nuevas" in opening
    assert "Metropolitana de Santiago" in opening and "<dd>+2</dd>" in opening


def test_bad_weights_get_a_message(staff_client, network):
    body = staff_client.get(f"/impact/expansion/?{PERIOD}&w_need=abc&w_cost=99").content.decode()
    assert "Cada peso es un número entero de 0 a 10." in body
    assert len(order(body)) == 16


def test_communes_ranked_with_their_own_scenarios(staff_client, network):
    body = staff_client.get(f"/impact/expansion/?{PERIOD}&level=commune&w_need=0&w_opportunity=0&w_cost=10").content
    body = body.decode()
    assert order(body)[0] == "Valparaíso" and len(order(body)) == 346
    assert "Abrir dos comunas nuevas" in body and "Comunas activadas" in body
