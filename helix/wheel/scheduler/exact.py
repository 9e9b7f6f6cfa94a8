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
MAX_COLUMNS = 30_000


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
) -> ExactResult | None:
    """Search for a heavier schedule than ``assign`` (stopping once ``target`` is reached) until ``deadline``."""
    from ortools.sat.python import cp_model

    model_data = build_model(problem)
    n_cols = len(model_data.cost)
    if n_cols > MAX_COLUMNS or time.perf_counter() + 0.2 > deadline:
        return None
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
