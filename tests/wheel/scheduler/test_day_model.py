"""The day model (CP-SAT over participants' days): valid, keeps the meetings, and closes holes."""

import itertools
import time

from hypothesis import HealthCheck, given, settings

from helix.wheel.scheduler import check_schedule
from helix.wheel.scheduler.breaks import participant_bounds, score
from helix.wheel.scheduler.day_model import day_search
from helix.wheel.scheduler.greedy import greedy_assign
from helix.wheel.scheduler.instance import parse_instance
from helix.wheel.scheduler.solution import build_schedule

from .strategies import instances


def test_day_model_turns_a_day_full_of_holes_into_blocks():
    # Six people, each meeting the three of the other parity; greedy first-fit leaves holes, and a
    # schedule without any break exists (each person's three meetings in three consecutive slots).
    people = [f"p{k}" for k in range(6)]
    instance = {
        "format": "helix-wheel/1",
        "slots": [f"s{t}" for t in range(6)],
        "tables": 3,
        "participants": [{"id": p, "side": "any"} for p in people],
        "requests": [
            {"a": a, "b": b} for a, b in itertools.combinations(people, 2) if (people.index(a) + people.index(b)) % 2
        ],
        "fixed": [],
    }
    problem = parse_instance(instance)
    start = [0, 2, 4, 2, 4, 5, 0, 0, 2]  # valid (no one twice in a slot, 3 tables), with holes
    assert score(problem, start)[0] > 0
    found = day_search(problem, start, participant_bounds(problem, start), deadline=time.perf_counter() + 5)
    assert score(problem, found)[0] == 0
    written = build_schedule(problem, found, upper_bound=10**9, method="test", optimal=False, seconds=0)
    assert check_schedule(instance, written) == []


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_participants=7, max_slots=6, with_sessions=True))
def test_day_model_keeps_the_meetings_and_fixed_slots_and_stays_valid(instance):
    problem = parse_instance(instance)
    start = greedy_assign(problem)
    found = day_search(problem, start, participant_bounds(problem, start), deadline=time.perf_counter() + 0.5)
    assert [t >= 0 for t in found] == [t >= 0 for t in start]
    for r, (t, _table) in problem.fixed.items():
        assert found[r] == t
    written = build_schedule(problem, found, upper_bound=10**9, method="test", optimal=False, seconds=0)
    assert check_schedule(instance, written) == []
