"""Weight-neutral passes for the secondary objectives, on a :class:`heuristic.State`.

* fairness: give a participant at the current minimum a meeting, by insertion or by swapping out a meeting
  of equal weight, when nobody touched falls to or below that minimum;
* idle gaps: move a participant's first or last meeting into one of their gaps (to a free table, or by
  exchanging slots with a meeting there), slide meetings to better free slots, and exchange the slots of
  two meetings of one participant. A move is kept only if the idle gaps of everyone it touches fall.

No move changes the scheduled weight; all keep the schedule valid.
"""

from __future__ import annotations

import time

from .heuristic import State
from .solution import idle_gaps_of_mask, requesters


def improve_fairness(state: State, *, deadline: float) -> None:
    """Raise the fewest meetings of any participant with requests, at no loss of weight.

    A move (insert, or swap for meetings of equal total weight) is kept when no participant it touches
    falls below the current minimum and fewer of the touched participants sit at that minimum."""
    p = state.p
    who = requesters(p)
    for _ in range(20):
        if not who or time.perf_counter() > deadline:
            return
        low = min(state.count[i] for i in who)
        progressed = False
        for i in who:
            if time.perf_counter() > deadline:
                return
            if state.count[i] != low:
                continue
            for r in sorted(state.incident[i], key=lambda r: -p.req_w[r]):
                if state.slot_of[r] >= 0 or not p.req_common[r]:
                    continue
                if time.perf_counter() > deadline:
                    return
                mark = state.begin()
                before = state.weight
                moved = state.try_insert(r, 2) or state.try_eject(r, depth=1, equal=True, protect=i)
                if moved and state.weight >= before and _fairer(state, mark, low):
                    state.commit(mark)
                    progressed = True
                    break
                state.rollback(mark)
                state.commit(mark)
        if not progressed:
            return


def _fairer(state: State, mark: int, low: int) -> bool:
    """Did the changes logged since ``mark`` leave fewer touched participants at the minimum, none below?"""
    p = state.p
    delta: dict[int, int] = {}
    for r, old, new in state.log[mark:]:
        change = (new >= 0) - (old >= 0)
        if change:
            for q in (p.req_a[r], p.req_b[r]):
                delta[q] = delta.get(q, 0) + change
    at_low_before = at_low_after = 0
    for q, d in delta.items():
        after = state.count[q]
        if after < low:
            return False
        at_low_before += after - d == low
        at_low_after += after == low
    return at_low_after < at_low_before


def _gaps(state: State, people, moves: dict[int, tuple[int, int]]) -> int:
    """Idle gaps of ``people`` if the meetings in ``moves`` (request -> (old slot, new slot)) were moved."""
    p = state.p
    total = 0
    for q in people:
        mask = state.busy[q]
        for r, (old, new) in moves.items():
            if q in (p.req_a[r], p.req_b[r]):
                mask = (mask & ~(1 << old)) | (1 << new)
        total += idle_gaps_of_mask(mask, p.avail[q])
    return total


def reduce_gaps(state: State, *, deadline: float) -> None:
    """Lower idle gaps at constant weight: move a participant's first or last meeting into one of their
    gaps, to a free table, or by exchanging slots with a meeting of that slot whose two sides can use the
    other slot. A move is kept only if the total idle gaps of everyone it touches fall."""
    p = state.p
    n_slots = state.T
    for _ in range(6):
        improved = False
        for i in range(len(p.ids)):
            if time.perf_counter() > deadline:
                return
            busy = state.busy[i]
            if idle_gaps_of_mask(busy, p.avail[i]) == 0:
                continue
            first, last = (busy & -busy).bit_length() - 1, busy.bit_length() - 1
            span = (1 << (last + 1)) - (1 << first)
            holes = span & p.avail[i] & ~busy
            for t in (first, last):
                m = state.at[i * n_slots + t]
                if m not in state.fixed and improved_here(state, m, t, holes):
                    improved = True
                    break
        improved |= _slide_and_exchange(state, deadline)
        if not improved:
            return


def _slide_and_exchange(state: State, deadline: float) -> bool:
    """Two more gap moves: slide a meeting to any free slot with a table, and exchange the slots of two
    meetings of one participant (their partners' days change, theirs does not)."""
    improved = _slide(state, deadline)
    return _exchange(state, deadline) or improved


def _slide(state: State, deadline: float) -> bool:
    p = state.p
    improved = False
    for r in range(p.n_requests):
        if r & 127 == 0 and time.perf_counter() > deadline:
            return improved
        t0 = state.slot_of[r]
        if t0 < 0 or r in state.fixed:
            continue
        a, b = p.req_a[r], p.req_b[r]
        options = p.req_common[r] & ~state.busy[a] & ~state.busy[b] & ~state.full
        best = _gaps(state, (a, b), {}) if options else 0
        best_t = -1
        while options:
            low = options & -options
            options ^= low
            t = low.bit_length() - 1
            g = _gaps(state, (a, b), {r: (t0, t)})
            if g < best:
                best, best_t = g, t
        if best_t >= 0:
            state._set(r, best_t)
            improved = True
    return improved


def _exchange(state: State, deadline: float) -> bool:
    p = state.p
    improved = False
    for i in range(len(p.ids)):
        if i & 63 == 0 and time.perf_counter() > deadline:
            return improved
        busy = state.busy[i]
        if busy & (busy - 1) == 0:
            continue
        slots_i = [t for t in range(state.T) if busy >> t & 1]
        for x in range(len(slots_i)):
            # After one exchange, move on to the next meeting of i (as before the split).
            improved |= any(_exchanged(state, i, slots_i[x], slots_i[y]) for y in range(x + 1, len(slots_i)))
    return improved


def _exchanged(state: State, i: int, t1: int, t2: int) -> bool:
    """Swap the slots of participant i's meetings at t1 and t2 if that lowers their partners' idle gaps."""
    p = state.p
    m1, m2 = state.at[i * state.T + t1], state.at[i * state.T + t2]
    if m1 in state.fixed or m2 in state.fixed:
        return False
    q = p.req_b[m1] if p.req_a[m1] == i else p.req_a[m1]
    z = p.req_b[m2] if p.req_a[m2] == i else p.req_a[m2]
    if not (p.req_common[m1] >> t2 & 1 and p.req_common[m2] >> t1 & 1):
        return False
    if state.busy[q] >> t2 & 1 or state.busy[z] >> t1 & 1:
        return False
    moves = {m1: (t1, t2), m2: (t2, t1)}
    if _gaps(state, (q, z), moves) >= _gaps(state, (q, z), {}):
        return False
    state._set(m1, -1)
    state._set(m2, t1)
    state._set(m1, t2)
    return True


def improved_here(state: State, m: int, t: int, holes: int) -> bool:
    """Try to move meeting m (now at t) into one of ``holes``; True if a gap-reducing move was made."""
    p = state.p
    a, b = p.req_a[m], p.req_b[m]
    options = holes & p.req_common[m]
    while options:
        low = options & -options
        options ^= low
        g = low.bit_length() - 1
        if state.busy[a] >> g & 1 or state.busy[b] >> g & 1:
            continue
        before = _gaps(state, (a, b), {})
        if not state.full >> g & 1:
            if _gaps(state, (a, b), {m: (t, g)}) < before:
                state._set(m, g)
                return True
            continue
        for m2 in list(state.in_slot[g]):
            if m2 in state.fixed or not p.req_common[m2] >> t & 1:
                continue
            x, y = p.req_a[m2], p.req_b[m2]
            if state.busy[x] >> t & 1 or state.busy[y] >> t & 1:
                continue
            people = {a, b, x, y}
            moves = {m: (t, g), m2: (g, t)}
            if _gaps(state, people, moves) < _gaps(state, people, {}):
                state._set(m, -1)
                state._set(m2, t)
                state._set(m, g)
                return True
    return False
