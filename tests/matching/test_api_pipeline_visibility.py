"""GET /api/matching/challenges/{id}/pipeline shows each caller only the entries it may see."""

import pytest

from helix.matching.models import PipelineEntry
from tests.factories import OrganisationFactory
from tests.factories.matching import ChallengeFactory, SolutionFactory

from .conftest import representative_of

pytestmark = pytest.mark.django_db
API = "/api/matching"


def test_pipeline_entries_by_caller(client, staff_client, municipality, provider, officer, provider_rep):
    challenge = ChallengeFactory(organisation=municipality)
    own = SolutionFactory(provider=provider)
    other = SolutionFactory(provider=OrganisationFactory(name="Otra SpA"))
    own_entry = PipelineEntry.objects.create(challenge=challenge, solution=own)
    other_entry = PipelineEntry.objects.create(challenge=challenge, solution=other)
    url = f"{API}/challenges/{challenge.pk}/pipeline"

    def ids():
        response = client.get(url)
        assert response.status_code == 200
        return [e["id"] for e in response.json()["items"]]

    assert [e["id"] for e in staff_client.get(url).json()["items"]] == [own_entry.pk, other_entry.pk]
    client.force_login(officer)  # the challenge's owner sees every pair
    assert ids() == [own_entry.pk, other_entry.pk]
    client.force_login(provider_rep)  # a provider sees only its own pair
    assert ids() == [own_entry.pk]
    client.force_login(representative_of(OrganisationFactory()))
    assert ids() == []
