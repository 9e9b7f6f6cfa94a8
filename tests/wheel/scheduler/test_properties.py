"""Property tests: on random small instances every schedule is valid, keeps fixed meetings, beats greedy
and stays under its proven bound; on tiny instances it matches a brute-force optimum."""

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helix.wheel.scheduler import check_schedule, greedy_schedule, schedule, validate_instance
from helix.wheel.scheduler.bounds import aggregated_bound, counting_bound, degree_bound
from helix.wheel.scheduler.instance import parse_instance

from .strategies import brute_force_options, instances

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def brute_force_weight(instance):
    """Best scheduled weight by trying every slot (or none) for every request."""
    per_slot, people, options = brute_force_options(instance, may_skip=True)
    best = -1
    for choice in itertools.product(*options):
        used, busy, count, weight, ok = {}, set(), {}, 0, True
        for r, s in zip(instance["requests"], choice):
            if s is None:
                continue
            for p in (r["a"], r["b"]):
                if (p, s) in busy:
                    ok = False
                busy.add((p, s))
                count[p] = count.get(p, 0) + 1
            used[s] = used.get(s, 0) + 1
            weight += r.get("weight", 1)
        ok = ok and all(n <= per_slot[s] for s, n in used.items())
        ok = ok and all(
            people[p].get("max_meetings") is None or n <= people[p]["max_meetings"] for p, n in count.items()
        )
        if ok:
            best = max(best, weight)
    return best


def fixed_kept(instance, result):
    placed = {frozenset((m["a"], m["b"])): (m["slot"], m["table"]) for m in result["meetings"]}
    for f in instance["fixed"]:
        slot, table = placed[frozenset((f["a"], f["b"]))]
        assert slot == f["slot"]
        if f.get("table") is not None:
            assert table == f["table"]


@FAST
@given(instances())
def test_schedule_is_valid_keeps_fixed_and_beats_greedy(instance):
    validate_instance(instance)
    greedy = greedy_schedule(instance)
    assert check_schedule(instance, greedy) == []
    result = schedule(instance, time_limit=2)
    assert check_schedule(instance, result) == []
    fixed_kept(instance, result)
    stats = result["stats"]
    assert stats["weight_scheduled"] >= greedy["stats"]["weight_scheduled"]
    assert stats["weight_scheduled"] <= stats["upper_bound"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_participants=5, max_slots=3).filter(lambda i: len(i["requests"]) <= 7))
def test_upper_bound_is_genuine_and_small_instances_are_solved_optimally(instance):
    best = brute_force_weight(instance)
    result = schedule(instance, time_limit=2)
    stats = result["stats"]
    assert stats["upper_bound"] >= best
    assert stats["weight_scheduled"] == best
    assert greedy_schedule(instance)["stats"]["upper_bound"] >= best


@FAST
@given(instances(), st.integers(0, 3))
def test_any_seed_gives_a_valid_schedule(instance, seed):
    result = schedule(instance, time_limit=1, seed=seed)
    assert check_schedule(instance, result) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_participants=6, max_slots=3).filter(lambda i: len(i["requests"]) <= 8))
def test_each_bound_is_a_genuine_upper_bound(instance):
    """Every bound on its own (not just the smallest) is >= the brute-force optimum."""
    best = brute_force_weight(instance)
    problem = parse_instance(instance)
    assert counting_bound(problem) >= best
    assert degree_bound(problem) >= best
    lp = aggregated_bound(problem, time_limit=5)
    assert lp is not None
    assert lp.bound >= best
    assert lp.bound <= sum(problem.req_w)


def test_degree_bound_sees_caps_that_counting_ignores():
    """A hub capped at 1 meeting wanted by three others: counting allows 3 meetings, the degree bound 1."""
    instance = {
        "format": "helix-wheel/1",
        "slots": ["09:00", "09:20", "09:40"],
        "tables": 5,
        "participants": [{"id": "hub", "side": "supplier", "max_meetings": 1}]
        + [{"id": f"b{k}", "side": "buyer"} for k in range(3)],
        "requests": [{"a": f"b{k}", "b": "hub", "weight": 3} for k in range(3)],
        "fixed": [],
    }
    problem = parse_instance(instance)
    assert brute_force_weight(instance) == 3
    assert counting_bound(problem) == 9
    # hub: its 1 heaviest (3); each buyer: its only request (3); half of 12 is 6.
    assert degree_bound(problem) == 6
