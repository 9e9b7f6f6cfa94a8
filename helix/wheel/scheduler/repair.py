"""Exact repair of one participant's day: CP-SAT re-times a small neighbourhood, every break counted.

The annealing and the exact days of everyone leave, on forum-shaped wheels, a few participants with a break
more than their own minimum. Removing one such break usually means re-timing that participant's whole day
*and* their partners' days. This move frees exactly that: every movable meeting of participant i and of each of i's
partners (then, when that no longer helps, of their partners' partners too), keeps every other meeting
where it is, and lets CP-SAT minimise the breaks of everyone whose day can change, warm-started from the
current schedule.

Each participant touched chooses one of the days they could have (the slots of their meetings that stay,
plus one slot per freed meeting, each among its options, with no more breaks than now), and is busy exactly
there; the cost of a day is its breaks, so the objective is exact. Counting breaks slot by slot instead
(run starts) gives CP-SAT so weak a relaxation that it proves nothing even on 30 meetings; with the days
it proves the best re-timing of 30-200 meetings in about a tenth of a second (forum benchmark). A
participant with too many days to list has their breaks counted slot by slot. The set of scheduled
meetings never changes; the current slots are a complete hint, so a repair is never worse.
"""

from __future__ import annotations

import random
import time

from .break_bounds import deadline_solver
from .instance import Problem
from .solution import breaks_of_mask, busy_masks

# At most this many meetings freed per repair (nearest participants first).
MAX_FREED = 220


def neighbourhood(problem: Problem, assign: list[int], i: int, rng: random.Random, depth: int = 1) -> list[int]:
    """The movable meetings of participant i and of the participants within ``depth`` meetings of them
    (nearest first, each ring in random order), until ``MAX_FREED`` meetings."""
    incident: dict[int, list[int]] = {}
    for r, t in enumerate(assign):
        if t >= 0 and r not in problem.fixed:
            incident.setdefault(problem.req_a[r], []).append(r)
            incident.setdefault(problem.req_b[r], []).append(r)
    freed = set(incident.get(i, []))
    seen = {i}
    ring = [i]
    for _ in range(depth):
        nxt = []
        for q0 in ring:
            for r in incident.get(q0, []):
                q = problem.req_b[r] if problem.req_a[r] == q0 else problem.req_a[r]
                if q not in seen:
                    seen.add(q)
                    nxt.append(q)
        rng.shuffle(nxt)
        for q in nxt:
            more = [r for r in incident.get(q, []) if r not in freed]
            if len(freed) + len(more) <= MAX_FREED:
                freed.update(more)
        ring = nxt
    return sorted(freed)


def repair(
    problem: Problem,
    assign: list[int],
    freed: list[int],
    *,
    deadline: float,
    seed: int,
    core: bool = False,
    allow: dict[int, int] | None = None,
) -> tuple[list[int] | None, bool]:
    """Re-time the ``freed`` meetings (all others stay) to the fewest breaks of everyone whose day they
    touch. Returns the new assignment, or None if CP-SAT found nothing in time (never worse than ``assign``:
    the current slots are a complete hint), and whether CP-SAT proved it optimal. Each participant keeps to
    days with no more breaks than now, or up to ``allow[q]`` breaks. With ``core``, CP-SAT's core search
    works alongside its neighbourhood search: freeing every movable meeting at once
    (``breaks._BreaksRun.everyone``), it finds the best days in seconds on most forum-shaped wheels."""
    from ortools.sat.python import cp_model  # imported late: loading it takes a while

    n_slots = problem.n_slots
    rest = list(assign)
    for r in freed:
        rest[r] = -1
    stay = busy_masks(problem, rest)  # per participant, the slots of the meetings that stay
    used = [0] * n_slots
    for t in rest:
        if t >= 0:
            used[t] += 1
    model = cp_model.CpModel()
    found = _freed_meetings(model, problem, assign, freed, stay, used)
    if found is None:
        return None, False
    x, at = found
    touched = sorted({q for (q, _t) in at})
    current = busy_masks(problem, assign)
    terms = []
    for q in touched:
        days = _days(problem, q, freed, x, stay[q], current[q], (allow or {}).get(q, 0))
        if days is None:
            terms.extend(_run_starts(model, q, n_slots, at, stay[q], current[q]))
        else:
            terms.append(_choose(model, q, n_slots, at, stay[q], current[q], days))
    model.minimize(sum(terms))
    solver = deadline_solver(deadline, workers=2, seed=seed, minimum=0.05, core=core)
    if solver is None:
        return None, False
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, False
    result = list(assign)
    for (r, t), v in x.items():
        if solver.boolean_value(v):
            result[r] = t
    return result, status == cp_model.OPTIMAL


def _freed_meetings(model, problem: Problem, assign: list[int], freed: list[int], stay: list[int], used: list[int]):
    """One hinted boolean per (freed meeting, slot where both sides are free of staying meetings and a table
    is left), exactly one per meeting, tables per slot. Returns the booleans and, per (participant, slot),
    theirs; None if a freed meeting has no slot (it cannot happen from a valid schedule)."""
    x: dict[tuple[int, int], object] = {}
    at: dict[tuple[int, int], list] = {}
    per_slot: dict[int, list] = {}
    for r in freed:
        a, b = problem.req_a[r], problem.req_b[r]
        row = []
        for t in problem.slot_list(problem.req_common[r] & ~stay[a] & ~stay[b]):
            if used[t] >= problem.tables[t]:
                continue
            v = model.new_bool_var("")
            model.add_hint(v, assign[r] == t)
            x[r, t] = v
            row.append(v)
            at.setdefault((a, t), []).append(v)
            at.setdefault((b, t), []).append(v)
            per_slot.setdefault(t, []).append(v)
        if not row:
            return None
        model.add_exactly_one(row)
    for t, vs in per_slot.items():
        if len(vs) > problem.tables[t] - used[t]:
            model.add(sum(vs) <= problem.tables[t] - used[t])
    return x, at


# At most this many candidate days per participant (beyond, their breaks are counted slot by slot).
DAYS_CAP = 600


def _days(
    problem: Problem, q: int, freed: list[int], x: dict, stay: int, current: int, allow: int = 0
) -> list[int] | None:
    """Participant q's possible busy masks with no more breaks than now (or than ``allow``): the slots of
    their meetings that stay plus one slot per freed meeting of theirs, each among its options (None: too
    many to list)."""
    from .break_bounds import matchable, run_sets

    mine = [r for r in freed if q in (problem.req_a[r], problem.req_b[r])]
    options = []
    for r in mine:
        o = 0
        for t in range(problem.n_slots):
            if (r, t) in x:
                o |= 1 << t
        options.append(o)
    allowed = stay
    for o in options:
        allowed |= o
    k = current.bit_count()
    runs_now = max(breaks_of_mask(current), allow) + 1
    found = []
    for runs in range(1, runs_now + 1):
        fewer = len(found)
        for tried, mask in enumerate(run_sets(problem.n_slots, k, runs, allowed)):
            if tried > 20 * DAYS_CAP or len(found) > DAYS_CAP:
                if runs == runs_now and runs > 1:
                    return [*found[:fewer], current]  # the days with fewer breaks, or the day they have
                return None
            if mask & stay == stay and matchable(options, mask & ~stay):
                found.append(mask)
    return found


def _choose(model, q: int, n_slots: int, at: dict, stay: int, current: int, days: list[int]):
    """Participant q takes exactly one of ``days`` (busy exactly there); returns their breaks."""
    choice = []
    cover: dict[int, list] = {}
    cost = []
    for d in days:
        c = model.new_bool_var("")
        model.add_hint(c, d == current)
        choice.append(c)
        b = breaks_of_mask(d)
        if b:
            cost.append(b * c)
        for t in range(n_slots):
            if d >> t & 1:
                cover.setdefault(t, []).append(c)
    model.add_exactly_one(choice)
    for t in range(n_slots):
        if stay >> t & 1:
            continue
        model.add(sum(at.get((q, t), [])) == sum(cover.get(t, [])))
    return sum(cost)


def _run_starts(model, q: int, n_slots: int, at: dict, stay: int, hint: int) -> list:
    """Participant q's run starts (their breaks plus one): per slot, busy if a meeting that stays is there,
    else the sum of their freed meetings' booleans there."""
    busy = []
    for t in range(n_slots):
        if stay >> t & 1:
            busy.append(1)
        elif (q, t) in at:
            vs = at[q, t]
            if len(vs) == 1:
                busy.append(vs[0])
            else:
                b = model.new_bool_var("")
                model.add(sum(vs) == b)
                model.add_hint(b, hint >> t & 1)
                busy.append(b)
        else:
            busy.append(0)
    starts = []
    for t in range(n_slots):
        cur, prev = busy[t], busy[t - 1] if t else 0
        if isinstance(cur, int) and (cur == 0 or (isinstance(prev, int) and prev == 1)):
            continue
        if isinstance(cur, int) and isinstance(prev, int):
            starts.append(1)
            continue
        s = model.new_bool_var("")
        model.add(s >= cur - prev)
        model.add_hint(s, bool(hint >> t & 1 and not (t and hint >> (t - 1) & 1)))
        starts.append(s)
    return starts


def repair_days(
    problem: Problem, assign: list[int], own: list[int], *, deadline: float, rng: random.Random, seed: int = 0
) -> list[int]:
    """Until ``deadline`` or nothing moves: for each participant with more breaks than their own minimum
    (random order), the exact repair of their neighbourhood, kept when it lowers (breaks, spread, idle
    slots). A pass that finds nothing is followed by one with wider neighbourhoods (partners' partners
    too); a second such pass ends the search."""
    from .breaks import score

    best = list(assign)
    best_key = score(problem, best)
    stuck = 0
    while time.perf_counter() < deadline - 0.1 and stuck < 2:
        masks = busy_masks(problem, best)
        above = [i for i, m in enumerate(masks) if breaks_of_mask(m) > own[i]]
        if not above:
            break
        rng.shuffle(above)
        improved = False
        for i in above:
            if time.perf_counter() > deadline - 0.1:
                break
            freed = neighbourhood(problem, best, i, rng, depth=1 + stuck)
            until = min(deadline, time.perf_counter() + 1.0)
            found, _optimal = repair(problem, best, freed, deadline=until, seed=seed)
            if found is not None:
                key = score(problem, found)
                if key < best_key:
                    best, best_key, improved = found, key, True
        stuck = 0 if improved else stuck + 1
    return best
