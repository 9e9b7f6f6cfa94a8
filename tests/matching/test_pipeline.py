"""Pipeline transitions, their permissions, history and outcomes; interest and dismissal rules."""

import contextlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helix.matching.domain.matching import recompute_challenge
from helix.matching.domain.pipeline import TRANSITIONS, dismiss_match, express_interest, move_pipeline
from helix.matching.models import Challenge, Match, Outcome, PipelineEntry, PipelineEvent, Stage
from tests.factories import OrganisationFactory
from tests.factories.matching import ChallengeFactory, SolutionFactory

from .conftest import representative_of

pytestmark = pytest.mark.django_db

TEXT = "Sensores de llenado para contenedores de basura"


@pytest.fixture
def pair(municipality, provider):
    solution = SolutionFactory(provider=provider, description=TEXT)
    challenge = ChallengeFactory(organisation=municipality, description=TEXT)
    recompute_challenge(challenge_id=challenge.pk)
    assert Match.objects.filter(challenge=challenge, solution=solution).exists()
    return challenge, solution


def walk(actor, challenge, solution, *stages):
    for stage in stages:
        move_pipeline(actor=actor, challenge=challenge, solution=solution, to_stage=stage)


def test_staff_walks_a_pair_to_solved_with_history_and_outcomes(staff_user, pair):
    challenge, solution = pair
    walk(staff_user, challenge, solution, "shortlisted", "contacted", "meeting", "pilot", "solved")
    entry = PipelineEntry.objects.get(challenge=challenge, solution=solution)
    assert entry.stage == Stage.SOLVED
    history = list(entry.events.order_by("pk").values_list("from_stage", "to_stage", "actor"))
    assert history == [
        ("suggested", "shortlisted", staff_user.pk),
        ("shortlisted", "contacted", staff_user.pk),
        ("contacted", "meeting", staff_user.pk),
        ("meeting", "pilot", staff_user.pk),
        ("pilot", "solved", staff_user.pk),
    ]
    kinds = set(Outcome.objects.filter(entry=entry).values_list("kind", flat=True))
    assert kinds == {Outcome.Kind.PILOT, Outcome.Kind.SOLVED}
    outcome = Outcome.objects.get(entry=entry, kind=Outcome.Kind.SOLVED)
    assert set(outcome.organisations.values_list("pk", flat=True)) == {challenge.organisation_id, solution.provider_id}
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.SOLVED


def test_skipping_stages_is_rejected_and_nothing_is_written(staff_user, pair):
    challenge, solution = pair
    with pytest.raises(ValidationError):
        move_pipeline(actor=staff_user, challenge=challenge, solution=solution, to_stage="meeting")
    assert not PipelineEvent.objects.exists()
    assert not PipelineEntry.objects.filter(stage="meeting").exists()


def test_a_provider_cannot_move_another_providers_pipeline(pair, municipality):
    challenge, solution = pair
    intruder = representative_of(OrganisationFactory(name="Competidor SpA"))
    with pytest.raises(PermissionDenied):
        move_pipeline(actor=intruder, challenge=challenge, solution=solution, to_stage="shortlisted")
    assert not PipelineEntry.objects.exists()


def test_each_party_moves_its_own_pair_but_only_the_challenge_side_solves(pair, officer, provider_rep):
    challenge, solution = pair
    walk(provider_rep, challenge, solution, "shortlisted", "contacted")
    walk(officer, challenge, solution, "meeting", "pilot")
    with pytest.raises(PermissionDenied):
        move_pipeline(actor=provider_rep, challenge=challenge, solution=solution, to_stage="solved")
    walk(officer, challenge, solution, "solved")
    assert PipelineEntry.objects.get().stage == "solved"


def test_unmatched_pair_cannot_enter_the_pipeline(staff_user, municipality, provider):
    challenge = ChallengeFactory(organisation=municipality)
    solution = SolutionFactory(provider=provider, description="Drones agrícolas")
    with pytest.raises(ValidationError):
        move_pipeline(actor=staff_user, challenge=challenge, solution=solution, to_stage="shortlisted")


def test_only_staff_see_the_board(client, pair, officer, provider_rep, staff_user):
    challenge, solution = pair
    url = reverse("matching:board", args=[challenge.pk])
    assert client.get(url).status_code == 302  # anonymous: to login
    for user in (officer, provider_rep):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(staff_user)
    body = client.get(url).content.decode()
    assert solution.title in body and 'id="col-shortlisted"' in body


def test_board_move_with_htmx_returns_the_board(client, pair, staff_user):
    challenge, solution = pair
    client.force_login(staff_user)
    url = reverse("matching:board_move", args=[challenge.pk, solution.pk])
    response = client.post(url, {"to_stage": "shortlisted", "note": "Buena referencia"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and 'id="board"' in body and "Buena referencia" in body
    assert PipelineEntry.objects.get().stage == "shortlisted"
    bad = client.post(url, {"to_stage": "solved"}, HTTP_HX_REQUEST="true")
    # htmx does not swap 4xx answers: the board comes back with the error shown on top.
    assert bad.status_code == 200 and 'class="msg-error"' in bad.content.decode()
    assert PipelineEntry.objects.get().stage == "shortlisted"


def test_provider_cannot_move_via_http_another_pair(client, pair):
    challenge, solution = pair
    intruder = representative_of(OrganisationFactory())
    client.force_login(intruder)
    response = client.post(
        reverse("matching:board_move", args=[challenge.pk, solution.pk]), {"to_stage": "shortlisted"}
    )
    assert response.status_code == 403
    assert not PipelineEntry.objects.exists()


def test_interest_puts_the_pair_in_the_pipeline_and_dismissal_discards_it(pair, officer, provider_rep):
    challenge, solution = pair
    match = Match.objects.get(challenge=challenge, solution=solution)
    express_interest(actor=provider_rep, match=match)
    entry = PipelineEntry.objects.get(challenge=challenge, solution=solution)
    assert entry.stage == "suggested" and entry.events.count() == 1
    with pytest.raises(PermissionDenied):
        express_interest(actor=provider_rep, match=match, side="challenge")
    move_pipeline(actor=officer, challenge=challenge, solution=solution, to_stage="shortlisted")
    dismiss_match(actor=officer, match=match)
    entry.refresh_from_db()
    assert entry.stage == "discarded"
    assert entry.events.order_by("-pk").first().actor == officer
    with pytest.raises(ValidationError):
        express_interest(actor=provider_rep, match=match)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moves=st.lists(st.sampled_from(Stage.values), max_size=12))
def test_any_sequence_of_moves_follows_the_transition_graph(staff_user, pair, moves):
    challenge, solution = pair
    PipelineEntry.objects.all().delete()
    for to_stage in moves:
        with contextlib.suppress(ValidationError):
            move_pipeline(actor=staff_user, challenge=challenge, solution=solution, to_stage=to_stage)
    entry = PipelineEntry.objects.filter(challenge=challenge, solution=solution).first()
    if entry is None:
        return
    events = list(entry.events.order_by("pk"))
    stage = "suggested"
    for event in events:
        assert event.from_stage == stage and event.to_stage in TRANSITIONS[stage]
        stage = event.to_stage
    assert entry.stage == stage
