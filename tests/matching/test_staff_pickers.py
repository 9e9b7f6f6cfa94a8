"""Staff pick a challenge's public body and a solution's provider by searching (issue 12 §8)."""

import pytest
from django.urls import reverse

from helix.matching.models import Challenge
from tests.factories import OrganisationFactory
from tests.factories.matching import SolutionFactory

pytestmark = pytest.mark.django_db


def test_public_bodies_search_finds_municipalities_only(staff_client):
    town = OrganisationFactory(name="Municipalidad de Puerto Varas", sector="government", kind="municipality")
    OrganisationFactory(name="Puerto Varas Sensores SpA", sector="company", kind="sme")
    found = staff_client.get("/autocomplete/public_bodies/", {"q": "puerto varas"}).json()["results"]
    assert found == [{"value": str(town.pk), "text": "Municipalidad de Puerto Varas"}]
    response = staff_client.post(
        reverse("matching:challenge_create"),
        {
            "organisation": found[0]["value"],
            "title": "Semáforos",
            "description": "Descoordinados.",
            "status": "open",
            "visibility": "public",
        },
    )
    assert response.status_code == 302 and Challenge.objects.get().organisation == town


def test_providers_search_finds_organisations_with_solutions(staff_client):
    provider = SolutionFactory(provider__name="Aguas del Sur Ingeniería").provider
    OrganisationFactory(name="Aguas del Sur Consultores")  # no solution yet
    found = staff_client.get("/autocomplete/providers/", {"q": "aguas del sur"}).json()["results"]
    assert found == [{"value": str(provider.pk), "text": "Aguas del Sur Ingeniería"}]
    page = staff_client.get(reverse("matching:solution_create")).content.decode()
    assert 'data-autocomplete="/autocomplete/providers/"' in page
    assert 'data-placeholder="Escribe para buscar…"' in page
