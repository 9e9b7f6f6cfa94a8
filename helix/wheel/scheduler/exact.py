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


@dataclass
class _Columns:
    """The model's (request, slot) columns grouped the ways the constraints need them."""

    col_r: list[int]
    col_t: list[int]
    by_request: dict[int, list[int]]
    by_person_slot: dict[tuple[int, int], list[int]]
    by_person: dict[int, list[int]]
    by_slot: dict[int, list[int]]


def _columns(problem: Problem, model_data) -> _Columns:
    cols = _Columns(model_data.col_r.tolist(), model_data.col_t.tolist(), {}, {}, {}, {})
    for j, (r, t) in enumerate(zip(cols.col_r, cols.col_t, strict=True)):
        cols.by_request.setdefault(r, []).append(j)
        cols.by_slot.setdefault(t, []).append(j)
        for p in (problem.req_a[r], problem.req_b[r]):
            cols.by_person_slot.setdefault((p, t), []).append(j)
            cols.by_person.setdefault(p, []).append(j)
    return cols


def _decode(problem: Problem, solver, x, cols: _Columns) -> list[int]:
    """The assignment a solved model describes (fixed meetings keep their slots)."""
    result = [-1] * problem.n_requests
    for r, (t, _table) in problem.fixed.items():
        result[r] = t
    for j, value in enumerate(x):
        if solver.boolean_value(value):
            result[cols.col_r[j]] = cols.col_t[j]
    return result


def _hint(model, x, cols: _Columns, assign: list[int]) -> None:
    for j, (r, t) in enumerate(zip(cols.col_r, cols.col_t, strict=True)):
        model.add_hint(x[j], assign[r] == t)


def _add_weight_constraints(model, x, cols: _Columns, model_data, n_slots: int) -> None:
    """One slot per request, one meeting per participant and slot, participants' caps, tables per slot."""
    for group in (*cols.by_request.values(), *cols.by_person_slot.values()):
        if len(group) > 1:
            model.add_at_most_one(x[j] for j in group)
    cap0 = model_data.n_req_rows + model_data.n_people * n_slots
    for p, group in cols.by_person.items():
        cap = int(model_data.row_upper[cap0 + p])
        slots_open = len({cols.col_t[j] for j in group})
        if cap < min(slots_open, len({cols.col_r[j] for j in group})):
            model.add(sum(x[j] for j in group) <= cap)
    slot0 = cap0 + model_data.n_people
    for t, group in cols.by_slot.items():
        tables = int(model_data.row_upper[slot0 + t])
        if len(group) > tables:
            model.add(sum(x[j] for j in group) <= tables)


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
    cols = _columns(problem, model_data)
    _add_weight_constraints(model, x, cols, model_data, problem.n_slots)
    model.maximize(sum(w * x[j] for j, w in enumerate(model_data.cost.astype(int).tolist())))
    _hint(model, x, cols, assign)

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
    result = _decode(problem, solver, x, cols) if weight > start_weight else None
    return ExactResult(assign=result, weight=max(weight, start_weight), bound=bound, optimal=status == cp_model.OPTIMAL)


# The secondary objectives are modelled only on small wheels: per participant and slot a few extra variables.
MAX_POLISH_COLUMNS = 6_000


def _busy_terms(problem: Problem, model, x, cols: _Columns) -> tuple[dict, list[int]]:
    """Per (participant, slot): 1 for a fixed meeting, else the sum of the columns that would meet there
    (at most one), else 0. Also each participant's count of fixed meetings."""
    n_people = len(problem.ids)
    fixed_busy = [0] * n_people
    fixed_count = [0] * n_people
    for r, (t, _table) in problem.fixed.items():
        for p in (problem.req_a[r], problem.req_b[r]):
            fixed_busy[p] |= 1 << t
            fixed_count[p] += 1
    busy = {}
    for p in range(n_people):
        for t in range(problem.n_slots):
            group = cols.by_person_slot.get((p, t), [])
            if fixed_busy[p] >> t & 1:
                busy[p, t] = 1
            elif group:
                model.add_at_most_one(x[j] for j in group)
                busy[p, t] = sum(x[j] for j in group)
            else:
                busy[p, t] = 0
    return busy, fixed_count


def _gap_terms(problem: Problem, model, busy: dict) -> list:
    """One boolean per free available slot strictly between two of a participant's meetings."""
    gaps = []
    n_slots = problem.n_slots
    for p in range(len(problem.ids)):
        if all(isinstance(busy[p, t], int) for t in range(n_slots)):
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
            if problem.avail[p] >> t & 1:
                g = model.new_bool_var("")
                model.add(g >= started[t - 1] + ending[t + 1] - 1 - busy[p, t])
                gaps.append(g)
    return gaps


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
    cols = _columns(problem, model_data)
    for group in cols.by_request.values():
        model.add_at_most_one(x[j] for j in group)
    busy, fixed_count = _busy_terms(problem, model, x, cols)
    cap0 = model_data.n_req_rows + n_people * n_slots
    slot0 = cap0 + n_people
    for p in range(n_people):
        model.add(sum(busy[p, t] for t in range(n_slots)) - fixed_count[p] <= int(model_data.row_upper[cap0 + p]))
    for t, group in cols.by_slot.items():
        model.add(sum(x[j] for j in group) <= int(model_data.row_upper[slot0 + t]))
    model.add(sum(int(model_data.cost[j]) * x[j] for j in range(n_cols)) + model_data.offset == weight)

    who = requesters(problem)
    low = model.new_int_var(0, n_slots, "low")
    for p in who:
        model.add(low <= sum(busy[p, t] for t in range(n_slots)))
    gaps = _gap_terms(problem, model, busy)
    model.maximize((n_people * n_slots + 1) * low - (sum(gaps) if gaps else 0))
    _hint(model, x, cols, assign)

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(deadline - time.perf_counter(), 0.05)
    solver.parameters.num_workers = 2
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    result = _decode(problem, solver, x, cols)

    def key(a: list[int]) -> tuple[int, int]:
        counts = meeting_counts(problem, a)
        masks = busy_masks(problem, a)
        fairness = min((counts[p] for p in who), default=0)
        return fairness, -sum(idle_gaps_of_mask(m, v) for m, v in zip(masks, problem.avail, strict=True))

    return result if key(result) > key(assign) else None
