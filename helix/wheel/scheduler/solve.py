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
from dataclasses import dataclass, field

from .bounds import aggregated_bound, counting_bound, degree_bound, degree_priority, free_masks
from .breaks import minimise_breaks
from .exact import LNS_MIN_SECONDS, MAX_COLUMNS, MAX_LNS_COLUMNS, MAX_POLISH_COLUMNS, polish_exact, solve_exact
from .greedy import greedy_assign
from .heuristic import State, Ticker, construct, improve_weight, perturb_and_repair
from .instance import Problem
from .polish import improve_fairness, reduce_gaps
from .solution import build_schedule, weight_of


@dataclass
class _Run:
    """What the phases share: the problem, the clock, the best schedule so far and its proven bound."""

    problem: Problem
    started: float
    time_limit: float
    progress: Callable[[dict], None] | None
    seed: int
    rng: random.Random
    best: list[int]
    best_weight: int
    bound: int
    method: list[str] = field(default_factory=list)
    exact_proved: bool = False

    @property
    def deadline(self) -> float:
        return self.started + self.time_limit

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def report(self, phase: str) -> None:
        if self.progress:
            self.progress(
                {
                    "phase": phase,
                    "weight": self.best_weight,
                    "upper_bound": self.bound,
                    "seconds": round(self.elapsed(), 3),
                }
            )

    def keep(self, assign: list[int], weight: int) -> None:
        if weight > self.best_weight:
            self.best, self.best_weight = assign, weight


def solve(
    problem: Problem,
    *,
    started: float,
    time_limit: float,
    progress: Callable[[dict], None] | None,
    seed: int,
) -> dict:
    greedy = greedy_assign(problem)
    greedy_weight = weight_of(problem, greedy)
    run = _Run(
        problem,
        started,
        time_limit,
        progress,
        seed,
        random.Random(seed),
        best=greedy,
        best_weight=greedy_weight,
        bound=min(counting_bound(problem), degree_bound(problem)),
        method=["greedy"],
    )
    run.report("greedy")
    lp = _lp_bound(run)
    run.report("bound")

    # ~10% of the budget (at most 3 s) is kept for the secondary objectives and writing the result.
    search_deadline = run.deadline - min(0.1 * time_limit, 3.0)
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
    if run.best_weight < run.bound and time.perf_counter() < heuristic_deadline:
        _local_search(run, priority, heuristic_deadline, stall_search=mid)
        if run.best_weight > greedy_weight:
            run.method.append("local search")
        run.report("heuristic")

    remaining = search_deadline - time.perf_counter()
    if run.best_weight < run.bound and ((small and remaining > 0.3) or (mid and remaining > LNS_MIN_SECONDS)):
        _exact(run, search_deadline)
    if run.best_weight < run.bound and not run.exact_proved and mid and search_deadline - time.perf_counter() > 0.5:
        state = State(problem, run.best)  # CP-SAT gave up early: back to local search for the time left
        perturb_and_repair(state, deadline=search_deadline, rng=run.rng, priority=priority, target=run.bound)
        run.keep(state.assign(), state.weight)

    optimal = run.exact_proved or run.best_weight >= run.bound
    extra = {"greedy_weight": greedy_weight}
    lower_bound = _secondary(run, optimal=optimal, polish_columns=n_columns <= MAX_POLISH_COLUMNS)
    if lower_bound is not None:
        extra["breaks_lower_bound"] = lower_bound
    run.report("done")
    return build_schedule(
        problem,
        run.best,
        upper_bound=run.bound,
        method=" + ".join(run.method),
        optimal=optimal,
        seconds=run.elapsed(),
        extra=extra,
    )


def _lp_bound(run: _Run):
    """The aggregated LP bound and guidance, when the budget allows building it (else None)."""
    # Building the aggregated LP costs roughly 50 µs per request on this kind of machine (before HiGHS's own
    # time limit applies): skip it when that alone would eat more than ~45% of the budget. The LP is worth
    # most of that budget: without it the bound falls back to counting (5-10% loose on app-shaped wheels
    # with caps) and the search loses its guidance (several % of weight on large ones), so on a loaded
    # machine it gets time to finish rather than being cut at 30%.
    if run.best_weight >= run.bound or 5e-5 * run.problem.n_requests >= 0.45 * run.time_limit:
        return None
    lp = aggregated_bound(run.problem, time_limit=max(0.45 * run.time_limit - run.elapsed(), 0.05))
    if lp is not None:
        run.bound = min(run.bound, lp.bound)
        run.method.append("LP bound")
    return lp


def _local_search(run: _Run, priority, deadline: float, *, stall_search: bool) -> None:
    """Guided construction, relocation chains and ejections, then iterated perturb-and-repair."""
    problem = run.problem
    state = construct(problem, priority)
    order = sorted(
        (r for r in range(problem.n_requests) if state.slot_of[r] < 0 and r not in problem.fixed),
        key=lambda r: (-problem.req_w[r], problem.req_common[r].bit_count()),
    )

    def on_tick(weight: int) -> None:
        if run.progress:
            run.progress(
                {
                    "phase": "heuristic",
                    "weight": max(weight, run.best_weight),
                    "upper_bound": run.bound,
                    "seconds": round(run.elapsed(), 3),
                }
            )

    tick = Ticker(on_tick)
    improve_weight(state, order, deadline=deadline, rng=run.rng, tick=tick)
    if state.weight > run.best_weight:
        run.keep(state.assign(), state.weight)
        run.report("heuristic")
    stall = max(3.0, 0.25 * (deadline - time.perf_counter())) if stall_search else None
    perturb_and_repair(
        state, deadline=deadline, rng=run.rng, priority=priority, target=run.bound, tick=tick, stall=stall
    )
    run.keep(state.assign(), state.weight)


def _exact(run: _Run, deadline: float) -> None:
    exact = solve_exact(
        run.problem,
        run.best,
        target=run.bound,
        deadline=deadline,
        seed=run.seed,
        max_columns=MAX_LNS_COLUMNS,
        # No progress calls from CP-SAT's callback: it runs in a solver thread, and the app's progress
        # callback writes to the database, which must stay on the calling thread.
    )
    if exact is None:
        return
    run.method.append("CP-SAT")
    run.bound = min(run.bound, exact.bound)
    if exact.assign is not None:
        run.keep(exact.assign, exact.weight)
    run.exact_proved = exact.optimal
    run.report("exact")


def _secondary(run: _Run, *, optimal: bool, polish_columns: bool) -> int | None:
    """Weight-neutral passes: fairness, idle gaps, then breaks. Returns the proven breaks lower bound."""
    problem = run.problem
    state = State(problem, run.best)
    # Writing the result takes a few microseconds per request; keep that time out of the polishing.
    polish_deadline = run.deadline - min(0.1 * run.time_limit, 0.2 + 1e-5 * problem.n_requests)
    improve_fairness(state, deadline=polish_deadline)
    reduce_gaps(state, deadline=polish_deadline)
    # The fairness pass may insert a meeting left out (when the search stopped short of the bound): weight
    # can only grow here.
    assert state.weight >= run.best_weight, "fairness and gap passes never lose weight"
    best = state.assign()
    run.best_weight = state.weight
    # Fairness can still change only if some schedulable request is left out; then CP-SAT gets a share of
    # the polishing time for it, the breaks phase the rest.
    left_out = any(t < 0 and problem.req_common[r] for r, t in enumerate(best))
    if optimal and left_out and polish_columns:
        share = time.perf_counter() + 0.4 * max(polish_deadline - time.perf_counter(), 0.0)
        polished = polish_exact(problem, best, deadline=share, seed=run.seed)
        if polished is not None:
            best = polished
            run.method.append("CP-SAT fairness and gaps")
    breaks = minimise_breaks(problem, best, deadline=polish_deadline, seed=run.seed)
    run.best = breaks.assign
    if breaks.method:
        run.method.append(breaks.method)
    return breaks.lower_bound
