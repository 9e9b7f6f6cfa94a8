"""Simulated annealing over Kempe-chain moves, to take breaks out of participants' days.

A *Kempe chain* for two slots t1 and t2 is a connected group of meetings in those slots, connected through
shared participants. Exchanging the slots of every meeting in the chain keeps the schedule valid (anyone in
the chain with a meeting in both slots keeps both), provided each moved meeting may use its new slot, none
is fixed and the tables of both slots suffice. A chain of one meeting whose two sides are free in the other
slot is a plain move. Only participants with a meeting in exactly one of the two slots see their day change,
so a move is evaluated in time proportional to the chain.

The search accepts improving moves always and worsening ones with the usual annealing probability, and
keeps the best schedule seen (fewest breaks, then evenly spread breaks, then idle slots). The set of
meetings never changes.
"""

from __future__ import annotations

import math
import random
import time

from .instance import Problem
from .solution import breaks_of_mask, idle_gaps_of_mask

# A participant's day costs BREAK_WEIGHT per break, plus SPREAD_WEIGHT times the square of their breaks (at
# the same total, breaks spread over more people: a smaller gap between the most and the fewest), plus one
# per idle slot. One more break always costs more than any change of the other two terms.
BREAK_WEIGHT = 1024
SPREAD_WEIGHT = 16


class KempeSearch:
    def __init__(self, problem: Problem, assign: list[int]):
        self.p = problem
        self.T = problem.n_slots
        n = len(problem.ids)
        self.slot_of = list(assign)
        self.at = [-1] * (n * self.T)
        self.busy = [0] * n
        self.used = [0] * self.T
        self.movable = [t >= 0 and r not in problem.fixed for r, t in enumerate(assign)]
        for r, t in enumerate(assign):
            if t >= 0:
                for q in (problem.req_a[r], problem.req_b[r]):
                    self.at[q * self.T + t] = r
                    self.busy[q] |= 1 << t
                self.used[t] += 1
        self.cost_of = [self._cost(self.busy[i], i) for i in range(n)]
        self.total = sum(self.cost_of)
        self.placed = [r for r, t in enumerate(assign) if t >= 0 and self.movable[r]]

    def _cost(self, mask: int, i: int) -> int:
        breaks = breaks_of_mask(mask)
        return BREAK_WEIGHT * breaks + SPREAD_WEIGHT * breaks * breaks + idle_gaps_of_mask(mask, self.p.avail[i])

    def chain(self, r: int, t2: int) -> tuple[list[int], dict[int, int]] | None:
        """The Kempe chain of meeting r (in its slot) with slot t2, and the cost change of exchanging it
        (per participant whose day changes, their new cost), or None if it cannot be exchanged."""
        # The hottest loop of the breaks phase: plain locals, no helper calls.
        p, width, at, slot_of, movable = self.p, self.T, self.at, self.slot_of, self.movable
        req_a, req_b, common = p.req_a, p.req_b, p.req_common
        t1 = slot_of[r]
        b1, b2 = 1 << t1, 1 << t2
        members = {r}
        stack = [r]
        people: set[int] = set()
        n1 = 0
        while stack:
            m = stack.pop()
            if not movable[m]:
                return None
            if slot_of[m] == t1:
                n1 += 1
                if not common[m] & b2:
                    return None
            elif not common[m] & b1:
                return None
            for q in (req_a[m], req_b[m]):
                if q in people:
                    continue
                people.add(q)
                row = q * width
                for n in (at[row + t1], at[row + t2]):
                    if n >= 0 and n not in members:
                        members.add(n)
                        stack.append(n)
            if len(members) > 60:
                return None
        return self._exchange_cost(members, people, n1, t1, t2)

    def _exchange_cost(self, members: set[int], people: set[int], n1: int, t1: int, t2: int):
        """Tables permitting, the chain as a list and the new cost of each participant whose day changes."""
        n2 = len(members) - n1
        if self.used[t1] - n1 + n2 > self.p.tables[t1] or self.used[t2] - n2 + n1 > self.p.tables[t2]:
            return None
        new_cost: dict[int, int] = {}
        b1, b2 = 1 << t1, 1 << t2
        busy, both = self.busy, b1 | b2
        for q in people:
            mask = busy[q]
            if (mask & b1 == 0) != (mask & b2 == 0):
                new_cost[q] = self._cost(mask ^ both, q)
        return list(members), new_cost

    def apply(self, members: list[int], new_cost: dict[int, int], t1: int, t2: int) -> None:
        p, width = self.p, self.T
        for m in members:
            t = self.slot_of[m]
            for q in (p.req_a[m], p.req_b[m]):
                if self.at[q * width + t] == m:
                    self.at[q * width + t] = -1
        for m in members:
            new = t2 if self.slot_of[m] == t1 else t1
            self.used[self.slot_of[m]] -= 1
            self.used[new] += 1
            self.slot_of[m] = new
            for q in (p.req_a[m], p.req_b[m]):
                self.at[q * width + new] = m
        for q in {q for m in members for q in (p.req_a[m], p.req_b[m])}:
            mask = 0
            row = q * width
            for t in range(width):
                if self.at[row + t] >= 0:
                    mask |= 1 << t
            self.busy[q] = mask
        for q, c in new_cost.items():
            self.total += c - self.cost_of[q]
            self.cost_of[q] = c

    def anneal(self, *, deadline: float, rng: random.Random, hot: float = 0.5) -> list[int]:
        """Run until ``deadline``, starting at a temperature of ``hot`` breaks; return the best assignment
        seen. A good start (an exact answer) is polished from a cooler temperature."""
        best, best_total = list(self.slot_of), self.total
        if not self.placed or self.T < 2:
            return best
        # Geometric cooling over the time given, from half a break to a sixtieth of one (tried on the forum
        # benchmark against faster and slower schedules); now and then the walk restarts from the best seen.
        hot, cold = hot * BREAK_WEIGHT, BREAK_WEIGHT / 60
        start = time.perf_counter()
        span = max(deadline - start, 1e-3)
        temperature = hot
        steps = 0
        while True:
            steps += 1
            if steps & 255 == 0:
                now = time.perf_counter()
                if now > deadline:
                    break
                temperature = hot * (cold / hot) ** ((now - start) / span)
                if steps & 32767 == 0 and self.total > best_total:
                    self.__init__(self.p, best)
            r = rng.choice(self.placed)
            t1 = self.slot_of[r]
            t2 = rng.randrange(self.T - 1)
            if t2 >= t1:
                t2 += 1
            found = self.chain(r, t2)
            if found is None:
                continue
            members, new_cost = found
            delta = sum(c - self.cost_of[q] for q, c in new_cost.items())
            if delta <= 0 or rng.random() < math.exp(-delta / temperature):
                self.apply(members, new_cost, t1, t2)
                if self.total < best_total:
                    best, best_total = list(self.slot_of), self.total
        return best
