"""Fast primal heuristics: a guided construction, then local search with relocation chains and ejections.

The state keeps, per participant, a bit mask of busy slots and who they meet in each slot, and per slot the
meetings it holds, so every move is checked in O(1)–O(slots). Moves:

* **insert** an unscheduled request at a slot where both sides are free and a table is left;
* **relocate** the meetings in the way (the other side's meeting in that slot, or any meeting of a full
  slot) to another slot, recursively up to a small depth; every change is logged and rolled back if the
  chain fails, so the schedule stays valid at all times;
* **eject** lighter meetings to make room for a heavier request, then try to re-insert the ejected ones;
  kept only if the total weight rises (or, in the fairness pass, stays equal while a participant with the
  fewest meetings gains one);
* **Kempe chains**: swap two slots along an alternating chain of meetings to free a slot for both sides.

* **perturb and repair** (iterated local search): drop a few participants' meetings, rebuild around
  them, keep the result unless the weight fell.

The weight-neutral passes for fairness and idle gaps live in ``polish.py``. Fixed meetings never move.
All moves keep the schedule valid, so the search can stop at any time.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from .instance import Problem


class State:
    def __init__(self, problem: Problem, assign: list[int] | None = None):
        self.p = problem
        self.T = problem.n_slots
        n = len(problem.ids)
        self.slot_of = [-1] * problem.n_requests
        self.at = [-1] * (n * self.T)
        self.busy = [0] * n
        self.count = [0] * n
        self.used = [0] * self.T
        self.full = sum(1 << t for t, k in enumerate(problem.tables) if k <= 0)
        self.in_slot: list[set[int]] = [set() for _ in range(self.T)]
        self.weight = 0
        self.log: list[tuple[int, int, int]] | None = None  # (request, old slot, new slot) while a move is tried
        self.depth = 0
        self.budget = 0  # relocation attempts left for the current insertion (bounds the search's branching)
        self.all_slots = (1 << self.T) - 1
        self.cap = problem.cap
        self.fixed = problem.fixed
        self.incident: list[list[int]] = [[] for _ in range(n)]
        for r, (a, b) in enumerate(zip(problem.req_a, problem.req_b, strict=True)):
            self.incident[a].append(r)
            self.incident[b].append(r)
        if assign is None:
            for r, (t, _table) in problem.fixed.items():
                self._set(r, t)
        else:
            for r, t in enumerate(assign):
                if t >= 0:
                    self._set(r, t)

    # -- primitive changes (logged) -----------------------------------------------------------------
    def _set(self, r: int, t: int) -> None:
        p = self.p
        old = self.slot_of[r]
        a, b = p.req_a[r], p.req_b[r]
        if old >= 0:
            bit = 1 << old
            self.busy[a] &= ~bit
            self.busy[b] &= ~bit
            self.at[a * self.T + old] = -1
            self.at[b * self.T + old] = -1
            self.used[old] -= 1
            self.full &= ~bit
            self.in_slot[old].discard(r)
            self.count[a] -= 1
            self.count[b] -= 1
            self.weight -= p.req_w[r]
        if t >= 0:
            bit = 1 << t
            self.busy[a] |= bit
            self.busy[b] |= bit
            self.at[a * self.T + t] = r
            self.at[b * self.T + t] = r
            self.used[t] += 1
            if self.used[t] >= p.tables[t]:
                self.full |= bit
            self.in_slot[t].add(r)
            self.count[a] += 1
            self.count[b] += 1
            self.weight += p.req_w[r]
        self.slot_of[r] = t
        if self.log is not None:
            self.log.append((r, old, t))

    def begin(self) -> int:
        """Open a (nestable) tentative move; pair every begin() with exactly one commit()."""
        if self.log is None:
            self.log = []
        self.depth += 1
        return len(self.log)

    def rollback(self, mark: int) -> None:
        log = self.log
        while len(log) > mark:
            r, old, _new = log.pop()
            saved, self.log = self.log, None
            self._set(r, old)
            self.log = saved

    def commit(self, mark: int) -> None:
        """Close the move opened by the matching begin(); the log is dropped when the outermost closes."""
        self.depth -= 1
        if self.depth == 0:
            self.log = None

    # -- queries ------------------------------------------------------------------------------------
    def free_slots(self, r: int) -> int:
        a, b = self.p.req_a[r], self.p.req_b[r]
        return self.p.req_common[r] & ~self.busy[a] & ~self.busy[b] & ~self.full

    def can_add(self, r: int) -> bool:
        p = self.p
        return self.count[p.req_a[r]] < self.cap[p.req_a[r]] and self.count[p.req_b[r]] < self.cap[p.req_b[r]]

    def assign(self) -> list[int]:
        return list(self.slot_of)

    # -- moves --------------------------------------------------------------------------------------
    def relocate(self, m: int, forbidden: int, depth: int) -> bool:
        """Move scheduled meeting ``m`` to another slot not in ``forbidden`` (logged; False = unchanged)."""
        if m in self.fixed or self.budget <= 0:
            return False
        self.budget -= 1
        p = self.p
        t0 = self.slot_of[m]
        c, d = p.req_a[m], p.req_b[m]
        options = p.req_common[m] & ~forbidden & ~(1 << t0)
        direct = options & ~self.busy[c] & ~self.busy[d] & ~self.full
        if direct:
            self._set(m, (direct & -direct).bit_length() - 1)
            return True
        if depth <= 0:
            return False
        forbidden |= 1 << t0
        opts = options
        while opts:
            low = opts & -opts
            opts ^= low
            t = low.bit_length() - 1
            mark = self.begin()
            self._set(m, -1)  # free m's table and people before making room for it at t
            if self.make_room(c, d, t, forbidden | low, depth - 1):
                self._set(m, t)
                self.commit(mark)
                return True
            self.rollback(mark)
            self.commit(mark)
        return False

    def make_room(self, a: int, b: int, t: int, forbidden: int, depth: int) -> bool:
        """Free participants a and b and one table in slot t by relocating meetings (logged)."""
        n_slots = self.T
        for who in (a, b):
            blocker = self.at[who * n_slots + t]
            if blocker >= 0 and not self.relocate(blocker, forbidden, depth):
                return False
        if self.full >> t & 1:
            for m in list(self.in_slot[t]):
                if m not in self.fixed and self.relocate(m, forbidden, min(depth, 0)):
                    return True
            if depth > 0:
                for m in list(self.in_slot[t]):
                    if m not in self.fixed and self.relocate(m, forbidden, depth):
                        return True
            return False
        return True

    def try_insert(self, r: int, depth: int = 1, budget: int = 200) -> bool:
        """Schedule request r, relocating other meetings if needed; no meeting is dropped."""
        if self.slot_of[r] >= 0 or not self.can_add(r):
            return False
        free = self.free_slots(r)
        if free:
            self._set(r, self.pick_slot(r, free))
            return True
        if depth <= 0 or self.full == self.all_slots:
            return False
        self.budget = budget
        p = self.p
        a, b = p.req_a[r], p.req_b[r]
        opts = p.req_common[r]
        # Cheapest first: slots needing fewer relocations.
        ranked = []
        while opts:
            low = opts & -opts
            opts ^= low
            t = low.bit_length() - 1
            cost = (self.busy[a] >> t & 1) + (self.busy[b] >> t & 1) + (self.full >> t & 1)
            ranked.append((cost, t))
        ranked.sort()
        for _cost, t in ranked:
            mark = self.begin()
            if self.make_room(a, b, t, 1 << t, depth):
                self._set(r, t)
                self.commit(mark)
                return True
            self.rollback(mark)
            self.commit(mark)
        return self.kempe_insert(r)

    def kempe_insert(self, r: int, max_length: int = 24) -> bool:
        """Insert r = (a, b) when a is free in slot t1 and b in slot t2 but not both in one slot: swap t1 and
        t2 along the alternating chain of meetings that starts at b (as in edge colouring), which frees b at
        t1. Every chain meeting must be movable and able to use its new slot; table counts are checked."""
        if self.slot_of[r] >= 0 or not self.can_add(r):
            return False
        p = self.p
        a, b = p.req_a[r], p.req_b[r]
        free_a = p.req_common[r] & ~self.busy[a]
        free_b = p.avail[b] & ~self.busy[b]
        for start, other, first_slots, second_slots in (
            (b, a, free_a, free_b),
            (a, b, p.req_common[r] & ~self.busy[b], p.avail[a] & ~self.busy[a]),
        ):
            t1s = first_slots & self.busy[start]
            while t1s:
                low1 = t1s & -t1s
                t1s ^= low1
                t1 = low1.bit_length() - 1
                t2s = second_slots & ~low1
                while t2s:
                    low2 = t2s & -t2s
                    t2s ^= low2
                    t2 = low2.bit_length() - 1
                    chain = self._chain(start, other, t1, t2, max_length)
                    if chain is None:
                        continue
                    n1 = sum(1 for m in chain if self.slot_of[m] == t1)
                    n2 = len(chain) - n1
                    if self.used[t1] + n2 - n1 + 1 > p.tables[t1] or self.used[t2] + n1 - n2 > p.tables[t2]:
                        continue
                    mark = self.begin()
                    new = {m: (t2 if self.slot_of[m] == t1 else t1) for m in chain}
                    for m in chain:
                        self._set(m, -1)
                    for m, t in new.items():
                        self._set(m, t)
                    self._set(r, t1)
                    self.commit(mark)
                    return True
        return False

    def _chain(self, start: int, avoid: int, t1: int, t2: int, max_length: int) -> list[int] | None:
        """Meetings on the t1/t2 alternating path from ``start`` (first edge in t1), or None if unusable."""
        p = self.p
        n_slots = self.T
        chain: list[int] = []
        node, colour, other_colour = start, t1, t2
        while True:
            m = self.at[node * n_slots + colour]
            if m < 0:
                return chain
            if m in self.fixed or len(chain) >= max_length or not p.req_common[m] >> other_colour & 1:
                return None
            chain.append(m)
            node = p.req_b[m] if p.req_a[m] == node else p.req_a[m]
            if node in (avoid, start):
                return None
            colour, other_colour = other_colour, colour

    def pick_slot(self, r: int, free: int) -> int:
        """Among free slots, prefer one next to either side's meetings (fewer gaps), then the emptiest."""
        p = self.p
        near = (self.busy[p.req_a[r]] | self.busy[p.req_b[r]]) << 1 | (
            self.busy[p.req_a[r]] | self.busy[p.req_b[r]]
        ) >> 1
        pool = free & near or free
        best, best_t = None, -1
        while pool:
            low = pool & -pool
            pool ^= low
            t = low.bit_length() - 1
            key = self.used[t] - self.p.tables[t]
            if best is None or key < best:
                best, best_t = key, t
        return best_t

    def try_eject(self, r: int, *, depth: int, equal: bool = False, protect: int = -1) -> bool:
        """Insert r by dropping lighter meetings (then re-inserting what fits); keep if weight rises.

        With ``equal`` the move is also kept at equal weight (used by the fairness pass, which checks its
        own criterion via ``protect``: the participant who must gain a meeting)."""
        if self.slot_of[r] >= 0 or r in self.fixed:
            return False
        p = self.p
        a, b = p.req_a[r], p.req_b[r]
        w = p.req_w[r]
        self.budget = 50
        before = self.weight
        opts = p.req_common[r]
        n_slots = self.T
        while opts:
            low = opts & -opts
            opts ^= low
            t = low.bit_length() - 1
            drop = {m for m in (self.at[a * n_slots + t], self.at[b * n_slots + t]) if m >= 0}
            if any(m in self.fixed for m in drop) or self._least_dropped(r, drop) > w:
                continue
            mark = self.begin()
            for m in drop:
                self._set(m, -1)
            if self._make_room(r, t, drop) and sum(p.req_w[m] for m in drop) <= w:
                self._set(r, t)
                for m in sorted(drop, key=lambda m: -p.req_w[m]):
                    self.try_insert(m, depth)
                gained = self.weight > before or (equal and self.weight == before)
                if gained and (protect < 0 or self.slot_of[r] >= 0):
                    self.commit(mark)
                    return True
            self.rollback(mark)
            self.commit(mark)
        return False

    def _least_dropped(self, r: int, drop: set[int]) -> int:
        """Cheap pruning before touching anything: a lower bound on the weight that must go to insert r
        (the meetings in its way, plus the lightest meeting of a side at its cap)."""
        p = self.p
        dropped_weight = sum(p.req_w[m] for m in drop)
        if dropped_weight > p.req_w[r]:
            return dropped_weight
        for who in (p.req_a[r], p.req_b[r]):
            if self.count[who] - sum(1 for m in drop if who in (p.req_a[m], p.req_b[m])) >= self.cap[who]:
                dropped_weight += min(
                    (p.req_w[m] for m in self.incident[who] if self.slot_of[m] >= 0 and m not in drop),
                    default=p.req_w[r] + 1,
                )
        return dropped_weight

    def _make_room(self, r: int, t: int, drop: set[int]) -> bool:
        """With the meetings in r's way already removed: free a meeting of each side at its cap and a table
        in slot t (moving a meeting away, else dropping the lightest). Adds what it drops to ``drop``;
        False when no room can be made."""
        p = self.p
        for who in (p.req_a[r], p.req_b[r]):
            if self.count[who] >= self.cap[who]:
                lightest = min(
                    (m for m in self.incident[who] if self.slot_of[m] >= 0 and m not in self.fixed),
                    key=lambda m: p.req_w[m],
                    default=None,
                )
                if lightest is None:
                    return False
                drop.add(lightest)
                self._set(lightest, -1)
        if self.full >> t & 1:
            movable = [m for m in self.in_slot[t] if m not in self.fixed]
            if not movable:
                return False
            # Prefer moving one away; else drop the lightest.
            if not any(self.relocate(m, 1 << t, 0) for m in movable[:12]):
                lightest = min(movable, key=lambda m: p.req_w[m])
                drop.add(lightest)
                self._set(lightest, -1)
        return True


class Ticker:
    """Calls ``report(weight)`` at most every ``every`` seconds (progress for long searches)."""

    def __init__(self, report: Callable[[int], None] | None, every: float = 2.0):
        self.report = report
        self.every = every
        self.next = time.perf_counter() + every

    def __call__(self, weight: int) -> None:
        if self.report is not None and time.perf_counter() >= self.next:
            self.report(weight)
            self.next = time.perf_counter() + self.every


def improve_weight(
    state: State,
    order: list[int],
    *,
    deadline: float,
    rng: random.Random,
    depth: int = 2,
    tick: Ticker | None = None,
) -> None:
    """Insertion and ejection passes over unscheduled requests until no gain or the deadline."""
    p = state.p
    for round_ in range(50):
        before = state.weight
        for k, r in enumerate(order):
            if k % 16 == 0:
                if time.perf_counter() > deadline:
                    return
                if tick:
                    tick(state.weight)
            if state.slot_of[r] < 0 and p.req_common[r] and not state.try_insert(r, depth):
                state.try_eject(r, depth=depth)
        if state.weight <= before:
            break
        if round_ >= 1:
            rng.shuffle(order)
            order.sort(key=lambda r: -p.req_w[r])


def construct(problem: Problem, priority: list[float] | None) -> State:
    """Guided first-fit: fixed meetings, then requests by priority (e.g. the LP's values), weight, scarcity."""
    state = State(problem)
    pri = priority or [0.0] * problem.n_requests
    order = sorted(
        (r for r in range(problem.n_requests) if r not in problem.fixed and problem.req_common[r]),
        key=lambda r: (-round(pri[r], 3), -problem.req_w[r], problem.req_common[r].bit_count()),
    )
    for r in order:
        if state.can_add(r):
            free = state.free_slots(r)
            if free:
                state._set(r, state.pick_slot(r, free))
    return state


def perturb_and_repair(
    state: State,
    *,
    deadline: float,
    rng: random.Random,
    priority: list[float] | None = None,
    target: float = 1e18,
    tick: Ticker | None = None,
    stall: float | None = None,
) -> None:
    """Iterated local search: drop the meetings of a few participants, rebuild around them, keep if not worse.

    Each round is a logged move: if the weight falls it is rolled back, so the schedule only improves."""
    p = state.p
    people = [i for i in range(len(p.ids)) if state.incident[i]]
    if not people:
        return
    pri = priority or [0.0] * p.n_requests
    last_gain, best_seen = time.perf_counter(), state.weight
    while time.perf_counter() < deadline and state.weight < target:
        if tick:
            tick(state.weight)
        if state.weight > best_seen:
            last_gain, best_seen = time.perf_counter(), state.weight
        elif stall is not None and time.perf_counter() - last_gain > stall:
            return  # stagnating: let the caller try something else with the time left
        mark = state.begin()
        before = state.weight
        chosen = rng.sample(people, min(len(people), rng.randint(2, 6)))
        _rebuild_around(state, chosen, pri=pri, rng=rng, deadline=deadline)
        if state.weight < before:
            state.rollback(mark)
        state.commit(mark)


def _rebuild_around(state: State, chosen: list[int], *, pri, rng: random.Random, deadline: float) -> None:
    """Drop the meetings of ``chosen`` and re-insert (or eject for) the requests they and their partners
    have open, heaviest first."""
    p = state.p
    touched: set[int] = set()
    for i in chosen:
        for r in state.incident[i]:
            touched.add(r)
            if state.slot_of[r] >= 0 and r not in state.fixed:
                state._set(r, -1)
    # Also their partners' unscheduled requests can now fit.
    for r in list(touched):
        for q in (p.req_a[r], p.req_b[r]):
            touched.update(state.incident[q])
    order = sorted(
        (r for r in touched if state.slot_of[r] < 0 and p.req_common[r]),
        key=lambda r: (-p.req_w[r], -pri[r] + rng.random() * 0.5, p.req_common[r].bit_count()),
    )[:400]
    for k, r in enumerate(order):
        if k % 16 == 0 and time.perf_counter() > deadline:
            break
        if not state.try_insert(r, 1, budget=40):
            state.try_eject(r, depth=1)
