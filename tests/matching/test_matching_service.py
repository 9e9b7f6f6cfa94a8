"""The matching service: publishing, incremental updates, dismissals, the process index, full recomputes."""

import pytest

from helix.matching.domain.index import LiveIndex
from helix.matching.domain.matching import recompute_challenge
from helix.matching.domain.pipeline import dismiss_match
from helix.matching.domain.records import SOLUTIONS, save_challenge, save_solution
from helix.matching.domain.runs import request_full_recompute
from helix.matching.models import Challenge, Match, MatchRun, Solution
from helix.territory.models import Region
from tests.factories import topic
from tests.factories.matching import ChallengeFactory, SolutionFactory
from tests.factories.network import commune

pytestmark = pytest.mark.django_db

WATER = "Los vecinos del sector rural no tienen agua potable en verano; el APR no da abasto y llegan camiones aljibe."
WASTE = "Microbasurales en las quebradas: la basura y los residuos se acumulan y los vecinos reclaman por los olores."
WATER_OFFER = "Sistema de monitoreo de agua potable rural para comités APR con sensores de caudal y cloro."
WASTE_OFFER = "Contenedores con sensores de llenado y rutas optimizadas para recoger basura y residuos."


def publish(staff, organisation, description, title="Desafío", **kw):
    return save_challenge(
        actor=staff,
        organisation=organisation,
        title=title,
        description=description,
        status=Challenge.Status.OPEN,
        **kw,
    )


def offer(staff, provider, description, title="Solución", regions=None, all_chile=True, **kw):
    return save_solution(
        actor=staff,
        provider=provider,
        title=title,
        description=description,
        status=Solution.Status.PUBLISHED,
        all_chile=all_chile,
        regions=regions,
        **kw,
    )


def live(challenge):
    return list(
        Match.objects.filter(challenge=challenge, rank__isnull=False)
        .exclude(state=Match.State.DISMISSED)
        .order_by("rank")
        .values_list("solution_id", flat=True)
    )


def test_publishing_a_challenge_ranks_the_relevant_solution_first(staff_user, municipality, provider):
    water = offer(staff_user, provider, WATER_OFFER, title="Monitoreo APR")
    waste = offer(staff_user, provider, WASTE_OFFER, title="Contenedores inteligentes")
    challenge = publish(staff_user, municipality, WATER, title="Agua potable rural")
    ranked = live(challenge)
    assert ranked[0] == water.pk
    assert waste.pk not in ranked[:1]
    first = Match.objects.get(challenge=challenge, solution=water)
    assert first.rank == 1 and first.score > 0 and first.why


def test_draft_challenge_gets_no_matches_and_closing_clears_them(staff_user, municipality, provider):
    offer(staff_user, provider, WATER_OFFER)
    challenge = save_challenge(
        actor=staff_user, organisation=municipality, title="Agua", description=WATER, status=Challenge.Status.DRAFT
    )
    assert live(challenge) == []
    challenge = save_challenge(
        actor=staff_user, organisation=municipality, challenge=challenge, status=Challenge.Status.OPEN
    )
    assert len(live(challenge)) == 1
    save_challenge(actor=staff_user, organisation=municipality, challenge=challenge, status=Challenge.Status.CLOSED)
    assert Match.objects.filter(challenge=challenge).count() == 0


def test_region_fit_is_recorded_for_a_provider_that_cannot_deliver_there(staff_user, municipality, provider):
    # The challenge is in Valparaíso (region 5); this provider only delivers in Magallanes (12).
    far = offer(staff_user, provider, WATER_OFFER, all_chile=False, regions=[Region.objects.get(code=12)])
    near = offer(staff_user, provider, WATER_OFFER, title="Monitoreo APR regional", all_chile=True)
    challenge = publish(staff_user, municipality, WATER, commune=commune(5101))
    assert challenge.region.code == 5
    assert Match.objects.get(challenge=challenge, solution=far).region_fit is False
    assert Match.objects.get(challenge=challenge, solution=near).region_fit is True
    assert live(challenge) == [near.pk, far.pk]  # the one that cannot deliver ranks lower


def test_editing_a_solution_updates_its_matches_without_a_full_recompute(staff_user, municipality, provider):
    water_challenge = publish(staff_user, municipality, WATER, title="Agua potable")
    waste_challenge = publish(staff_user, municipality, WASTE, title="Microbasurales")
    solution = offer(staff_user, provider, WATER_OFFER)
    assert live(water_challenge) == [solution.pk]
    assert solution.pk not in live(waste_challenge)
    untouched = ChallengeFactory(title="Otro desafío", description="Alumbrado público apagado en la plaza.")
    recompute_challenge(challenge_id=untouched.pk)
    before = Match.objects.filter(challenge=untouched).values_list("computed_at", flat=True).first()

    save_solution(actor=staff_user, provider=provider, solution=solution, description=WASTE_OFFER)

    assert live(waste_challenge) == [solution.pk]
    assert solution.pk not in live(water_challenge)
    assert not MatchRun.objects.exists()
    assert Match.objects.filter(challenge=untouched).values_list("computed_at", flat=True).first() == before


def test_unpublishing_a_solution_removes_it_from_rankings(staff_user, municipality, provider):
    solution = offer(staff_user, provider, WATER_OFFER)
    challenge = publish(staff_user, municipality, WATER)
    assert live(challenge) == [solution.pk]
    save_solution(actor=staff_user, provider=provider, solution=solution, status=Solution.Status.ARCHIVED)
    assert live(challenge) == []


def test_a_dismissed_pair_never_comes_back(staff_user, municipality, provider, django_capture_on_commit_callbacks):
    solution = offer(staff_user, provider, WATER_OFFER)
    other = offer(staff_user, provider, WATER_OFFER + " Incluye telemetría.", title="Otra")
    challenge = publish(staff_user, municipality, WATER)
    match = Match.objects.get(challenge=challenge, solution=solution)
    dismiss_match(actor=staff_user, match=match)
    assert live(challenge) == [other.pk]

    save_solution(actor=staff_user, provider=provider, solution=solution, description=WATER_OFFER + " Mejorado.")
    publish(staff_user, municipality, WATER, challenge=challenge)
    with django_capture_on_commit_callbacks(execute=True):
        request_full_recompute(actor=staff_user)

    assert live(challenge) == [other.pk]
    match.refresh_from_db()
    assert match.state == Match.State.DISMISSED and match.rank is None and match.solution_rank is None


def test_full_recompute_task_records_progress(staff_user, municipality, provider, django_capture_on_commit_callbacks):
    challenges = [ChallengeFactory(organisation=municipality, description=WATER) for _ in range(3)]
    solutions = [SolutionFactory(provider=provider, description=WATER_OFFER) for _ in range(2)]
    assert not Match.objects.exists()  # factories bypass the domain: nothing computed yet

    with django_capture_on_commit_callbacks(execute=True):
        run, created = request_full_recompute(actor=staff_user)

    run.refresh_from_db()
    assert created
    assert run.status == MatchRun.Status.DONE
    assert run.total == run.done == len(challenges) + len(solutions)
    assert run.started_at <= run.finished_at
    assert run.matches_written == Match.objects.count() == 6
    for challenge in challenges:
        assert len(live(challenge)) == 2


def test_a_second_request_while_one_is_queued_reuses_it(staff_user):
    first, created = request_full_recompute(actor=staff_user)  # on_commit never fires here: stays queued
    second, created_again = request_full_recompute(actor=staff_user)
    assert created and not created_again and first.pk == second.pk
    assert MatchRun.objects.count() == 1


def test_another_process_index_catches_up_through_the_clock(staff_user, provider):
    other_process = LiveIndex(SOLUTIONS)
    first = offer(staff_user, provider, WATER_OFFER)
    assert f"s{first.pk}" in other_process.fresh()
    second = offer(staff_user, provider, WASTE_OFFER)
    save_solution(actor=staff_user, provider=provider, solution=first, status=Solution.Status.DRAFT)
    matcher = other_process.fresh()
    assert f"s{second.pk}" in matcher and f"s{first.pk}" not in matcher
    # A deletion that bypassed the domain is noticed by the count check on the next change.
    Solution.objects.filter(pk=second.pk).delete()
    third = offer(staff_user, provider, WATER_OFFER, title="Tercera")
    matcher = other_process.fresh()
    assert set(other_process.docs) == {f"s{third.pk}"}


def test_topics_become_tags(staff_user, municipality, provider):
    solution = offer(staff_user, provider, WATER_OFFER, topics=[topic("water")])
    challenge = publish(staff_user, municipality, WATER, topics=[topic("water")])
    assert live(challenge) == [solution.pk]


LIGHT = "Luminarias apagadas en la plaza; los vecinos reclaman por la oscuridad en las calles."
LIGHT_OFFER = "Telegestión de luminarias LED que reporta luminarias apagadas automáticamente."


def test_incremental_updates_agree_with_a_full_recompute(
    staff_user, municipality, provider, django_capture_on_commit_callbacks
):
    challenges = [
        publish(staff_user, municipality, text, title=f"D{i}") for i, text in enumerate([WATER, WASTE, LIGHT])
    ]
    solutions = [offer(staff_user, provider, text, title=f"S{i}") for i, text in enumerate([WATER_OFFER, WASTE_OFFER])]
    # A sequence of edits, each applied incrementally.
    solutions.append(offer(staff_user, provider, LIGHT_OFFER, title="S2"))
    save_solution(actor=staff_user, provider=provider, solution=solutions[0], description=WASTE_OFFER)
    save_solution(actor=staff_user, provider=provider, solution=solutions[1], status=Solution.Status.DRAFT)
    save_challenge(actor=staff_user, organisation=municipality, challenge=challenges[0], description=LIGHT)
    save_solution(actor=staff_user, provider=provider, solution=solutions[1], status=Solution.Status.PUBLISHED)
    incremental = {c.pk: live(c) for c in challenges}

    with django_capture_on_commit_callbacks(execute=True):
        request_full_recompute(actor=staff_user)
    assert {c.pk: live(c) for c in challenges} == incremental
    assert incremental[challenges[2].pk][0] == solutions[2].pk
