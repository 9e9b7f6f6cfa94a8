"""Exact repairs of participants' days (``repair.py``): exact on what they free, valid, never worse."""

import itertools
import random
import time

import pytest
from hypothesis import HealthCheck, given, settings

from helix.wheel.scheduler import check_schedule
from helix.wheel.scheduler import repair as repair_module
from helix.wheel.scheduler.breaks import _BreaksRun, participant_bounds, score
from helix.wheel.scheduler.greedy import greedy_assign
from helix.wheel.scheduler.instance import parse_instance
from helix.wheel.scheduler.repair import _days, neighbourhood, repair, repair_days
from helix.wheel.scheduler.solution import build_schedule

from .strategies import instances
from .test_breaks import brute_force_breaks

SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def six_people():
    people = [f"p{k}" for k in range(6)]
    return {
        "format": "helix-wheel/1",
        "slots": [f"s{t}" for t in range(6)],
        "tables": 3,
        "participants": [{"id": p, "side": "any"} for p in people],
        "requests": [
            {"a": a, "b": b} for a, b in itertools.combinations(people, 2) if (people.index(a) + people.index(b)) % 2
        ],
        "fixed": [],
    }


def valid(instance, problem, assign):
    written = build_schedule(problem, assign, upper_bound=10**9, method="test", optimal=False, seconds=0)
    return check_schedule(instance, written) == []


def test_repairs_turn_a_day_full_of_holes_into_blocks():
    # Each person meets the three of the other parity; a schedule without any break exists.
    instance = six_people()
    problem = parse_instance(instance)
    start = [0, 2, 4, 2, 4, 5, 0, 0, 2]  # valid, with holes
    assert score(problem, start)[0] == 12  # everyone has two breaks
    found = repair_days(
        problem, start, participant_bounds(problem, start), deadline=time.perf_counter() + 5, rng=random.Random(0)
    )
    assert score(problem, found)[0] == 0
    assert valid(instance, problem, found)


def test_a_neighbourhood_frees_the_participant_and_their_partners_meetings():
    problem = parse_instance(six_people())
    start = [0, 2, 4, 2, 4, 5, 0, 0, 2]
    p0 = problem.ids.index("p0")
    mine = {r for r in range(problem.n_requests) if p0 in (problem.req_a[r], problem.req_b[r])}
    freed = set(neighbourhood(problem, start, p0, random.Random(0)))
    assert mine < freed  # p0's three meetings and their partners' (every meeting: p1, p3 and p5 meet all evens)
    assert freed == set(range(problem.n_requests))


def test_the_exact_days_of_everyone_turn_a_day_full_of_holes_into_blocks():
    instance = six_people()
    problem = parse_instance(instance)
    start = [0, 2, 4, 2, 4, 5, 0, 0, 2]
    run = _BreaksRun(problem, start, deadline=time.perf_counter() + 5, seed=0, forced=True)
    run.everyone(time.perf_counter() + 5)
    assert run.best_key == (0, 0, 0)
    assert run.methods == ["exact days"]
    assert valid(instance, problem, run.best)


@SLOW
@pytest.mark.parametrize("core", [False, True])
@given(instances(max_participants=5, max_slots=4, with_sessions=True).filter(lambda i: 0 < len(i["requests"]) <= 6))
def test_a_repair_freeing_every_meeting_finds_the_fewest_breaks(core, instance):
    problem = parse_instance(instance)
    start = greedy_assign(problem)
    if any(t < 0 for t in start):
        return  # the fewest breaks below are over schedules holding every request
    movable = [r for r in range(problem.n_requests) if r not in problem.fixed]
    found = start
    if movable:
        found, _optimal = repair(problem, start, movable, deadline=time.perf_counter() + 5, seed=0, core=core)
    assert found is not None
    assert valid(instance, problem, found)
    assert score(problem, found)[0] == brute_force_breaks(instance)


@SLOW
@given(instances(max_participants=7, max_slots=6, with_sessions=True))
def test_repairs_keep_the_meetings_and_fixed_slots_and_are_never_worse(instance):
    problem = parse_instance(instance)
    start = greedy_assign(problem)
    found = repair_days(
        problem, start, participant_bounds(problem, start), deadline=time.perf_counter() + 0.5, rng=random.Random(1)
    )
    assert [t >= 0 for t in found] == [t >= 0 for t in start]
    for r, (t, _table) in problem.fixed.items():
        assert found[r] == t
    assert score(problem, found) <= score(problem, start)
    assert valid(instance, problem, found)


def p0_days(current, allow=0):
    """Participant p0's candidate days (``repair._days``) when their three meetings are freed, six slots."""
    problem = parse_instance(six_people())
    p0 = problem.ids.index("p0")
    mine = [r for r in range(problem.n_requests) if p0 in (problem.req_a[r], problem.req_b[r])]
    x = {(r, t): None for r in mine for t in range(6)}
    return _days(problem, p0, mine, x, 0, current, allow)


def test_days_hold_no_more_breaks_than_now_unless_allowed_more():
    windows = {0b000111, 0b001110, 0b011100, 0b111000}
    assert set(p0_days(0b000111)) == windows
    # Of the twenty ways to place three meetings in six slots, twelve make two runs (one break).
    wider = p0_days(0b000111, allow=1)
    assert len(wider) == 16
    assert windows < set(wider)


def test_too_many_days_keep_those_with_fewer_breaks_and_the_current_one(monkeypatch):
    monkeypatch.setattr(repair_module, "DAYS_CAP", 5)
    assert set(p0_days(0b001011)) == {0b000111, 0b001110, 0b011100, 0b111000, 0b001011}
