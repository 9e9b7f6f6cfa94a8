"""The exact slot-assignment model (see ``model.py``) in CP-SAT, warm-started by the heuristic.

CP-SAT either improves the schedule or proves that no better one exists; its objective bound is a proven
upper bound too (it comes from the same model's LP relaxation, strengthened by search). Only used when the
model is small enough to build and search within the remaining time; larger wheels keep the heuristic
schedule and the aggregated LP bound.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from .instance import Problem
from .model import build_model

# Beyond this many (request, slot) columns, building and searching the full model (several seconds on a
# loaded 2-core machine) does better spent on local search; such wheels keep the heuristic and LP bound.
MAX_COLUMNS = 5_000
# Mid-size models go to CP-SAT only once local search stagnates and many seconds remain: its large-
# neighbourhood search then still finds improvements, though it rarely proves anything at this size.
MAX_LNS_COLUMNS = 100_000
LNS_MIN_SECONDS = 8.0


@dataclass
class ExactResult:
    assign: list[int] | None  # improved assignment, or None if no better one was found
    weight: int
    bound: int  # proven upper bound from CP-SAT
    optimal: bool


def solve_exact(
    problem: Problem,
    assign: list[int],
    *,
    target: int,
    deadline: float,
    seed: int = 0,
    workers: int = 2,
    on_improve: Callable[[int, int], None] | None = None,
    max_columns: int = MAX_COLUMNS,
) -> ExactResult | None:
    """Search for a heavier schedule than ``assign`` (stopping once ``target`` is reached) until ``deadline``."""
    model_data = build_model(problem)
    n_cols = len(model_data.cost)
    if n_cols > max_columns or time.perf_counter() + 0.2 > deadline:
        return None
    from ortools.sat.python import cp_model  # imported late: loading it takes a while

    model = cp_model.CpModel()
    x = [model.new_bool_var("") for _ in range(n_cols)]
    col_r = model_data.col_r.tolist()
    col_t = model_data.col_t.tolist()
    weights = model_data.cost.astype(int).tolist()
    by_request: dict[int, list[int]] = {}
    by_person_slot: dict[int, list[int]] = {}
    by_person: dict[int, list[int]] = {}
    by_slot: dict[int, list[int]] = {}
    n_slots = problem.n_slots
    for j, (r, t) in enumerate(zip(col_r, col_t, strict=True)):
        by_request.setdefault(r, []).append(j)
        by_slot.setdefault(t, []).append(j)
        for p in (problem.req_a[r], problem.req_b[r]):
            by_person_slot.setdefault(p * n_slots + t, []).append(j)
            by_person.setdefault(p, []).append(j)
    for cols in by_request.values():
        if len(cols) > 1:
            model.add_at_most_one(x[j] for j in cols)
    for cols in by_person_slot.values():
        if len(cols) > 1:
            model.add_at_most_one(x[j] for j in cols)
    cap0 = model_data.n_req_rows + model_data.n_people * n_slots
    for p, cols in by_person.items():
        cap = int(model_data.row_upper[cap0 + p])
        slots_open = len({col_t[j] for j in cols})
        if cap < min(slots_open, len({col_r[j] for j in cols})):
            model.add(sum(x[j] for j in cols) <= cap)
    slot0 = cap0 + model_data.n_people
    for t, cols in by_slot.items():
        tables = int(model_data.row_upper[slot0 + t])
        if len(cols) > tables:
            model.add(sum(x[j] for j in cols) <= tables)
    model.maximize(sum(w * x[j] for j, w in enumerate(weights)))
    for j, (r, t) in enumerate(zip(col_r, col_t, strict=True)):
        model.add_hint(x[j], assign[r] == t)

    offset = model_data.offset
    start_weight = sum(problem.req_w[r] for r, t in enumerate(assign) if t >= 0)

    class Watcher(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            value = round(self.objective_value) + offset
            if on_improve and value > start_weight:
                on_improve(value, math.floor(self.best_objective_bound + 1e-6) + offset)
            if value >= target:
                self.stop_search()

    solver = cp_model.CpSolver()
    remaining = deadline - time.perf_counter()
    if remaining <= 0.1:
        return None
    solver.parameters.max_time_in_seconds = remaining
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.solve(model, Watcher())
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    weight = round(solver.objective_value) + offset
    bound = math.floor(solver.best_objective_bound + 1e-6) + offset
    result = None
    if weight > start_weight:
        result = [-1] * problem.n_requests
        for r, (t, _table) in problem.fixed.items():
            result[r] = t
        for j in range(n_cols):
            if solver.boolean_value(x[j]):
                result[col_r[j]] = col_t[j]
    return ExactResult(assign=result, weight=max(weight, start_weight), bound=bound, optimal=status == cp_model.OPTIMAL)


# The secondary objectives are modelled only on small wheels: per participant and slot a few extra variables.
MAX_POLISH_COLUMNS = 6_000


def polish_exact(problem: Problem, assign: list[int], *, deadline: float, seed: int = 0) -> list[int] | None:
    """Keeping the scheduled weight exactly, maximise the fewest meetings of any participant with a
    schedulable request, then minimise total idle gaps (lexicographically, through one weighted objective).
    Returns an assignment at least as good on both, or None."""
    from .solution import busy_masks, idle_gaps_of_mask, meeting_counts, requesters

    model_data = build_model(problem)
    n_cols = len(model_data.cost)
    if n_cols > MAX_POLISH_COLUMNS or n_cols == 0 or deadline - time.perf_counter() < 0.2:
        return None
    from ortools.sat.python import cp_model  # imported late: loading it takes a while

    n_slots, n_people = problem.n_slots, len(problem.ids)
    weight = sum(problem.req_w[r] for r, t in enumerate(assign) if t >= 0)
    model = cp_model.CpModel()
    x = [model.new_bool_var("") for _ in range(n_cols)]
    col_r = model_data.col_r.tolist()
    col_t = model_data.col_t.tolist()
    by_request: dict[int, list[int]] = {}
    by_person_slot: dict[tuple[int, int], list[int]] = {}
    by_slot: dict[int, list[int]] = {}
    for j, (r, t) in enumerate(zip(col_r, col_t, strict=True)):
        by_request.setdefault(r, []).append(j)
        by_slot.setdefault(t, []).append(j)
        for p in (problem.req_a[r], problem.req_b[r]):
            by_person_slot.setdefault((p, t), []).append(j)
    for cols in by_request.values():
        model.add_at_most_one(x[j] for j in cols)
    fixed_busy = [0] * n_people
    fixed_count = [0] * n_people
    for r, (t, _table) in problem.fixed.items():
        for p in (problem.req_a[r], problem.req_b[r]):
            fixed_busy[p] |= 1 << t
            fixed_count[p] += 1
    busy = {}
    for p in range(n_people):
        for t in range(n_slots):
            cols = by_person_slot.get((p, t), [])
            if fixed_busy[p] >> t & 1:
                busy[p, t] = 1
            elif cols:
                model.add_at_most_one(x[j] for j in cols)
                busy[p, t] = sum(x[j] for j in cols)
            else:
                busy[p, t] = 0
    cap0 = model_data.n_req_rows + n_people * n_slots
    slot0 = cap0 + n_people
    for p in range(n_people):
        model.add(sum(busy[p, t] for t in range(n_slots)) - fixed_count[p] <= int(model_data.row_upper[cap0 + p]))
    for t, cols in by_slot.items():
        model.add(sum(x[j] for j in cols) <= int(model_data.row_upper[slot0 + t]))
    model.add(sum(int(model_data.cost[j]) * x[j] for j in range(n_cols)) + model_data.offset == weight)

    who = requesters(problem)
    low = model.new_int_var(0, n_slots, "low")
    for p in who:
        model.add(low <= sum(busy[p, t] for t in range(n_slots)))
    gaps = []
    for p in range(n_people):
        avail = problem.avail[p]
        if not any(not isinstance(busy[p, t], int) for t in range(n_slots)):
            continue
        started = [model.new_bool_var("") for _ in range(n_slots)]  # a meeting at or before t
        ending = [model.new_bool_var("") for _ in range(n_slots)]  # a meeting at or after t
        for t in range(n_slots):
            model.add(started[t] >= busy[p, t])
            model.add(ending[t] >= busy[p, t])
            if t:
                model.add(started[t] >= started[t - 1])
                model.add(ending[t - 1] >= ending[t])
        for t in range(1, n_slots - 1):
            if avail >> t & 1:
                g = model.new_bool_var("")
                model.add(g >= started[t - 1] + ending[t + 1] - 1 - busy[p, t])
                gaps.append(g)
    total_gaps = sum(gaps) if gaps else 0
    model.maximize((n_people * n_slots + 1) * low - total_gaps)
    for j, (r, t) in enumerate(zip(col_r, col_t, strict=True)):
        model.add_hint(x[j], assign[r] == t)

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(deadline - time.perf_counter(), 0.05)
    solver.parameters.num_workers = 2
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    result = [-1] * problem.n_requests
    for r, (t, _table) in problem.fixed.items():
        result[r] = t
    for j in range(n_cols):
        if solver.boolean_value(x[j]):
            result[col_r[j]] = col_t[j]

    def key(a: list[int]) -> tuple[int, int]:
        counts = meeting_counts(problem, a)
        masks = busy_masks(problem, a)
        fairness = min((counts[p] for p in who), default=0)
        return fairness, -sum(idle_gaps_of_mask(m, v) for m, v in zip(masks, problem.avail, strict=True))

    return result if key(result) > key(assign) else None
