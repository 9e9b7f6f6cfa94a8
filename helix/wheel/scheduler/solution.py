"""Turning a slot assignment into a ``helix-wheel-schedule/1`` dict, and the secondary objectives.

Fairness (the second objective) is the fewest meetings of any participant with a schedulable request
(see :func:`requesters`).

A solution inside the scheduler is ``assign``: one entry per request, the slot index it is scheduled in or
``-1``. Tables are interchangeable, so table numbers are only chosen here, at the end: fixed meetings keep
their table, the others take the lowest free numbers in their slot.

Idle gaps (the third objective) are defined per participant as the number of slots that lie strictly
between their first and their last meeting, that they declared themselves available for, and in which
they have no meeting. Slots a participant is unavailable for (arriving late, a lunch they blocked) are
their own choice and do not count as idle time. The instance total is the sum over participants.

Breaks (the objective after fairness, see the format's *Breaks*) are, per participant, the maximal runs of
slots without a meeting between two of their meetings, in slot order across the whole day (unavailable slots
included; the pause between sessions is not a slot). ``stats`` reports the total and the largest and smallest
count over participants with at least one meeting.
"""

from __future__ import annotations

from .instance import Problem

SCHEDULE_FORMAT = "helix-wheel-schedule/1"


def meeting_counts(problem: Problem, assign: list[int]) -> list[int]:
    counts = [0] * len(problem.ids)
    for r, t in enumerate(assign):
        if t >= 0:
            counts[problem.req_a[r]] += 1
            counts[problem.req_b[r]] += 1
    return counts


def requesters(problem: Problem) -> list[int]:
    """Participants the fairness objective is about: those with at least one request that could be
    scheduled at all (a slot both sides can attend, neither side capped at zero meetings).

    Someone whose every request is impossible (e.g. no common availability) would pin the minimum at 0
    whatever the schedule, which would make the fairness objective meaningless; they are left out."""
    cap = problem.cap
    who = set()
    for a, b, common in zip(problem.req_a, problem.req_b, problem.req_common, strict=True):
        if common and cap[a] > 0 and cap[b] > 0:
            who.add(a)
            who.add(b)
    return sorted(who)


def min_meetings(problem: Problem, assign: list[int]) -> int:
    counts = meeting_counts(problem, assign)
    who = requesters(problem)
    return min((counts[i] for i in who), default=0)


def busy_masks(problem: Problem, assign: list[int]) -> list[int]:
    busy = [0] * len(problem.ids)
    for r, t in enumerate(assign):
        if t >= 0:
            busy[problem.req_a[r]] |= 1 << t
            busy[problem.req_b[r]] |= 1 << t
    return busy


def idle_gaps_of_mask(busy: int, avail: int) -> int:
    """Idle slots between the first and last busy slot (bits of ``busy``), counting only ``avail`` slots."""
    if busy & (busy - 1) == 0:  # zero or one meeting: no gap possible
        return 0
    low = busy & -busy
    span = (1 << busy.bit_length()) - low  # bits from the first to the last meeting inclusive
    return (span & avail & ~busy).bit_count()


def breaks_of_mask(busy: int) -> int:
    """Breaks in a day whose busy slots are the bits of ``busy``: runs of meetings minus one."""
    runs = (busy & ~(busy << 1)).bit_count()  # a run starts at a busy slot whose predecessor is free
    return runs - 1 if runs else 0


def breaks_summary(problem: Problem, assign: list[int]) -> dict[str, int]:
    """``breaks`` (total), ``breaks_max`` and ``breaks_min`` over participants with at least one meeting."""
    per = [breaks_of_mask(b) for b in busy_masks(problem, assign) if b]
    return {"breaks": sum(per), "breaks_max": max(per, default=0), "breaks_min": min(per, default=0)}


def idle_gaps(problem: Problem, assign: list[int]) -> int:
    busy = busy_masks(problem, assign)
    return sum(idle_gaps_of_mask(b, a) for b, a in zip(busy, problem.avail, strict=True))


def weight_of(problem: Problem, assign: list[int]) -> int:
    return sum(w for w, t in zip(problem.req_w, assign, strict=True) if t >= 0)


def assign_tables(problem: Problem, assign: list[int]) -> dict[int, int]:
    """Table number for every scheduled request; fixed tables are kept, others fill the lowest free numbers."""
    table_of: dict[int, int] = {}
    taken: list[set[int]] = [set() for _ in problem.slots]
    for r, (t, table) in problem.fixed.items():
        if table is not None and assign[r] == t:
            table_of[r] = table
            taken[t].add(table)
    next_free = [1] * len(problem.slots)
    for r, t in enumerate(assign):
        if t < 0 or r in table_of:
            continue
        n = next_free[t]
        while n in taken[t]:
            n += 1
        table_of[r] = n
        taken[t].add(n)
        next_free[t] = n + 1
    return table_of


def unscheduled_reason(problem: Problem, r: int, counts: list[int], busy: list[int], used: list[int]) -> str:
    a, b = problem.req_a[r], problem.req_b[r]
    common = problem.req_common[r]
    if common == 0:
        return "no common available slot"
    for p in (a, b):
        mm = problem.max_meetings[p]
        if mm is not None and counts[p] >= mm:
            return f"'{problem.ids[p]}' reached max_meetings ({mm})"
    for p in (a, b):
        if counts[p] >= problem.avail[p].bit_count():
            return f"'{problem.ids[p]}' has a meeting in every slot they are available"
    full = sum(1 << t for t in range(len(problem.slots)) if used[t] >= problem.tables[t])
    if common & ~full & ~busy[a] & ~busy[b] == 0:
        if common & ~full == 0:
            return "no free table in any common available slot"
        return "no common free slot (every common available slot is taken by higher-priority meetings)"
    return "left out to schedule higher-weight or fairer meetings"


def build_schedule(
    problem: Problem,
    assign: list[int],
    *,
    upper_bound: int,
    method: str,
    optimal: bool,
    seconds: float,
    extra: dict | None = None,
) -> dict:
    """The schedule dict for ``assign`` (meetings in slot then table order, every other request unscheduled)."""
    table_of = assign_tables(problem, assign)
    order = sorted(table_of, key=lambda r: (assign[r], table_of[r]))
    meetings = [
        {
            "a": problem.ids[problem.req_a[r]],
            "b": problem.ids[problem.req_b[r]],
            "slot": problem.slots[assign[r]],
            "table": table_of[r],
        }
        for r in order
    ]
    counts = meeting_counts(problem, assign)
    busy = busy_masks(problem, assign)
    used = [0] * len(problem.slots)
    for t in assign:
        if t >= 0:
            used[t] += 1
    unscheduled = [
        {
            "a": problem.ids[problem.req_a[r]],
            "b": problem.ids[problem.req_b[r]],
            "reason": unscheduled_reason(problem, r, counts, busy, used),
        }
        for r, t in enumerate(assign)
        if t < 0
    ]
    weight = weight_of(problem, assign)
    who = requesters(problem)
    stats = {
        "requests": problem.n_requests,
        "scheduled": len(meetings),
        "weight_requested": sum(problem.req_w),
        "weight_scheduled": weight,
        "upper_bound": upper_bound,
        "seconds": round(seconds, 3),
        "method": method,
        "optimal": optimal,
        "min_meetings": min((counts[i] for i in who), default=0),
        "idle_gaps": sum(idle_gaps_of_mask(bm, am) for bm, am in zip(busy, problem.avail, strict=True)),
        **breaks_summary(problem, assign),
    }
    if extra:
        stats.update(extra)
    return {"format": SCHEDULE_FORMAT, "meetings": meetings, "unscheduled": unscheduled, "stats": stats}
