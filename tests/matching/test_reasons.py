"""The "why" of a match is stored structured and shown in the interface language."""

import pytest

from helix.matching.domain.records import save_challenge, save_solution
from helix.matching.models import Challenge, Match, Solution
from helix.matching.reasons import reason_texts
from helix.territory.models import Region
from tests.factories.network import commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def pairs(staff_user, municipality, provider):
    """A Valparaíso (region 5) challenge; one solution delivering there, one only in region 13."""
    near = save_solution(
        actor=staff_user,
        provider=provider,
        title="Telemetría de agua potable",
        description="Sensores para la red de agua potable y detección de cortes.",
        status=Solution.Status.PUBLISHED,
        regions=[Region.objects.get(code=5)],
    )
    far = save_solution(
        actor=staff_user,
        provider=provider,
        title="Agua potable segura",
        description="Monitoreo de agua potable en la red de distribución.",
        status=Solution.Status.PUBLISHED,
        regions=[Region.objects.get(code=13)],
    )
    challenge = save_challenge(
        actor=staff_user,
        organisation=municipality,
        title="Agua potable para el sector alto",
        description="Los vecinos piden mejorar el suministro de agua potable del sector.",
        commune=commune(5101),
        status=Challenge.Status.OPEN,
    )
    return challenge, near, far


def kinds(match):
    return [(r["kind"], r["value"]) for r in match.why]


def test_reasons_are_stored_with_kind_value_and_both_labels(pairs):
    challenge, near, far = pairs
    match = Match.objects.get(challenge=challenge, solution=near)
    assert ("concept", "drinking-water") in kinds(match)
    assert ("region", "5") in kinds(match)
    concept = next(r for r in match.why if r["kind"] == "concept" and r["value"] == "drinking-water")
    assert concept["es"] == "agua potable" and concept["en"] == "drinking water"
    assert ("outside_region", "5") in kinds(Match.objects.get(challenge=challenge, solution=far))


def test_challenge_page_shows_reasons_in_spanish_by_default(client, pairs):
    challenge, _near, _far = pairs
    body = client.get(challenge.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # Region reasons name the region (issue 12 §7), never "región 5".
    assert "agua potable · en Valparaíso" in body and "fuera de Valparaíso" in body
    assert "drinking water" not in body and "región 5" not in body


def test_challenge_page_shows_reasons_in_english_when_chosen(client, pairs):
    challenge, _near, _far = pairs
    client.cookies["django_language"] = "en"
    body = client.get(challenge.get_absolute_url()).content.decode()
    assert "drinking water" in body and "in Valparaíso" in body and "outside Valparaíso" in body
    assert "región 5" not in body


def test_solution_page_and_api_follow_the_language(client, pairs):
    challenge, near, _far = pairs
    client.cookies["django_language"] = "en"
    assert "drinking water" in client.get(near.get_absolute_url()).content.decode()
    data = client.get(f"/api/matching/challenges/{challenge.pk}/matches").json()["items"]
    row = next(m for m in data if m["solution"] == near.pk)
    assert "drinking water" in row["why"] and "in Valparaíso" in row["why"]
    assert {"kind": "region", "value": "5", "label": "in Valparaíso"} in row["reasons"]
    client.cookies["django_language"] = "es-cl"
    data = client.get(f"/api/matching/challenges/{challenge.pk}/matches").json()["items"]
    row = next(m for m in data if m["solution"] == near.pk)
    assert "agua potable" in row["why"] and "en Valparaíso" in row["why"]


def test_legacy_plain_strings_are_shown_unchanged():
    assert reason_texts(["agua potable", "región 4"]) == ["agua potable", "región 4"]
