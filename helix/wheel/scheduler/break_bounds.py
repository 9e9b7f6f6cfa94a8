"""A lower bound on total breaks from who can keep their fewest breaks *together* (the day bound).

Valid only when the set of meetings is forced (every request scheduled). Each participant has their own
proven minimum b (``breaks.participant_bounds``). A participant with k meetings and exactly b breaks spends
a set of k slots in b + 1 runs in meetings: a *day* that holds their fixed meetings, only slots their
meetings may use, and admits a matching of their meetings to its slots (with b = 0, a window of k
consecutive slots). Two such participants who meet must share a slot of both days that their meeting may
use. So those at their own minimum are a choice of one day each with every meeting between two of them
compatible; each participant left out of the choice has at least b + 1 breaks. The fewest left out, added
to the sum of the own minima, is a lower bound; CP-SAT finds it, or a proven bound on it. Participants with
too many days to list keep their own minimum only (leaving them out of the model only relaxes it).
"""

from __future__ import annotations

import math
import time

from .instance import Problem


def deadline_solver(deadline: float, *, workers: int, seed: int, minimum: float = 0.05, core: bool = False):
    """A CP-SAT solver given what is left until `deadline` (less a 0.05 s margin), or None when less
    than `minimum` seconds would be left. With ``core``, its full-model worker is CP-SAT's core search (it
    raises the lower bound by unsatisfiable cores and then solves at it); neighbourhood search runs too."""
    from ortools.sat.python import cp_model  # imported late: loading it takes a while

    remaining = deadline - time.perf_counter() - 0.05
    if remaining < minimum:
        return None
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = remaining
    if core:
        solver.parameters.subsolvers.append("core")
    return solver


def meeting_options(problem: Problem, assign: list[int]) -> tuple[list[list[int]], set[int], list[int]]:
    """Per participant their scheduled meetings; the fixed meetings; per meeting the slots it may use in any
    schedule with these meetings: its own slot if fixed, else its slots minus those where either side has a
    fixed meeting or fixed meetings fill every table."""
    n = len(problem.ids)
    mine: list[list[int]] = [[] for _ in range(n)]
    for r, t in enumerate(assign):
        if t >= 0:
            mine[problem.req_a[r]].append(r)
            mine[problem.req_b[r]].append(r)
    fixed_at = {r: t for r, (t, _table) in problem.fixed.items()}
    blocked = [0] * n
    filled = [0] * problem.n_slots
    for r, t in fixed_at.items():
        blocked[problem.req_a[r]] |= 1 << t
        blocked[problem.req_b[r]] |= 1 << t
        filled[t] += 1
    full = sum(1 << t for t, k in enumerate(filled) if k >= problem.tables[t])
    options = [
        (1 << fixed_at[r])
        if r in fixed_at
        else problem.req_common[r] & ~blocked[problem.req_a[r]] & ~blocked[problem.req_b[r]] & ~full
        for r in range(problem.n_requests)
    ]
    return mine, set(fixed_at), options


def matchable(options: list[int], mask: int) -> bool:
    """Can each meeting get its own slot of ``mask`` among its options? (augmenting paths)"""
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        free = options[i] & mask
        while free:
            low = free & -free
            free ^= low
            t = low.bit_length() - 1
            if t in seen:
                continue
            seen.add(t)
            if t not in owner or augment(owner[t], seen):
                owner[t] = i
                return True
        return False

    return all(augment(i, set()) for i in range(len(options)))


# At most this many days per participant in the model (beyond, they keep their own bound).
DAYS_CAP = 400
# At most this many pairs of days checked per meeting.
PAIRS_CAP = 2_000


def days_of(problem: Problem, rs: list[int], fixed: set[int], options: list[int], runs: int, cap: int) -> list | None:
    """The slot masks a participant with meetings ``rs`` could fill in exactly ``runs`` runs (``runs - 1``
    breaks); None if there are more than ``cap`` of them to try."""
    k = len(rs)
    mine = [options[r] for r in rs]
    pinned = 0
    for r in rs:
        if r in fixed:
            pinned |= options[r]
    allowed = 0
    for o in mine:
        allowed |= o
    found = []
    for tried, mask in enumerate(run_sets(problem.n_slots, k, runs, allowed)):
        if tried > 20 * cap or len(found) > cap:
            return None
        if mask & pinned == pinned and matchable(mine, mask):
            found.append(mask)
    return found


def run_sets(n_slots: int, k: int, runs: int, allowed: int, start: int = 0):
    """Slot sets of exactly ``k`` slots within ``allowed`` forming exactly ``runs`` runs, from ``start`` on."""
    if runs == 0:
        if k == 0:
            yield 0
        return
    for first in range(start, n_slots):
        for length in range(1, k - runs + 2):
            end = first + length
            if end > n_slots:
                break
            block = ((1 << length) - 1) << first
            if block & ~allowed:
                break
            for rest in run_sets(n_slots, k - length, runs - 1, allowed, end + 1):
                yield block | rest


def window_bound(
    problem: Problem, assign: list[int], bounds: list[int], *, deadline: float, seed: int = 0, slots: bool = False
) -> int:
    """Proven minimum of total breaks for the meetings of ``assign`` (all requests scheduled), at least
    ``sum(bounds)`` (each participant's own bound): see the module docstring. With ``slots`` the model also
    gives each meeting of a participant in the choice its own slot (tighter, much slower to prove)."""
    base = sum(bounds)
    if deadline - time.perf_counter() < 0.1:
        return base
    mine, fixed, options = meeting_options(problem, assign)
    # Each participant with two meetings or more whose days at their own bound are few enough to list.
    windows = {}
    for i, rs in enumerate(mine):
        if len(rs) > 1:
            days = days_of(problem, rs, fixed, options, bounds[i] + 1, cap=DAYS_CAP)
            if days is not None:
                windows[i] = days
    from ortools.sat.python import cp_model  # imported late: loading it takes a while

    model = cp_model.CpModel()
    choice: dict[int, list] = {}
    broken = []
    index = {i: k for k, i in enumerate(windows)}
    for i, masks in windows.items():
        row = [model.new_bool_var("") for _ in masks]
        out = model.new_bool_var("")
        model.add_exactly_one([*row, out])
        choice[i] = row
        broken.append(out)
    conflicts = _window_conflicts(problem, assign, model, windows, choice, options)
    # Each meeting of a participant in the choice gets its own slot: one inside their window (and their
    # partner's, when the partner is in the choice too); a participant holds one meeting per slot and a slot
    # no more meetings than it has free tables.
    if slots:
        _meetings_get_slots(problem, assign, model, windows, choice, broken, index, fixed, options)
    elif not conflicts:
        return base
    model.minimize(sum(broken))
    solver = deadline_solver(deadline, workers=2, seed=seed)
    if solver is None:
        return base
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return base
    return base + max(0, math.ceil(solver.best_objective_bound - 1e-6))


def _window_conflicts(problem: Problem, assign, model, windows, choice, options) -> int:
    """Two participants who meet cannot both take windows with no common slot their meeting may use."""
    conflicts = 0
    for r, t in enumerate(assign):
        i, j = problem.req_a[r], problem.req_b[r]
        if t < 0 or i not in windows or j not in windows or len(windows[i]) * len(windows[j]) > PAIRS_CAP:
            continue  # fewer constraints: still a relaxation
        for wi, vi in zip(windows[i], choice[i], strict=True):
            for wj, vj in zip(windows[j], choice[j], strict=True):
                if not wi & wj & options[r]:
                    model.add_bool_or([vi.Not(), vj.Not()])
                    conflicts += 1
    return conflicts


def _meetings_get_slots(problem: Problem, assign, model, windows, choice, broken, index, fixed, options) -> None:
    per_person: dict[tuple[int, int], list] = {}
    per_slot: dict[int, list] = {}
    free_tables = list(problem.tables)
    for r in fixed:
        free_tables[problem.fixed[r][0]] -= 1
    for r, t0 in enumerate(assign):
        if t0 < 0 or r in fixed:
            continue
        i, j = problem.req_a[r], problem.req_b[r]
        if i not in windows and j not in windows:
            continue
        row = []
        for t in problem.slot_list(options[r]):
            v = model.new_bool_var("")
            row.append(v)
            per_slot.setdefault(t, []).append(v)
            for q in (i, j):
                per_person.setdefault((q, t), []).append(v)
            for q in (i, j) if i in windows and j in windows else (i,) if i in windows else (j,):
                inside = [c for w, c in zip(windows[q], choice[q], strict=True) if w >> t & 1]
                model.add_bool_or([v.Not(), broken[index[q]], *inside])
        model.add_exactly_one(row)
    _capacities(model, per_person, per_slot, free_tables)


def _capacities(model, per_person: dict, per_slot: dict, free_tables: list[int]) -> None:
    for vs in per_person.values():
        if len(vs) > 1:
            model.add_at_most_one(vs)
    for t, vs in per_slot.items():
        if len(vs) > free_tables[t]:
            model.add(sum(vs) <= free_tables[t])


def tiered_bound(
    problem: Problem,
    assign: list[int],
    bounds: list[int],
    *,
    deadline: float,
    seed: int = 0,
    cap: int = 2_000,
    workers: int = 8,
) -> tuple[int, bool]:
    """A tighter proven minimum of total breaks for the meetings of ``assign`` (all requests scheduled):
    (bound, proven optimal for the relaxation). Each participant with two meetings or more takes one of the
    days with their own minimum b of breaks (cost 0), one of those with b + 1 (cost 1), or neither (cost 2,
    at least b + 2 breaks); each meeting gets its own slot, inside the day of each side that took one. Every
    schedule with these meetings is a solution costing at most its breaks minus the own minima, so CP-SAT's
    objective bound plus their sum is a proof. Participants with too many days to list are left out (that
    only relaxes the model); one with too many days at b + 1 breaks costs 1 when broken."""
    base = sum(bounds)
    if deadline - time.perf_counter() < 0.1:
        return base, False
    from ortools.sat.python import cp_model  # imported late: loading it takes a while

    mine, fixed, options = meeting_options(problem, assign)
    model = cp_model.CpModel()
    busy = _slot_per_meeting(problem, assign, model, fixed, options)
    costs = []
    for i, rs in enumerate(mine):
        if len(rs) > 1:
            _tiered_days(problem, model, i, rs, fixed, options, bounds[i], cap, busy, costs)
    model.minimize(sum(costs))
    # bound-proving workers (LP, core) run from 3 workers on
    solver = deadline_solver(deadline, workers=workers, seed=seed)
    if solver is None:
        return base, False
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.UNKNOWN):
        return base, False
    # CP-SAT's objective bound is proven whether or not it found a solution in time.
    return base + max(0, math.ceil(solver.best_objective_bound - 1e-6)), status == cp_model.OPTIMAL


def _slot_per_meeting(problem: Problem, assign, model, fixed, options) -> dict[tuple[int, int], list]:
    """Each scheduled meeting in exactly one slot it may use (fixed ones in theirs), one meeting per
    participant and slot, tables per slot. Returns per (participant, slot) their meeting terms there."""
    busy: dict[tuple[int, int], list] = {}
    per_slot: dict[int, list] = {}
    free_tables = list(problem.tables)
    for r in fixed:
        free_tables[problem.fixed[r][0]] -= 1
    for r, t0 in enumerate(assign):
        if t0 < 0:
            continue
        row = []
        for t in problem.slot_list(options[r]):
            v = 1 if r in fixed else model.new_bool_var("")
            row.append(v)
            if r not in fixed:
                per_slot.setdefault(t, []).append(v)
            for q in (problem.req_a[r], problem.req_b[r]):
                busy.setdefault((q, t), []).append(v)
        if r not in fixed:
            model.add_exactly_one(row)
    for vs in busy.values():
        if len(vs) > 1:
            model.add(sum(vs) <= 1)
    _capacities(model, {}, per_slot, free_tables)
    return busy


def _tiered_days(problem: Problem, model, i: int, rs, fixed, options, own: int, cap: int, busy, costs) -> None:
    """Participant i's choice of a day at their own minimum or one break more, or broken (see above)."""
    tiers = []
    for extra in (1, 2):
        days = days_of(problem, rs, fixed, options, own + extra, cap=cap)
        if days is None:
            break
        tiers.append(days)
    if not tiers:
        return
    choices = []
    cover: dict[int, list] = {}
    for cost, days in enumerate(tiers):
        for d in days:
            v = model.new_bool_var("")
            choices.append(v)
            if cost:
                costs.append(v)
            for t in problem.slot_list(d):
                cover.setdefault(t, []).append(v)
    broken = model.new_bool_var("")
    model.add_exactly_one([*choices, broken])
    costs.extend([broken] * len(tiers))  # 1 (the days with one more break not listed) or 2
    for t in range(problem.n_slots):
        model.add(sum(busy.get((i, t), [])) == sum(cover.get(t, []))).only_enforce_if(broken.Not())
