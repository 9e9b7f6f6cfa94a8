"""The local-search moves keep the schedule valid and the state's bookkeeping exact, whatever they try."""

import random
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helix.wheel.scheduler import check_schedule
from helix.wheel.scheduler.heuristic import State, construct, improve_weight, perturb_and_repair
from helix.wheel.scheduler.instance import parse_instance
from helix.wheel.scheduler.polish import improve_fairness, reduce_gaps
from helix.wheel.scheduler.solution import build_schedule, min_meetings

from .strategies import instances


def consistent(state: State) -> None:
    fresh = State(state.p, state.assign())
    assert fresh.busy == state.busy
    assert fresh.count == state.count
    assert fresh.used == state.used
    assert fresh.full == state.full
    assert fresh.at == state.at
    assert fresh.weight == state.weight
    assert fresh.in_slot == state.in_slot
    assert state.log is None and state.depth == 0


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_participants=12, max_slots=6), st.integers(0, 10))
def test_moves_keep_schedules_valid(instance, seed):
    problem = parse_instance(instance)
    rng = random.Random(seed)
    state = construct(problem, [rng.random() for _ in range(problem.n_requests)])
    consistent(state)
    order = [r for r in range(problem.n_requests) if state.slot_of[r] < 0]
    improve_weight(state, order, deadline=time.perf_counter() + 1, rng=rng, depth=2)
    consistent(state)
    weight = state.weight
    perturb_and_repair(state, deadline=time.perf_counter() + 0.05, rng=rng)
    consistent(state)
    assert state.weight >= weight
    weight, fairness = state.weight, min_meetings(problem, state.assign())
    improve_fairness(state, deadline=time.perf_counter() + 1)
    consistent(state)
    assert state.weight == weight
    assert min_meetings(problem, state.assign()) >= fairness
    reduce_gaps(state, deadline=time.perf_counter() + 1)
    consistent(state)
    assert state.weight == weight
    for r in range(problem.n_requests):  # every unscheduled request is attempted through every move
        _ = state.try_insert(r, 2) or state.kempe_insert(r) or state.try_eject(r, depth=1)
        consistent(state)
    result = build_schedule(problem, state.assign(), upper_bound=10**9, method="test", optimal=False, seconds=0)
    assert check_schedule(instance, result) == []
