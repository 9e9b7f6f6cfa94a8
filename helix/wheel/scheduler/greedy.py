"""The plain first-fit baseline: requests by weight (heaviest first), each at the earliest common free slot.

It is the figure the optimiser is measured against and the schedule the optimiser starts from, so it must
stay simple and predictable: fixed meetings are placed first, ties keep the input order.
"""

from __future__ import annotations

from .instance import Problem


def greedy_assign(problem: Problem) -> list[int]:
    """A valid slot assignment (``-1`` = unscheduled) built first-fit, heaviest requests first."""
    n_req = problem.n_requests
    assign = [-1] * n_req
    busy = [0] * len(problem.ids)
    counts = [0] * len(problem.ids)
    used = [0] * len(problem.slots)
    full = sum(1 << t for t, n in enumerate(problem.tables) if n <= 0)
    req_a, req_b, cap = problem.req_a, problem.req_b, problem.cap

    def place(r: int, t: int) -> None:
        nonlocal full
        a, b = req_a[r], req_b[r]
        assign[r] = t
        busy[a] |= 1 << t
        busy[b] |= 1 << t
        counts[a] += 1
        counts[b] += 1
        used[t] += 1
        if used[t] >= problem.tables[t]:
            full |= 1 << t

    for r, (t, _table) in problem.fixed.items():
        place(r, t)
    order = sorted((r for r in range(n_req) if r not in problem.fixed), key=lambda r: -problem.req_w[r])
    for r in order:
        a, b = req_a[r], req_b[r]
        if counts[a] >= cap[a] or counts[b] >= cap[b]:
            continue
        free = problem.req_common[r] & ~busy[a] & ~busy[b] & ~full
        if free:
            place(r, (free & -free).bit_length() - 1)
    return assign
