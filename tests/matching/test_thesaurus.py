"""Staff thesaurus edits reach every process's matcher and trigger a full recompute."""

import pytest
from django.urls import reverse

from helix.matching.domain.index import LiveIndex
from helix.matching.domain.records import SOLUTIONS
from helix.matching.models import Match, MatchRun, ThesaurusEntry
from tests.factories.matching import ChallengeFactory, SolutionFactory

pytestmark = pytest.mark.django_db


def test_a_staff_synonym_makes_an_english_offer_match(
    staff_client, municipality, provider, django_capture_on_commit_callbacks
):
    challenge = ChallengeFactory(
        organisation=municipality,
        title="Palomas en la plaza",
        description="Las palomas tienen la pileta y los escaños inmundos.",
    )
    offer = SolutionFactory(
        provider=provider,
        language="en",
        title="Bird deterrence",
        description="Humane pigeon deterrent devices for monuments and fountains.",
    )
    other_process = LiveIndex(SOLUTIONS)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("matching:runs"))
    assert not Match.objects.filter(challenge=challenge, solution=offer).exists()
    before = other_process.fresh()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:matching_thesaurusentry_add"),
            {
                "concept": "pigeons",
                "terms_es": "paloma\npalomas",
                "terms_en": "pigeon\npigeons",
                "related": "",
                "active": "on",
            },
        )
    assert response.status_code == 302
    entry = ThesaurusEntry.objects.get()
    assert entry.updated_by.is_staff
    run = MatchRun.objects.order_by("-pk").first()
    assert run.status == MatchRun.Status.DONE and MatchRun.objects.count() == 2
    assert Match.objects.filter(challenge=challenge, solution=offer, rank=1).exists()
    assert other_process.fresh() is not before  # rebuilt with the new thesaurus
