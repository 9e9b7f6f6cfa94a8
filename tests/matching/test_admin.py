"""Back office: saving through the admin goes through the domain (clock, matches)."""

import pytest
from django.urls import reverse

from helix.matching.models import Challenge, Match, MatchRun, Outcome, PipelineEntry, Solution
from tests.factories import topic
from tests.factories.matching import ChallengeFactory, SolutionFactory

pytestmark = pytest.mark.django_db


def test_admin_changelists_render(staff_client, municipality, provider):
    ChallengeFactory(organisation=municipality)
    SolutionFactory(provider=provider)
    for model in (Challenge, Solution, Match, PipelineEntry, Outcome, MatchRun):
        url = reverse(f"admin:matching_{model._meta.model_name}_changelist")
        assert staff_client.get(url).status_code == 200, model


def test_admin_add_challenge_computes_its_matches(staff_client, municipality, provider):
    solution = SolutionFactory(provider=provider, description="Reciclaje de residuos orgánicos con compostaje")
    response = staff_client.post(
        reverse("admin:matching_challenge_add"),
        {
            "organisation": municipality.pk,
            "title": "Residuos orgánicos",
            "description": "Queremos compostaje de residuos orgánicos en ferias libres.",
            "status": "open",
            "visibility": "public",
            "topics": [topic("waste").pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    challenge = Challenge.objects.get()
    assert challenge.index_version > 0 and challenge.search_text.startswith("residuos organicos")
    assert list(challenge.topics.values_list("code", flat=True)) == ["waste"]
    assert Match.objects.get(challenge=challenge).solution == solution
