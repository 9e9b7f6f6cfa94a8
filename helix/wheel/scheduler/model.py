"""The slot-assignment model shared by the LP bound and the exact solvers.

One 0/1 column per (request, slot) pair still open once the fixed meetings are placed:

    maximise   sum w_r x_rt  (+ the fixed meetings' weight, a constant)
    subject to sum_t x_rt           <= 1            each request at most once           (request rows)
               sum_{r ∋ p} x_rt     <= 1            a participant meets once per slot   (person-slot rows)
               sum_{r ∋ p, t} x_rt  <= cap_p        max_meetings minus fixed meetings   (cap rows)
               sum_r x_rt           <= tables_t     tables minus fixed meetings         (slot rows)

Fixed meetings are taken out first: their participants are busy in that slot, they use a table and a
unit of each side's cap. Columns only exist for slots both sides can attend and where they are free.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .instance import Problem


@dataclass
class SlotModel:
    n_rows: int
    col_r: np.ndarray  # request of each column
    col_t: np.ndarray  # slot of each column
    cost: np.ndarray  # weight of each column (float)
    start: np.ndarray  # CSC column starts
    index: np.ndarray  # CSC row indices
    row_upper: np.ndarray
    offset: int  # weight of the fixed meetings
    n_req_rows: int
    n_people: int
    n_slots: int


def residual(problem: Problem) -> tuple[list[int], list[int], list[int], int]:
    """Busy masks, remaining caps and remaining tables once fixed meetings are placed; their weight."""
    n = len(problem.ids)
    busy = [0] * n
    count = [0] * n
    tables = list(problem.tables)
    offset = 0
    for r, (t, _table) in problem.fixed.items():
        a, b = problem.req_a[r], problem.req_b[r]
        busy[a] |= 1 << t
        busy[b] |= 1 << t
        count[a] += 1
        count[b] += 1
        tables[t] -= 1
        offset += problem.req_w[r]
    caps = []
    for p in range(n):
        mm = problem.max_meetings[p]
        free = (problem.avail[p] & ~busy[p]).bit_count()
        caps.append(min(free, mm - count[p]) if mm is not None else free)
    return busy, caps, tables, offset


def build_model(problem: Problem) -> SlotModel:
    busy, caps, tables, offset = residual(problem)
    n, n_slots, n_req = len(problem.ids), problem.n_slots, problem.n_requests
    open_slots = sum(1 << t for t in range(n_slots) if tables[t] > 0)
    # Plain Python over bit masks (wheels may have more than 63 slots, beyond numpy's integers); the
    # exact models this feeds are small anyway.
    cols_r: list[int] = []
    cols_t: list[int] = []
    for r in range(n_req):
        a_r, b_r = problem.req_a[r], problem.req_b[r]
        if r in problem.fixed or caps[a_r] <= 0 or caps[b_r] <= 0:
            continue
        free = problem.req_common[r] & ~busy[a_r] & ~busy[b_r] & open_slots
        while free:
            low = free & -free
            free ^= low
            cols_r.append(r)
            cols_t.append(low.bit_length() - 1)
    col_r = np.asarray(cols_r, dtype=np.int64)
    col_t = np.asarray(cols_t, dtype=np.int64)
    a = np.asarray(problem.req_a, dtype=np.int64)
    b = np.asarray(problem.req_b, dtype=np.int64)
    caps_arr = np.asarray(caps, dtype=np.int64)
    w = np.asarray(problem.req_w, dtype=float)
    lo, hi = np.minimum(a, b)[col_r], np.maximum(a, b)[col_r]
    n_req_rows = n_req
    ps0 = n_req_rows
    cap0 = ps0 + n * n_slots
    slot0 = cap0 + n
    n_rows = slot0 + n_slots
    index = np.stack(
        [col_r, ps0 + lo * n_slots + col_t, ps0 + hi * n_slots + col_t, cap0 + lo, cap0 + hi, slot0 + col_t], axis=1
    ).reshape(-1)
    start = np.arange(0, 6 * len(col_r) + 1, 6, dtype=np.int64)
    row_upper = np.concatenate(
        [np.ones(n_req_rows + n * n_slots), caps_arr.astype(float), np.asarray(tables, dtype=float)]
    )
    return SlotModel(
        n_rows=n_rows,
        col_r=col_r,
        col_t=col_t,
        cost=w[col_r],
        start=start,
        index=index,
        row_upper=row_upper,
        offset=offset,
        n_req_rows=n_req_rows,
        n_people=n,
        n_slots=n_slots,
    )
