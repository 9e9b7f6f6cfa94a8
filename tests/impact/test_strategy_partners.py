import datetime as dt

import pytest
from django.utils import timezone

from helix.core.seats import SeatStatus
from helix.impact.strategy.network_analysis import Actor, Goal, analyse, best_placed, build_graph, group_links
from helix.network.models import Agreement
from helix.territory.models import Region
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.events import EventFactory
from tests.factories.events_extra import RegistrationFactory
from tests.factories.network import AgreementFactory, OrganisationFactory, commune


def test_analysis_on_a_hand_built_network():
    actors = [
        Actor(1, "Muni Norte", "government", region=15),
        Actor(2, "Universidad Bisagra", "academia", region=5, topics=frozenset({7})),
        Actor(3, "Empresa Agua", "company", region=2, topics=frozenset({7})),
        Actor(4, "ONG Sur", "civil_society", region=16),
        Actor(5, "Sola SpA", "company", region=13),
    ]
    links = [(1, 2, "agreement"), (2, 3, "meeting"), (2, 4, "event"), (2, 3, "event"), (5, 5, "meeting")]
    graph = build_graph(actors, links)
    assert graph.edges[2, 3]["weight"] == 3.0 and graph.edges[2, 3]["kinds"] == {"meeting": 1, "event": 1}
    result = analyse(graph)
    assert (result["organisations"], result["links"]) == (5, 3)
    assert result["most_connected"][0]["name"] == "Universidad Bisagra"
    assert [row["name"] for row in result["bridges"]] == ["Universidad Bisagra"]
    assert result["bridges"][0]["sectors_reached"] == ["academia", "civil_society", "company", "government"]
    assert (result["isolated_count"], result["isolated"][0]["name"]) == (1, "Sola SpA")
    # "water projects in the north": regions 15 and 2, topic 7
    placed = best_placed(graph, Goal(regions=frozenset({15, 2}), topics=frozenset({7})))
    assert [row["name"] for row in placed] == ["Empresa Agua", "Universidad Bisagra", "Muni Norte"]
    assert [r["code"] for r in placed[0]["reasons"]] == ["seat", "topics", "links"]
    assert [r["code"] for r in placed[1]["reasons"]] == ["topics", "local_partners", "links"]
    assert best_placed(graph, Goal()) == []


def test_large_events_do_not_link_everyone():
    assert len(list(group_links([range(41)], "event"))) == 0
    assert len(list(group_links([range(41)], "agreement"))) == 41 * 40 // 2
    assert len(list(group_links([[1, 2, 2, 3]], "event"))) == 3


@pytest.mark.django_db
class TestPartnersPage:
    @pytest.fixture
    def network(self, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):  # committed: the data version moves
            nuble = commune(16101)  # Chillán
            uni = OrganisationFactory(name="Universidad del Ñuble", kind="university", commune=nuble)
            muni = OrganisationFactory(name="Municipalidad de Chillán", kind="municipality", commune=nuble)
            firm = OrganisationFactory(name="Aguas Centrales SpA")
            OrganisationFactory(name="Fundación Olvidada", kind="ngo")
            AgreementFactory(parties=[uni, muni], status=Agreement.Status.ACTIVE)
            event = EventFactory(starts_at=timezone.now() - dt.timedelta(days=3))
            for org in (uni, firm):
                RegistrationFactory(event=event, organisation=org, status=SeatStatus.CONFIRMED)
        return uni

    def test_staff_only(self, client):
        assert client.get("/impact/partners/").status_code == 302
        client.force_login(UserFactory())
        assert client.get("/impact/partners/").status_code == 403

    def test_overview_and_goal_with_reasons(self, client, network):
        client.force_login(StaffFactory())
        body = client.get("/impact/partners/").content.decode()
        assert "Análisis de socios" in body
        assert "4 organizaciones, 2 vínculos" in body
        most = body.split('id="partners-most"')[1].split("</table>")[0]
        assert most.index("Universidad del Ñuble") < most.index("Municipalidad de Chillán")
        assert "1 organización aún no tiene vínculos." in body and "Fundación Olvidada" in body
        nuble = Region.objects.get(code=16)
        goal = client.get(f"/impact/partners/?region={nuble.pk}", headers={"HX-Request": "true"}).content.decode()
        assert "<html" not in goal
        best = goal.split('id="partners-best"')[1]
        assert best.index("Municipalidad de Chillán") < best.index("Aguas Centrales SpA")
        assert "Con sede en Ñuble" in best
        assert "Vinculada con 1 organizaciones del territorio de la meta" in best

    def test_an_unknown_goal_gets_a_message(self, client, network):
        client.force_login(StaffFactory())
        body = client.get("/impact/partners/?region=999999&topic=abc").content.decode()
        assert "Elige una zona, una región o un tema que exista." in body

    def test_graph_follows_a_new_agreement(self, client, network, django_capture_on_commit_callbacks):
        client.force_login(StaffFactory())
        assert "4 organizaciones, 2 vínculos" in client.get("/impact/partners/").content.decode()
        with django_capture_on_commit_callbacks(execute=True):  # the data version moves on commit
            lonely = OrganisationFactory(name="Nueva Socia")
            AgreementFactory(parties=[lonely, network], status=Agreement.Status.ACTIVE)
        assert "5 organizaciones, 3 vínculos" in client.get("/impact/partners/").content.decode()
