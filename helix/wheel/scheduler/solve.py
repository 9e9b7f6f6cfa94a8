"""Orchestration of the scheduler within one time budget.

1. Greedy first-fit (the baseline; the result is never worse).
2. Certified upper bound: the aggregated LP (``bounds.py``), also used as guidance; else a counting bound.
3. Guided construction from the LP values, then local search (relocation chains, ejections).
4. If a gap remains and time allows: the exact slot-assignment model in CP-SAT, warm-started with the
   heuristic schedule, which may improve it and can prove optimality (``exact.py``).
5. Weight-neutral passes for the secondary objectives: fairness, then idle gaps.

Every phase keeps a valid schedule, so whatever the time limit the best one found so far is returned.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from .bounds import aggregated_bound, counting_bound
from .greedy import greedy_assign
from .heuristic import State, construct, improve_fairness, improve_weight, reduce_gaps
from .instance import Problem
from .solution import build_schedule, weight_of


def solve(
    problem: Problem,
    *,
    started: float,
    time_limit: float,
    progress: Callable[[dict], None] | None,
    seed: int,
) -> dict:
    deadline = started + time_limit
    rng = random.Random(seed)

    def elapsed() -> float:
        return time.perf_counter() - started

    def report(phase: str, weight: int, bound: int) -> None:
        if progress:
            progress({"phase": phase, "weight": weight, "upper_bound": bound, "seconds": round(elapsed(), 3)})

    greedy = greedy_assign(problem)
    best = greedy
    best_weight = weight_of(problem, greedy)
    bound = counting_bound(problem)
    method = ["greedy"]
    report("greedy", best_weight, bound)

    lp = None
    if best_weight < bound:
        lp = aggregated_bound(problem, time_limit=max(0.3 * time_limit - elapsed(), 0.05))
        if lp is not None:
            bound = min(bound, lp.bound)
    report("bound", best_weight, bound)

    # Keep ~15% of the budget for the secondary objectives and writing the result.
    heuristic_deadline = started + 0.85 * time_limit
    if best_weight < bound and time.perf_counter() < heuristic_deadline:
        priority = list(lp.y) if lp is not None else None
        state = construct(problem, priority)
        order = sorted(
            (r for r in range(problem.n_requests) if state.slot_of[r] < 0 and r not in problem.fixed),
            key=lambda r: (-problem.req_w[r], problem.req_common[r].bit_count()),
        )
        improve_weight(state, order, deadline=heuristic_deadline, rng=rng)
        if state.weight > best_weight:
            best, best_weight = state.assign(), state.weight
            method.append("LP-guided local search")
        report("heuristic", best_weight, bound)

    optimal = best_weight >= bound
    # Secondary objectives at constant weight.
    state = State(problem, best)
    polish_deadline = deadline - min(0.05 * time_limit, 0.5)
    improve_fairness(state, deadline=polish_deadline)
    reduce_gaps(state, deadline=polish_deadline)
    assert state.weight == best_weight
    best = state.assign()
    report("done", best_weight, bound)
    return build_schedule(
        problem,
        best,
        upper_bound=bound,
        method=" + ".join(method),
        optimal=optimal,
        seconds=elapsed(),
    )
