"""The day model: CP-SAT chooses each participant's *day* (which slots they spend in meetings), not breaks.

Counting breaks slot by slot (a run-start indicator per participant and slot, ``breaks.exact_breaks``) gives
CP-SAT a very weak relaxation, and on forum-sized wheels it barely moves from its hint. This model, built on
the same days as the day bound (``break_bounds.py``), works the other way round: each participant with k
meetings and their own minimum of b breaks (``breaks.participant_bounds``) takes one of the few *days* they
could fill with exactly b breaks (with b = 0, a window of k consecutive slots holding their fixed meetings;
cost 0), or, when b = 0, a window of k + 1 or k + 2 consecutive slots (at most 1 or 2 breaks; cost 1 or 2),
or is *broken* (cost ``FAR``). Each of their meetings sits in a slot of the day or window taken. Participants
with too many days to list get their breaks counted exactly instead.

CP-SAT's own neighbourhood search (alone: ``use_lns_only``) moves through these choices well: warm-started
from a schedule, it finds schedules with very few broken participants in seconds. The cost only estimates
breaks (a window may hold fewer; a broken day more), so it proves nothing: the caller polishes the answer
(Kempe chains) and keeps whichever is better by the real score.
"""

from __future__ import annotations

from .break_bounds import days_of, deadline_solver, meeting_options
from .instance import Problem
from .solution import busy_masks

# At most this many days per participant (beyond, their breaks are counted exactly instead).
DAY_CAP = 400
# What a participant's day outside all their listed days and windows costs.
FAR = 3


class DayModel:
    def __init__(self, problem: Problem, assign: list[int], own: list[int]):
        self.p, self.assign, self.own = problem, list(assign), own
        self.mine, self.fixed, self.options = meeting_options(problem, assign)
        self.days: dict[int, list[int]] = {}
        for i, rs in enumerate(self.mine):
            if len(rs) > 1:
                days = days_of(problem, rs, self.fixed, self.options, own[i] + 1, cap=DAY_CAP)
                if days is not None:
                    self.days[i] = days

    def solve(self, hint: list[int], *, deadline: float, seed: int, workers: int) -> list[int] | None:
        """One CP-SAT run hinted with ``hint`` (a complete hint: the answer is never worse by the model's
        objective); the assignment found, or None if the time was too short."""
        from ortools.sat.python import cp_model  # imported late: loading it takes a while

        model = cp_model.CpModel()
        x, per_person, fixed_busy = self._meetings(model, hint)
        hint_busy = busy_masks(self.p, hint)
        terms = []
        for i, rs in enumerate(self.mine):
            if len(rs) < 2:
                continue
            if i in self.days:
                broken = self._choose_day(model, i, x, fixed_busy[i], hint_busy[i], terms)
                terms.append(FAR * broken)
            else:
                terms.append(self._counted(model, i, per_person, fixed_busy[i], hint_busy[i]) - self.own[i])
        model.minimize(sum(terms))
        solver = deadline_solver(deadline, workers=workers, seed=seed, minimum=0.1)
        if solver is None:
            return None
        # Only neighbourhood search from the hint: the full-model workers prove nothing useful here (the
        # objective is an estimate) and, on two workers, left it half the improving moves (forum benchmark).
        solver.parameters.use_lns_only = True
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        result = list(self.assign)
        for (r, t), v in x.items():
            if solver.boolean_value(v):
                result[r] = t
        return result

    def _meetings(self, model, hint: list[int]):
        """One boolean per (movable meeting, slot it may take), hinted; one meeting per participant and slot
        (none where they have a fixed one); tables per slot. Returns the booleans, per (participant, slot)
        their booleans, and per participant the mask of fixed meetings."""
        p = self.p
        x: dict[tuple[int, int], object] = {}
        per_person: dict[tuple[int, int], list] = {}
        per_slot: dict[int, list] = {}
        room = list(p.tables)
        fixed_busy = [0] * len(p.ids)
        for r in self.fixed:
            t = p.fixed[r][0]
            room[t] -= 1
            fixed_busy[p.req_a[r]] |= 1 << t
            fixed_busy[p.req_b[r]] |= 1 << t
        for r, t0 in enumerate(self.assign):
            if t0 < 0 or r in self.fixed:
                continue
            row = []
            for t in p.slot_list(self.options[r]):
                v = model.new_bool_var("")
                model.add_hint(v, hint[r] == t)
                x[r, t] = v
                row.append(v)
                per_slot.setdefault(t, []).append(v)
                per_person.setdefault((p.req_a[r], t), []).append(v)
                per_person.setdefault((p.req_b[r], t), []).append(v)
            model.add_exactly_one(row)
        for (q, t), vs in per_person.items():
            if fixed_busy[q] >> t & 1:
                for v in vs:
                    model.add(v == 0)
            elif len(vs) > 1:
                model.add_at_most_one(vs)
        for t, vs in per_slot.items():
            if len(vs) > room[t]:
                model.add(sum(vs) <= room[t])
        return x, per_person, fixed_busy

    def _choose_day(self, model, i: int, x: dict, pinned: int, hint: int, terms: list):
        """Participant i takes exactly one of their days or wide windows (its cost added to ``terms``) or is
        broken; each of their meetings sits in a slot of the day taken. Returns ``broken``."""
        days = self.days[i]
        choice = [model.new_bool_var("") for _ in days]
        broken = model.new_bool_var("")
        for d, c in zip(days, choice, strict=True):
            model.add_hint(c, hint == d)
        wide = self._wide(i, len(self.mine[i]), pinned)
        choice, days = self._add_wide(model, choice, days, wide, broken, hint, terms)
        for r in self.mine[i]:
            if r in self.fixed:
                continue
            for t in self.p.slot_list(self.options[r]):
                inside = [c for d, c in zip(days, choice, strict=True) if d >> t & 1]
                model.add_bool_or([x[r, t].Not(), broken, *inside])
        return broken

    def _wide(self, i: int, k: int, pinned: int) -> list[tuple[int, int]]:
        """Windows of k + 1 and k + 2 consecutive slots holding participant i's fixed meetings, with their
        cost (1 or 2: the breaks a day inside them has at most, for a participant whose own minimum is 0)."""
        if self.own[i]:
            return []
        found = []
        for extra in (1, 2):
            width = k + extra
            for first in range(self.p.n_slots - width + 1):
                mask = ((1 << width) - 1) << first
                if pinned & ~mask == 0:
                    found.append((mask, extra))
        return found

    @staticmethod
    def _add_wide(model, choice: list, days: list[int], wide: list, broken, hint: int, terms: list):
        """Exactly one of: an exact day, a wide window (each costing its term), broken. Hinted with the exact
        day of the hint, else the narrowest window holding it, else broken. Returns all choices and masks."""
        hinted = None if hint in days else next((m for m, _c in wide if hint & ~m == 0), None)
        model.add_hint(broken, hint not in days and hinted is None)
        extra = []
        for mask, cost in wide:
            v = model.new_bool_var("")
            model.add_hint(v, mask == hinted)
            extra.append(v)
            terms.append(cost * v)
        model.add_exactly_one([*choice, *extra, broken])
        return [*choice, *extra], [*days, *(m for m, _c in wide)]

    def _counted(self, model, i: int, per_person: dict, fixed_busy: int, hint: int):
        """Participant i's breaks, counted exactly: run starts minus one."""
        n_slots = self.p.n_slots
        busy = []
        for t in range(n_slots):
            if fixed_busy >> t & 1:
                busy.append(1)
            elif (i, t) in per_person:
                b = model.new_bool_var("")
                model.add(sum(per_person[i, t]) == b)
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
        return sum(starts) - 1


def day_search(
    problem: Problem, assign: list[int], own: list[int], *, deadline: float, seed: int = 0, workers: int = 2
) -> list[int]:
    """Re-time ``assign``'s meetings with the day model until ``deadline`` and return its answer. Its
    objective (exact days free, days inside a window one or two slots wider cost one or two, any other
    day three) estimates breaks and is no proof: the caller polishes the answer and compares."""
    model = DayModel(problem, assign, own)
    found = model.solve(assign, deadline=deadline, seed=seed, workers=workers)
    return list(assign) if found is None else found
