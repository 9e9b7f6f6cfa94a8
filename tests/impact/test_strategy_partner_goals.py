"""Partner analysis for a goal with regions and a topic ("proyectos de agua en el norte"): answered from the
partner index precomputed with the graph, ranked with the reasons shown, and following new data."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from helix.core.seats import SeatStatus
from helix.impact import precompute
from helix.impact.strategy import partners as partner_graph
from helix.network.models import Agreement
from helix.territory.models import Region
from tests.factories.accounts import StaffFactory
from tests.factories.events import EventFactory
from tests.factories.events_extra import RegistrationFactory
from tests.factories.network import AgreementFactory, OrganisationFactory, commune, topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def north(django_capture_on_commit_callbacks):
    """Points for "water in the north" (north = regions 15, 1, 2, 3, 4; the heaviest links weigh 5):
    Universidad del Norte Grande: operates in Tarapacá 2 + water 2 + 2 local partners 1 + links 5/5 = 6
    Aguas del Desierto SpA: seat in Antofagasta 3 + water 2 + links 2/5 = 5.4
    Municipalidad de Arica: seat 3 + links 3/5 = 3.6
    Consultora Hídrica Central: water 2 (no links) = 2
    Fundación Costa Viva: 1 local partner 0.5 + links 2/5 = 0.9
    Panadería del Sur: nothing ties it to the goal (not listed)."""
    water = topic("water")
    with django_capture_on_commit_callbacks(execute=True):  # committed: the data version moves
        orgs = {
            "uni": OrganisationFactory(name="Universidad del Norte Grande", kind="university"),
            "aguas": OrganisationFactory(name="Aguas del Desierto SpA", commune=commune(2101)),
            "muni": OrganisationFactory(name="Municipalidad de Arica", kind="municipality", commune=commune(15101)),
            "consultora": OrganisationFactory(name="Consultora Hídrica Central", commune=commune(13101)),
            "costa": OrganisationFactory(name="Fundación Costa Viva", kind="ngo"),
            "sur": OrganisationFactory(name="Panadería del Sur", commune=commune(16101)),
        }
        orgs["uni"].operating_regions.add(Region.objects.get(code=1))
        for key in ("uni", "aguas", "consultora"):
            orgs[key].topics.add(water)
        AgreementFactory(parties=[orgs["uni"], orgs["muni"]], status=Agreement.Status.ACTIVE)
        event = EventFactory(starts_at=timezone.now() - dt.timedelta(days=3))
        for key in ("uni", "aguas", "costa"):
            RegistrationFactory(event=event, organisation=orgs[key], status=SeatStatus.CONFIRMED)
        orgs["sur"].topics.add(topic("energy"))
    return orgs


def goal_answer(client, query: str) -> list[tuple[str, list[str]]]:
    """The best-placed list as shown: each organisation's name with its reasons, in order."""
    body = client.get(f"/impact/partners/?{query}", headers={"HX-Request": "true"}).content.decode()
    best = body.split('<ol id="partners-best">')[1].split("</ol>")[0]
    rows = []
    for item in best.split("<li><strong>")[1:]:
        name = item.split("</a>")[0].split(">")[-1]
        reasons = [text.split("</li>")[0] for text in item.split("<ul>")[1].split("<li>")[1:]]
        rows.append((name, reasons))
    return rows


def water_in_the_north() -> str:
    return f"zone=north&topic={topic('water').pk}"


def test_water_in_the_north_ranks_the_organisations_with_their_reasons(client, north):
    client.force_login(StaffFactory())
    assert goal_answer(client, water_in_the_north()) == [
        (
            "Universidad del Norte Grande",
            [
                "Opera en Tarapacá",
                "Trabaja en Agua",
                "Vinculada con 2 organizaciones del territorio de la meta",
                "3 vínculos en la red, con 3 sectores",
            ],
        ),
        (
            "Aguas del Desierto SpA",
            ["Con sede en Antofagasta", "Trabaja en Agua", "2 vínculos en la red, con 2 sectores"],
        ),
        ("Municipalidad de Arica", ["Con sede en Arica y Parinacota", "1 vínculos en la red, con 1 sectores"]),
        ("Consultora Hídrica Central", ["Trabaja en Agua"]),
        (
            "Fundación Costa Viva",
            ["Vinculada con 1 organizaciones del territorio de la meta", "2 vínculos en la red, con 2 sectores"],
        ),
    ]
    # A topic alone: the three that work on water, the best linked first.
    assert [name for name, _reasons in goal_answer(client, f"topic={topic('water').pk}")] == [
        "Universidad del Norte Grande",
        "Aguas del Desierto SpA",
        "Consultora Hídrica Central",
    ]


def test_a_goal_is_answered_from_the_precomputed_index_without_a_graph(client, north):
    precompute.precompute()
    partner_graph._graph.clear()  # another process: no graph, no index in its memory
    partner_graph._index.clear()
    cache.clear()
    client.force_login(StaffFactory())
    assert goal_answer(client, water_in_the_north())[0][0] == "Universidad del Norte Grande"
    nuble = Region.objects.get(code=16)
    assert [name for name, _reasons in goal_answer(client, f"region={nuble.pk}&topic={topic('energy').pk}")] == [
        "Panadería del Sur"
    ]
    assert partner_graph._graph == {}


def test_the_answer_follows_a_new_agreement_on_the_next_read(client, north, django_capture_on_commit_callbacks):
    """A new three-party agreement: Arica's municipality now weighs 9 (the heaviest), Aguas del Desierto 8,
    the consultancy 6 with two partners in the north. Precomputed before: the next read still sees it."""
    client.force_login(StaffFactory())
    precompute.precompute()
    assert goal_answer(client, water_in_the_north())[0][0] == "Universidad del Norte Grande"
    with django_capture_on_commit_callbacks(execute=True):
        AgreementFactory(parties=[north["consultora"], north["muni"], north["aguas"]], status=Agreement.Status.ACTIVE)
    answer = goal_answer(client, water_in_the_north())
    assert [name for name, _reasons in answer] == [
        "Aguas del Desierto SpA",  # 3 + 2 + 0.5 + 8/9
        "Universidad del Norte Grande",  # 2 + 2 + 1 + 5/9
        "Municipalidad de Arica",  # 3 + 0.5 + 9/9
        "Consultora Hídrica Central",  # 2 + 1 + 6/9
        "Fundación Costa Viva",  # 0.5 + 2/9
    ]
    assert answer[3][1] == [
        "Trabaja en Agua",
        "Vinculada con 2 organizaciones del territorio de la meta",
        "2 vínculos en la red, con 2 sectores",
    ]
