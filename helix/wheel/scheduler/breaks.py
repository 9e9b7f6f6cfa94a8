"""The breaks phase: re-time the scheduled meetings to leave fewer holes in participants' days.

It runs once the weight (and fairness) is settled and keeps exactly the same set of scheduled meetings, so
the weight and every participant's number of meetings are unchanged; only slots move. Objective, in order
(see ``solution.py`` for the definitions): total breaks, then the spread between the participant with the
most breaks and the one with the fewest, then idle slots.

1. Local search on a :class:`heuristic.State` (fast, any size): *re-time a participant's day* (take all
   their movable meetings out and put them back, best first, by a small bounded search, the others fixed);
   *slot swap* (exchange the whole contents of two slots when every meeting there may use the other slot;
   for fully available participants this never changes validity) and *block shift* (rotate a run of slots
   by one).
2. Simulated annealing over Kempe chains (``kempe.py``): exchange the slots of a connected group of meetings
   in two slots (a single meeting moving to a free slot, or two meetings of one participant trading slots,
   are the smallest such chains); by far the strongest move on forum-shaped wheels.
3. Exact days of everyone (``repair.py`` with every movable meeting freed): each participant chooses one of
   the days with no more breaks than they have now, every break counted, solved by CP-SAT's core search
   (it raises a lower bound by unsatisfiable cores and then solves at it). The restriction keeps the model
   small; after the annealing it finds the restricted optimum in under a second on most forum-shaped
   wheels, usually the proven minimum.
4. Exact repairs (``repair.py``): for each participant still above their own minimum, CP-SAT re-times their
   meetings and those of the participants around them, every break counted exactly (each touched
   participant chooses among the days they could have); in turns with the exact days of everyone (with the
   partners of the participants above their minimum allowed a break more when that takes nothing out) and
   short annealing until nothing moves.
5. CP-SAT with a break-counting model (a meeting-start indicator per participant and slot, plus a "one
   block" choice per participant), warm-started from the best schedule: first the total, then the spread
   with the total kept. With the core search on its full-model worker it proves the minimum within seconds
   on one-session wheels and on wheels with many fixed meetings, so it runs first there.

Lower bounds (``lower_bound``), valid only when the set of scheduled meetings is forced (every request is
scheduled): per participant, the fewest runs their meetings can form given their fixed meetings, the slots
each meeting may use and a matching of meetings to slots; and CP-SAT's objective bound.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass

from .break_bounds import deadline_solver, matchable, meeting_options, run_sets, window_bound
from .heuristic import State
from .instance import Problem
from .kempe import KempeSearch
from .repair import repair, repair_days
from .solution import breaks_of_mask, busy_masks, idle_gaps_of_mask


def score(problem: Problem, assign: list[int]) -> tuple[int, int, int]:
    """(total breaks, spread, idle slots) of ``assign``: smaller is better, compared in that order."""
    per = []
    idle = 0
    for busy, avail in zip(busy_masks(problem, assign), problem.avail, strict=True):
        if busy:
            per.append(breaks_of_mask(busy))
            idle += idle_gaps_of_mask(busy, avail)
    return sum(per), (max(per) - min(per)) if per else 0, idle


# On small models (times as shares of the time left): the core search first when the model is small enough
# (CORE_SHARE), then annealing (KEMPE_FIRST), the exact days of everyone (GLOBAL_SHARE, in slices of
# EVERYONE_SLICE, 2 x EVERYONE_SLICE, ... s), then the repair turns. Annealing again before the turns
# (REPAIR_AFTER) is left for when the first annealing did not run. Forum benchmark, the nine instances with
# breaks or a gap before, seeds 0-3: 30-32 breaks with the day model and local repairs only, 23-24 with the
# core search and the exact days of everyone (their proven minimum sums to 23).
CORE_CELLS = 3_000
CORE_SHARE = 0.35
KEMPE_FIRST = 0.3
GLOBAL_SHARE = 0.7
EVERYONE_SLICE = 1.5
# ``wider`` allows a break more up to this many meetings away from a participant above their own minimum.
WIDER_REACH = 3
REPAIR_AFTER = 0.4
# The annealing's starting temperature (in breaks) when it polishes an exact answer (0.5 from scratch).
POLISH_HOT = 0.15

# Beyond this many (meeting, slot) cells the exact models are too slow to help within a polish window.
EXACT_MAX_CELLS = 40_000


@dataclass
class BreaksResult:
    assign: list[int]
    lower_bound: int | None  # proven minimum total breaks for this weight, when the meeting set is forced
    method: str


class _BreaksRun:
    """The best schedule so far, its (breaks, spread, idle) key, the proven bound and the methods that helped."""

    def __init__(self, problem: Problem, assign: list[int], *, deadline: float, seed: int, forced: bool):
        self.problem, self.deadline, self.seed, self.forced = problem, deadline, seed, forced
        self.best, self.best_key = list(assign), score(problem, assign)
        self.bound: int | None = None
        self.methods: list[str] = []
        self.settled: tuple[int, int, int] | None = None  # the best key ``everyone`` proved optimal for
        self.reach = 1  # how many meetings away from a participant above their minimum ``wider`` allows more

    def keep(self, candidate: list[int], method: str) -> None:
        key = score(self.problem, candidate)
        if key < self.best_key:
            self.best, self.best_key = candidate, key
            if method not in self.methods:
                self.methods.append(method)

    def share(self, fraction: float) -> float:
        """The moment ``fraction`` of the time left from now has passed."""
        now = time.perf_counter()
        return now + fraction * max(self.deadline - now, 0.0)

    def movable(self) -> list[int]:
        """The scheduled meetings that are not fixed (the slots are re-timed, the set of meetings is kept)."""
        return [r for r, t in enumerate(self.best) if t >= 0 and r not in self.problem.fixed]

    def done(self) -> bool:
        return self.best_key[0] <= (self.bound if self.bound is not None else -1) and self.best_key[1] <= 1

    def repairs(self, own: list[int], rng: random.Random) -> None:
        """Until the deadline or nothing moves: the exact days of everyone (the annealing may have opened new
        ones), and when they take no break out, the same with the partners of the participants above their own
        minimum allowed a break more; exact repairs of the days above their own minimum, then short annealing
        from the result (it finds the small moves the repairs open up)."""
        while not self.done() and self.deadline - time.perf_counter() > 0.3:
            before = self.best_key
            self.everyone(self.share(0.5))
            if self.best_key[0] == before[0] and not self.done():
                self.wider(own, self.share(0.5))
            repaired = repair_days(self.problem, self.best, own, deadline=self.deadline, rng=rng, seed=self.seed)
            self.keep(repaired, "exact repairs")
            if self.done() or self.deadline - time.perf_counter() < 0.3:
                return
            annealed = KempeSearch(self.problem, self.best).anneal(deadline=self.share(0.5), rng=rng, hot=POLISH_HOT)
            self.keep(annealed, "Kempe chains")
            if self.best_key == before and self.deadline - time.perf_counter() < 0.3:
                return

    def everyone(self, until: float) -> None:
        """Until ``until``, the exact repair of every movable meeting at once (``repair.py``: each participant
        chooses among the days with no more breaks than they have now, every break counted) by CP-SAT's core
        search. The restriction keeps the model small; the core search (which raises a lower bound by
        unsatisfiable cores, then solves at it) finds its optimum in under a second on most forum-shaped
        wheels where the annealing leaves 3-15 breaks."""
        if self.best_key == self.settled:
            return  # proven optimal for these days already
        freed = self.movable()
        attempt = 0
        # Its run time is heavy-tailed (the same start takes 1.5 s or more than 4): restarts with another seed
        # and a longer slice each time (EVERYONE_SLICE, then twice that, ...) from the best found.
        while not self.done() and until - time.perf_counter() > 0.3:
            attempt += 1
            cut = min(until, time.perf_counter() + EVERYONE_SLICE * attempt)
            found, optimal = repair(self.problem, self.best, freed, deadline=cut, seed=self.seed + attempt, core=True)
            if found is not None:
                self.keep(found, "exact days")
            if optimal:
                self.settled = self.best_key
                return

    def wider(self, own: list[int], until: float) -> None:
        """Until ``until``, the exact days of everyone with the participants near each participant above their
        own minimum allowed one break more than now: their partners first, then (each time that is proven to
        take no break out) their partners' partners too. The restricted optimum of ``everyone`` often keeps a
        break that only a partner's longer day can take out (forum-16: 6 -> 5 breaks in about a second)."""
        p = self.problem
        masks = busy_masks(p, self.best)
        above = {i for i, m in enumerate(masks) if breaks_of_mask(m) > own[i]}
        partners: dict[int, set[int]] = {}
        for r, t in enumerate(self.best):
            if t >= 0:
                partners.setdefault(p.req_a[r], set()).add(p.req_b[r])
                partners.setdefault(p.req_b[r], set()).add(p.req_a[r])
        near, ring = set(above), set(above)
        for _ in range(self.reach):
            ring = {q for i in ring for q in partners.get(i, ())} - near
            near |= ring
        allow = {q: breaks_of_mask(masks[q]) + 1 for q in near - above}
        if not allow:
            return
        before = self.best_key[0]
        freed = self.movable()
        found, optimal = repair(p, self.best, freed, deadline=until, seed=self.seed, core=True, allow=allow)
        if found is not None:
            self.keep(found, "exact days")
        if optimal and self.best_key[0] == before and self.reach < WIDER_REACH:
            self.reach += 1

    def exact(self, until: float, core: bool = False) -> None:
        found = exact_breaks(
            self.problem, self.best, deadline=until, seed=self.seed, known_bound=self.bound or 0, core=core
        )
        if found is not None:
            self.keep(found[0], "CP-SAT breaks")
            if self.forced:
                self.bound = max(self.bound or 0, found[1])


def minimise_breaks(problem: Problem, assign: list[int], *, deadline: float, seed: int = 0) -> BreaksResult:
    """Fewer breaks (then spread, then idle slots) at the same set of meetings; never worse than ``assign``.

    Order: local search (fast, any size). On small models where every request is scheduled and the exact
    model has at most ``CORE_CELLS`` (movable meeting, slot) pairs, CP-SAT's core search on the exact model
    first (it proves the optimum within seconds on one-session wheels and on wheels with many fixed
    meetings); on other tiny models CP-SAT's default search. Then simulated annealing over Kempe chains
    (``kempe.py``), the exact days of everyone, then in turns: exact days (with partners allowed a break more
    when they take none out), exact repairs (``repair.py``) and short annealing. On tiny models annealing
    and then CP-SAT on the whole model last (it narrows the spread and may prove a bound). Stops by
    ``deadline``."""
    forced = all(t >= 0 for t in assign)  # every request scheduled: any schedule of this weight has this set
    scheduled = sum(t >= 0 for t in assign)
    small = scheduled * problem.n_slots <= EXACT_MAX_CELLS
    tiny = scheduled * problem.n_slots <= 2_000
    run = _BreaksRun(problem, assign, deadline=deadline, seed=seed, forced=forced)
    own = participant_bounds(problem, assign) if small else None
    if forced and small:
        now = time.perf_counter()
        run.bound = window_bound(problem, assign, own, deadline=now + min(0.5, 0.05 * (deadline - now)), seed=seed)
    rng = random.Random(seed)
    state = State(problem, run.best)
    local_search(state, deadline=run.share(0.05), rng=rng)
    run.keep(state.assign(), "break moves")
    if forced and small and not run.done() and movable_cells(problem, assign) <= CORE_CELLS:
        run.exact(run.share(CORE_SHARE), core=True)
    elif tiny and not run.done():
        run.exact(run.share(0.5))  # tiny models: CP-SAT often proves the optimum at once
    annealed_first = False
    if small and not run.done() and run.deadline - time.perf_counter() > 1.0:
        # Kempe chains first take the bulk of the breaks out, fast; the exact days of everyone then take out
        # most of the rest, and Kempe chains polish that from a cooler start.
        annealed = KempeSearch(problem, run.best).anneal(deadline=run.share(KEMPE_FIRST), rng=rng)
        run.keep(annealed, "Kempe chains")
        run.everyone(run.share(GLOBAL_SHARE))
        annealed_first = True
    if not run.done() and (tiny or not small or not annealed_first):  # small ones go on to the repair turns
        until = run.share(0.9) if tiny else run.share(REPAIR_AFTER) if small else deadline
        hot = POLISH_HOT if annealed_first else 0.5
        annealed = KempeSearch(problem, run.best).anneal(deadline=until, rng=rng, hot=hot)
        run.keep(annealed, "Kempe chains")
    if small and not tiny:
        run.repairs(own, rng)
    if tiny and not run.done():
        run.exact(deadline)  # on larger models the break-counting model does not move within a tenth
    bound = min(run.bound, run.best_key[0]) if run.bound is not None else None
    return BreaksResult(run.best, bound, " + ".join(run.methods))


def movable_cells(problem: Problem, assign: list[int]) -> int:
    """How many (movable scheduled meeting, slot it may take) pairs the exact model has."""
    _mine, fixed, options = meeting_options(problem, assign)
    return sum(options[r].bit_count() for r, t in enumerate(assign) if t >= 0 and r not in fixed)


# -- lower bounds -------------------------------------------------------------------------------------


def participant_bounds(problem: Problem, assign: list[int], *, budget: int = 20_000) -> list[int]:
    """Per participant, a proven minimum of their breaks when all their meetings in ``assign`` must stay
    scheduled: the fewest runs of slots that hold their fixed meetings, avoid slots none of their meetings
    may use, and admit a matching of each meeting to a slot it may use; minus one."""
    mine, fixed, options = meeting_options(problem, assign)
    return [_fewest_breaks(problem, rs, fixed, options, budget) if len(rs) > 1 else 0 for rs in mine]


def _fewest_breaks(problem: Problem, rs: list[int], fixed: set[int], all_options: list[int], budget: int) -> int:
    n_slots = problem.n_slots
    pinned = 0
    allowed = 0
    options = [all_options[r] for r in rs]
    for r, o in zip(rs, options, strict=True):
        if r in fixed:
            pinned |= o
        allowed |= o
    k = len(rs)
    for runs in range(1, k + 1):
        found = False
        for mask in run_sets(n_slots, k, runs, allowed):
            budget -= 1
            if budget < 0:
                return runs - 1  # every set with fewer runs was ruled out
            if mask & pinned == pinned and matchable(options, mask):
                found = True
                break
        if found:
            return runs - 1
    return 0


# -- local search -------------------------------------------------------------------------------------


def _cost(state: State, people, moves: dict[int, tuple[int, int]]) -> tuple[int, int]:
    """(breaks, idle slots) of ``people`` if the meetings in ``moves`` (request -> (old, new)) moved."""
    p = state.p
    breaks = idle = 0
    for q in people:
        mask = state.busy[q]
        for r, (old, new) in moves.items():
            if q == p.req_a[r] or q == p.req_b[r]:
                if old >= 0:
                    mask &= ~(1 << old)
                if new >= 0:
                    mask |= 1 << new
        breaks += breaks_of_mask(mask)
        idle += idle_gaps_of_mask(mask, p.avail[q])
    return breaks, idle


def local_search(state: State, *, deadline: float, rng: random.Random) -> None:
    """Improving moves until none is left or ``deadline``; each keeps the schedule valid and its meetings."""
    people = list(range(len(state.p.ids)))
    for _ in range(50):
        improved = False
        for move in (_retime_days, _slot_swaps):
            if time.perf_counter() > deadline:
                return
            improved |= move(state, deadline, rng, people)
        if not improved:
            return


def _retime_days(state: State, deadline: float, rng: random.Random, people) -> bool:
    """For each participant with breaks, take their movable meetings out and put them back at the slots
    that minimise their breaks plus their partners' (bounded depth-first search; the others stay put)."""
    improved = False
    order = [i for i in people if breaks_of_mask(state.busy[i])]
    rng.shuffle(order)
    for i in order:
        if time.perf_counter() > deadline:
            break
        improved |= retime_day(state, i)
    return improved


class _DaySearch:
    """Depth-first search over slots for one participant's movable meetings (fewest options first), nearest
    to their other meetings first, pruned by the partners' breaks; at most ``node_limit`` nodes."""

    def __init__(self, state: State, partners: list[int], options: list[int], before, node_limit: int):
        self.state, self.partners, self.options = state, partners, options
        self.order = sorted(range(len(options)), key=lambda j: options[j].bit_count())
        self.best, self.best_choice = before, None
        self.nodes, self.node_limit = 0, node_limit
        self.chosen = [-1] * len(options)

    def run(self, busy: int) -> list[int] | None:
        self.search(0, busy, {}, 0)
        return self.best_choice

    def search(self, depth: int, busy_i: int, used: dict[int, int], acc_breaks: int) -> None:
        self.nodes += 1
        if self.nodes > self.node_limit:
            return
        if depth == len(self.order):
            cost = (acc_breaks + breaks_of_mask(busy_i), 0)
            if cost[0] < self.best[0]:
                self.best, self.best_choice = cost, list(self.chosen)
            return
        # Bound: partners' breaks so far plus the participant's runs cannot fall below what is placed.
        if acc_breaks >= self.best[0]:
            return
        j = self.order[depth]
        for _near, q_breaks, t in self.slots(j, busy_i, used):
            self.chosen[j] = t
            used[t] = used.get(t, 0) + 1
            self.search(depth + 1, busy_i | 1 << t, used, acc_breaks + q_breaks)
            used[t] -= 1
        self.chosen[j] = -1

    def slots(self, j: int, busy_i: int, used: dict[int, int]) -> list[tuple[int, int, int]]:
        state = self.state
        q = self.partners[j]
        free = self.options[j] & ~busy_i
        slots = []
        while free:
            low = free & -free
            free ^= low
            t = low.bit_length() - 1
            if used.get(t, 0) + state.used[t] >= state.p.tables[t]:
                continue
            slots.append((_distance(busy_i, t), breaks_of_mask(state.busy[q] | 1 << t), t))
        slots.sort()
        return slots


def retime_day(state: State, i: int, node_limit: int = 4000) -> bool:
    p = state.p
    movable = [r for r in state.incident[i] if state.slot_of[r] >= 0 and r not in state.fixed]
    if not movable:
        return False
    partners = [p.req_b[r] if p.req_a[r] == i else p.req_a[r] for r in movable]
    before = _cost(state, [i, *partners], {})
    old = {r: state.slot_of[r] for r in movable}
    for r in movable:
        state._set(r, -1)
    # Per meeting, the slots it could take now (partner free, a table left), fewest options first.
    options = [p.req_common[r] & ~state.busy[q] & ~state.full for r, q in zip(movable, partners, strict=True)]
    choice = _DaySearch(state, partners, options, before, node_limit).run(state.busy[i])
    if choice is None:
        for r in movable:
            state._set(r, old[r])
        return False
    for j, r in enumerate(movable):
        state._set(r, choice[j])
    if _cost(state, [i, *partners], {}) < before:
        return True
    for r in movable:
        state._set(r, -1)
    for r in movable:
        state._set(r, old[r])
    return False


def _distance(busy: int, t: int) -> int:
    """How far slot ``t`` is from the nearest busy slot (0 when adjacent or no slot is busy yet)."""
    if not busy:
        return 0
    d = 0
    while not (busy >> max(t - d - 1, 0) & 1 or busy >> (t + d + 1) & 1):
        d += 1
        if d > 64:
            break
    return d


def _slot_swaps(state: State, deadline: float, rng: random.Random, people) -> bool:
    """Exchange the whole contents of two slots, or rotate a run of slots by one (a block shift), when every
    meeting moved may use its new slot and tables suffice; kept if total breaks (then idle slots) fall."""
    p = state.p
    n_slots = state.T
    improved = False
    all_people = range(len(p.ids))
    for t1 in range(n_slots):
        for t2 in range(t1 + 1, n_slots):
            if time.perf_counter() > deadline:
                return improved
            perm = {t1: t2, t2: t1}
            improved |= _apply_permutation(state, perm, all_people)
    for length in range(3, min(n_slots, 8) + 1):
        for first in range(0, n_slots - length + 1):
            if time.perf_counter() > deadline:
                return improved
            block = list(range(first, first + length))
            for shift in (1, -1):
                perm = {t: block[(j + shift) % length] for j, t in enumerate(block)}
                improved |= _apply_permutation(state, perm, all_people)
    return improved


def _apply_permutation(state: State, perm: dict[int, int], all_people) -> bool:
    """Move every meeting in slot t to perm[t] if all may and it lowers (breaks, idle) of those touched."""
    p = state.p
    moves: dict[int, tuple[int, int]] = {}
    for t, new in perm.items():
        if len(state.in_slot[t]) > p.tables[new]:
            return False
        for r in state.in_slot[t]:
            if r in state.fixed or not p.req_common[r] >> new & 1:
                return False
            moves[r] = (t, new)
    if not moves:
        return False
    touched = set()
    for r in moves:
        touched.add(p.req_a[r])
        touched.add(p.req_b[r])
    # Someone busy in a permuted slot without a moving meeting cannot exist (every meeting there moves).
    if _cost(state, touched, moves) >= _cost(state, touched, {}):
        return False
    for r in moves:
        state._set(r, -1)
    for r, (_old, new) in moves.items():
        state._set(r, new)
    return True


# -- exact model --------------------------------------------------------------------------------------


def exact_breaks(
    problem: Problem,
    assign: list[int],
    *,
    deadline: float,
    seed: int = 0,
    known_bound: int = 0,
    spread: bool = True,
    core: bool = False,
) -> tuple[list[int], int] | None:
    """CP-SAT over the slots of the meetings scheduled in ``assign`` (same set), minimising total breaks, then
    the spread with the total kept. Returns (assignment, proven minimum total for this set or None)."""
    if deadline - time.perf_counter() < 0.3:
        return None
    from ortools.sat.python import cp_model  # imported late: loading it takes a while

    n_slots = problem.n_slots
    scheduled = [r for r, t in enumerate(assign) if t >= 0]
    if len(scheduled) * n_slots > EXACT_MAX_CELLS:
        return None
    model, x, person_breaks, total = _break_model(problem, assign, scheduled, cp_model, known_bound)

    solver = deadline_solver(deadline, workers=2, seed=seed, minimum=0.1, core=core)
    if solver is None:
        return None
    solver.parameters.max_time_in_seconds *= 0.75 if spread else 1.0
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None

    def read() -> list[int]:
        result = list(assign)
        for (r, t), v in x.items():
            if solver.boolean_value(v):
                result[r] = t
        return result

    result = read()
    proven = math.ceil(solver.best_objective_bound - 1e-6)  # valid whether or not the search finished
    best_total = round(solver.objective_value)
    # Stage 2: keep the total, narrow the spread.
    remaining = deadline - time.perf_counter()
    if spread and remaining > 0.3 and person_breaks and score(problem, result)[1] > 0:
        top = model.new_int_var(0, n_slots, "top")
        low = model.new_int_var(0, n_slots, "low")
        for e in person_breaks.values():
            model.add(top >= e)
            model.add(low <= e)
        model.add(total <= best_total)
        model.minimize(top - low)
        model.clear_hints()
        for (r, t), v in x.items():
            model.add_hint(v, result[r] == t)
        solver.parameters.max_time_in_seconds = remaining - 0.1
        status = solver.solve(model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            result = read()
    return result, proven


def _compact_day(model, busy: list, k: int, hint: int, breaks_i) -> None:
    """Redundant structure that makes break-free days easy to find: a boolean "this participant's day is one
    block" with a one-hot choice of the block's first slot; the block's slots are then busy (and, the number
    of meetings being fixed, no other), and a day that is not one block has at least one break."""
    if k < 2:
        return None
    n_slots = len(busy)
    possible = sum(1 << t for t, b in enumerate(busy) if not (isinstance(b, int) and b == 0))
    pinned = sum(1 << t for t, b in enumerate(busy) if isinstance(b, int) and b == 1)
    compact = model.new_bool_var("")
    firsts = []
    cover: dict[int, list] = {}
    for s0 in range(n_slots - k + 1):
        block = ((1 << k) - 1) << s0
        if block & ~possible or pinned & ~block:
            continue
        y = model.new_bool_var("")
        model.add_hint(y, hint == block)
        firsts.append(y)
        for t in range(s0, s0 + k):
            cover.setdefault(t, []).append(y)
    model.add(sum(firsts) == compact)
    model.add_hint(compact, any(hint == ((1 << k) - 1) << s0 for s0 in range(n_slots)))
    for t, ys in cover.items():
        if not isinstance(busy[t], int):
            model.add(busy[t] >= sum(ys))
    model.add(breaks_i >= 1 - compact)
    return compact


def _meeting_vars(problem: Problem, scheduled: list[int], model):
    """One boolean per (movable meeting, slot it may take), exactly one per meeting, tables per slot; the
    fixed meetings make their sides' slots constantly busy."""
    fixed_in = [0] * problem.n_slots
    x: dict[tuple[int, int], object] = {}
    at: dict[tuple[int, int], list] = {}
    const_busy: set[tuple[int, int]] = set()
    per_slot: dict[int, list] = {}
    for r in scheduled:
        a, b = problem.req_a[r], problem.req_b[r]
        if r in problem.fixed:
            t = problem.fixed[r][0]
            fixed_in[t] += 1
            const_busy.update(((a, t), (b, t)))
            continue
        row = []
        for t in problem.slot_list(problem.req_common[r]):
            v = model.new_bool_var("")
            x[r, t] = v
            row.append(v)
            at.setdefault((a, t), []).append(v)
            at.setdefault((b, t), []).append(v)
            per_slot.setdefault(t, []).append(v)
        model.add_exactly_one(row)
    for t, vs in per_slot.items():
        room = problem.tables[t] - fixed_in[t]
        if len(vs) > room:
            model.add(sum(vs) <= room)
    return x, at, const_busy


def _busy_row(model, i: int, n_slots: int, at: dict, const_busy: set, hint_mask: int) -> list:
    """Participant i's busy indicator per slot: 1 (fixed meeting), a hinted boolean, or 0."""
    busy = []
    for t in range(n_slots):
        if (i, t) in const_busy:
            for v in at.get((i, t), []):
                model.add(v == 0)
            busy.append(1)
        elif (i, t) in at:
            bt = model.new_bool_var("")
            model.add(sum(at[i, t]) == bt)
            model.add_hint(bt, hint_mask >> t & 1)  # a complete hint: CP-SAT starts from it
            busy.append(bt)
        else:
            busy.append(0)
    return busy


def _run_starts(model, busy: list, hint_mask: int) -> list:
    """One term per slot where a run of meetings may start (constant 1 where one surely starts)."""
    starts = []
    for t in range(len(busy)):
        prev = busy[t - 1] if t else 0
        if isinstance(busy[t], int) and (busy[t] == 0 or (isinstance(prev, int) and prev == 1)):
            continue
        if isinstance(busy[t], int) and isinstance(prev, int):
            starts.append(1)  # a fixed meeting right after a slot that can never be busy
            continue
        s = model.new_bool_var("")
        model.add(s >= busy[t] - prev)
        model.add_hint(s, bool(hint_mask >> t & 1 and not (t and hint_mask >> (t - 1) & 1)))
        starts.append(s)
    return starts


def _break_model(problem: Problem, assign: list[int], scheduled: list[int], cp_model, known_bound: int):
    """The break-counting model over the slots of ``scheduled`` meetings, hinted with ``assign``."""
    n_slots = problem.n_slots
    model = cp_model.CpModel()
    x, at, const_busy = _meeting_vars(problem, scheduled, model)
    active = sorted({problem.req_a[r] for r in scheduled} | {problem.req_b[r] for r in scheduled})
    bounds = participant_bounds(problem, assign)
    count = [0] * len(problem.ids)
    for r in scheduled:
        count[problem.req_a[r]] += 1
        count[problem.req_b[r]] += 1
    hint_masks = busy_masks(problem, assign)
    person_breaks = {}
    for i in active:
        busy = _busy_row(model, i, n_slots, at, const_busy, hint_masks[i])
        breaks_i = sum(_run_starts(model, busy, hint_masks[i])) - 1
        model.add(breaks_i >= bounds[i])
        person_breaks[i] = breaks_i
        _compact_day(model, busy, count[i], hint_masks[i], breaks_i)
    total = sum(person_breaks.values())
    model.add(total >= known_bound)
    model.minimize(total)
    for (r, t), v in x.items():
        model.add_hint(v, assign[r] == t)
    return model, x, person_breaks, total
