"""Orchestration of the scheduler within one time budget.

1. Greedy first-fit (the baseline; the result is never worse).
2. Certified upper bound: the aggregated LP (``bounds.py``), also used as guidance; else the smaller of the
   counting and degree bounds, with the degree ranking as guidance.
3. Guided construction from the LP values, then local search (relocation chains, ejections).
4. Iterated local search (drop a few participants' meetings, rebuild, keep if not worse) while a gap
   remains; on small models the last 40% of the search time goes to the exact slot-assignment model in
   CP-SAT, warm-started with the heuristic schedule (``exact.py``), to close the gap or prove optimality.
   On mid-size models, when local search stagnates and at least 8 s remain, CP-SAT (warm-started) gets
   the rest; the largest keep local search to the end.
5. Weight-neutral passes for the secondary objectives: fairness, idle gaps, then (``breaks.py``) breaks in
   participants' days, their spread and idle slots, keeping the set of scheduled meetings. When the weight
   is reached early (real forums, where every request fits), this phase gets most of the budget.

Every phase keeps a valid schedule, so whatever the time limit the best one found so far is returned.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from .bounds import aggregated_bound, counting_bound, degree_bound, degree_priority, free_masks
from .breaks import minimise_breaks
from .exact import LNS_MIN_SECONDS, MAX_COLUMNS, MAX_LNS_COLUMNS, MAX_POLISH_COLUMNS, polish_exact, solve_exact
from .greedy import greedy_assign
from .heuristic import State, Ticker, construct, improve_weight, perturb_and_repair
from .instance import Problem
from .polish import improve_fairness, reduce_gaps
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
    bound = min(counting_bound(problem), degree_bound(problem))
    method = ["greedy"]
    exact_proved = False
    report("greedy", best_weight, bound)

    lp = None
    # Building the aggregated LP costs roughly 50 µs per request on this kind of machine (before HiGHS's own
    # time limit applies): skip it when that alone would eat more than ~45% of the budget. The LP is worth
    # most of that budget: without it the bound falls back to counting (5-10% loose on app-shaped wheels
    # with caps) and the search loses its guidance (several % of weight on large ones), so on a loaded
    # machine it gets time to finish rather than being cut at 30%.
    if best_weight < bound and 5e-5 * problem.n_requests < 0.45 * time_limit:
        lp = aggregated_bound(problem, time_limit=max(0.45 * time_limit - elapsed(), 0.05))
        if lp is not None:
            bound = min(bound, lp.bound)
            method.append("LP bound")
    report("bound", best_weight, bound)

    # ~10% of the budget (at most 3 s) is kept for the secondary objectives and writing the result.
    search_deadline = deadline - min(0.1 * time_limit, 3.0)
    free, _caps, _tables, _offset = free_masks(problem)
    n_columns = sum(f.bit_count() for f in free)  # size of the exact slot-assignment model
    small = n_columns <= MAX_COLUMNS
    mid = not small and n_columns <= MAX_LNS_COLUMNS
    # Local search is much stronger than CP-SAT's search on all but small models, so it goes first; on
    # small models CP-SAT then gets the remaining 40% to close the gap or prove optimality.
    now = time.perf_counter()
    share = 1.0 if not small else 0.6 if n_columns > 1000 else 0.1  # tiny models: CP-SAT proves at once
    heuristic_deadline = now + share * (search_deadline - now)
    priority = list(lp.y) if lp is not None and lp.y.any() else degree_priority(problem)
    if best_weight < bound and time.perf_counter() < heuristic_deadline:
        state = construct(problem, priority)
        order = sorted(
            (r for r in range(problem.n_requests) if state.slot_of[r] < 0 and r not in problem.fixed),
            key=lambda r: (-problem.req_w[r], problem.req_common[r].bit_count()),
        )
        tick = Ticker(lambda weight: report("heuristic", max(weight, best_weight), bound))
        improve_weight(state, order, deadline=heuristic_deadline, rng=rng, tick=tick)
        if state.weight > best_weight:
            best, best_weight = state.assign(), state.weight
            report("heuristic", best_weight, bound)
        stall = max(3.0, 0.25 * (heuristic_deadline - time.perf_counter())) if mid else None
        perturb_and_repair(
            state, deadline=heuristic_deadline, rng=rng, priority=priority, target=bound, tick=tick, stall=stall
        )
        if state.weight > best_weight:
            best, best_weight = state.assign(), state.weight
        if best_weight > weight_of(problem, greedy):
            method.append("local search")
        report("heuristic", best_weight, bound)

    remaining = search_deadline - time.perf_counter()
    if best_weight < bound and ((small and remaining > 0.3) or (mid and remaining > LNS_MIN_SECONDS)):
        exact = solve_exact(
            problem,
            best,
            target=bound,
            deadline=search_deadline,
            seed=seed,
            max_columns=MAX_LNS_COLUMNS,
            # No progress calls from CP-SAT's callback: it runs in a solver thread, and the app's progress
            # callback writes to the database, which must stay on the calling thread.
        )
        if exact is not None:
            method.append("CP-SAT")
            bound = min(bound, exact.bound)
            if exact.assign is not None and exact.weight > best_weight:
                best, best_weight = exact.assign, exact.weight
            exact_proved = exact.optimal
            report("exact", best_weight, bound)
    if best_weight < bound and not exact_proved and mid and search_deadline - time.perf_counter() > 0.5:
        state = State(problem, best)  # CP-SAT gave up early: back to local search for the time left
        perturb_and_repair(state, deadline=search_deadline, rng=rng, priority=priority, target=bound)
        if state.weight > best_weight:
            best, best_weight = state.assign(), state.weight

    optimal = exact_proved or best_weight >= bound
    # Secondary objectives at constant weight.
    state = State(problem, best)
    # Writing the result takes a few microseconds per request; keep that time out of the polishing.
    polish_deadline = deadline - min(0.1 * time_limit, 0.2 + 1e-5 * problem.n_requests)
    improve_fairness(state, deadline=polish_deadline)
    reduce_gaps(state, deadline=polish_deadline)
    assert state.weight == best_weight, "fairness and gap passes keep only weight-neutral moves"
    best = state.assign()
    # Fairness can still change only if some schedulable request is left out; then CP-SAT gets a share of
    # the polishing time for it, the breaks phase the rest.
    left_out = any(t < 0 and problem.req_common[r] for r, t in enumerate(best))
    if optimal and left_out and n_columns <= MAX_POLISH_COLUMNS:
        share = time.perf_counter() + 0.4 * max(polish_deadline - time.perf_counter(), 0.0)
        polished = polish_exact(problem, best, deadline=share, seed=seed)
        if polished is not None:
            best = polished
            method.append("CP-SAT fairness and gaps")
    breaks = minimise_breaks(problem, best, deadline=polish_deadline, seed=seed)
    best = breaks.assign
    if breaks.method:
        method.append(breaks.method)
    extra = {"greedy_weight": weight_of(problem, greedy)}
    if breaks.lower_bound is not None:
        extra["breaks_lower_bound"] = breaks.lower_bound
    report("done", best_weight, bound)
    return build_schedule(
        problem,
        best,
        upper_bound=bound,
        method=" + ".join(method),
        optimal=optimal,
        seconds=elapsed(),
        extra=extra,
    )
