"""Pipeline moves from the challenge page (its owner) and the solution page (its provider)."""

import pytest
from django.urls import reverse

from helix.matching.domain.matching import recompute_challenge
from helix.matching.domain.pipeline import move_pipeline
from helix.matching.models import Match, PipelineEntry, PipelineEvent
from tests.factories import OrganisationFactory
from tests.factories.matching import ChallengeFactory, SolutionFactory

pytestmark = pytest.mark.django_db

TEXT = "Sensores de llenado para contenedores de basura"


@pytest.fixture
def setup(municipality, provider):
    """One challenge matched with the provider's solution and with a competitor's solution."""
    rival = OrganisationFactory(name="Otra Empresa SpA")
    own = SolutionFactory(provider=provider, title="Contenedores propios", description=TEXT)
    other = SolutionFactory(provider=rival, title="Contenedores rivales", description=TEXT)
    challenge = ChallengeFactory(organisation=municipality, description=TEXT)
    recompute_challenge(challenge_id=challenge.pk)
    own_match = Match.objects.get(challenge=challenge, solution=own)
    other_match = Match.objects.get(challenge=challenge, solution=other)
    return challenge, own_match, other_match


def move_url(match):
    return reverse("matching:match_move", args=[match.pk])


def test_owner_sees_next_stage_buttons_for_every_pair(client, officer, setup):
    challenge, own_match, other_match = setup
    client.force_login(officer)
    body = client.get(challenge.get_absolute_url()).content.decode()
    assert move_url(own_match) in body and move_url(other_match) in body
    assert 'data-stage="shortlisted"' in body and 'data-stage="discarded"' in body


def test_provider_sees_buttons_only_for_its_own_pairs(client, provider_rep, setup):
    challenge, own_match, other_match = setup
    client.force_login(provider_rep)
    body = client.get(challenge.get_absolute_url()).content.decode()
    assert move_url(own_match) in body and move_url(other_match) not in body
    body = client.get(own_match.solution.get_absolute_url()).content.decode()
    assert move_url(own_match) in body


def test_visitors_see_no_buttons(client, setup):
    challenge, own_match, _other = setup
    assert move_url(own_match) not in client.get(challenge.get_absolute_url()).content.decode()
    response = client.post(move_url(own_match), {"to_stage": "shortlisted"})
    assert response.status_code == 302 and not PipelineEntry.objects.exists()


def test_provider_moves_its_pair_from_the_solution_page(client, provider_rep, setup):
    _challenge, own_match, _other = setup
    client.force_login(provider_rep)
    response = client.post(move_url(own_match), {"to_stage": "shortlisted", "view": "solution"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and f'id="match-{own_match.pk}"' in body and "<html" not in body
    entry = PipelineEntry.objects.get(challenge=own_match.challenge, solution=own_match.solution)
    assert entry.stage == "shortlisted"
    event = entry.events.get()
    assert event.actor == provider_rep and (event.from_stage, event.to_stage) == ("suggested", "shortlisted")
    # The row now offers the next moves from "shortlisted" (a provider cannot send it back to suggested).
    assert 'data-stage="contacted"' in body and 'data-stage="suggested"' not in body


def test_provider_cannot_move_another_providers_pair(client, provider_rep, officer, setup):
    challenge, _own, other_match = setup
    move_pipeline(actor=officer, challenge=challenge, solution=other_match.solution, to_stage="shortlisted")
    client.force_login(provider_rep)
    response = client.post(move_url(other_match), {"to_stage": "contacted"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 403
    entry = PipelineEntry.objects.get(challenge=challenge, solution=other_match.solution)
    assert entry.stage == "shortlisted" and entry.events.count() == 1


def test_provider_cannot_declare_solved_nor_sees_that_button(client, provider_rep, officer, setup):
    challenge, own_match, _other = setup
    for stage in ("shortlisted", "contacted", "meeting", "pilot"):
        move_pipeline(actor=officer, challenge=challenge, solution=own_match.solution, to_stage=stage)
    client.force_login(provider_rep)
    body = client.get(own_match.solution.get_absolute_url()).content.decode()
    assert 'data-stage="meeting"' in body and 'data-stage="solved"' not in body
    response = client.post(move_url(own_match), {"to_stage": "solved"})
    assert response.status_code == 403
    assert PipelineEntry.objects.get(solution=own_match.solution).stage == "pilot"
    client.force_login(officer)  # the challenge's owner can
    client.post(move_url(own_match), {"to_stage": "solved"})
    assert PipelineEntry.objects.get(solution=own_match.solution).stage == "solved"


def test_a_disallowed_move_is_explained_and_changes_nothing(client, officer, setup):
    _challenge, own_match, _other = setup
    client.force_login(officer)
    response = client.post(move_url(own_match), {"to_stage": "meeting"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'class="msg-error"' in response.content.decode()
    assert not PipelineEvent.objects.exists()
    response = client.post(move_url(own_match), {"to_stage": "nowhere"}, HTTP_HX_REQUEST="true")
    assert 'class="msg-error"' in response.content.decode() and not PipelineEntry.objects.exists()


def test_unknown_match_is_404(client, officer):
    client.force_login(officer)
    assert client.post(reverse("matching:match_move", args=[999_999]), {"to_stage": "shortlisted"}).status_code == 404


def test_party_pages_query_count_does_not_grow(client, officer, municipality, django_assert_max_num_queries):
    challenge = ChallengeFactory(organisation=municipality, description=TEXT)
    SolutionFactory(description=TEXT)
    recompute_challenge(challenge_id=challenge.pk)
    client.force_login(officer)
    with django_assert_max_num_queries(40) as one:
        assert client.get(challenge.get_absolute_url()).status_code == 200
    for _ in range(4):
        SolutionFactory(description=TEXT)
    recompute_challenge(challenge_id=challenge.pk)
    assert Match.objects.filter(challenge=challenge).count() == 5
    with django_assert_max_num_queries(len(one.captured_queries)):
        body = client.get(challenge.get_absolute_url()).content.decode()
    assert body.count('data-stage="shortlisted"') == 5
