"""Proven upper bounds on the scheduled weight.

Every function here returns a number that no valid schedule can exceed; the scheduler reports the smallest.

The main bound is the LP relaxation of an *aggregated* model with one variable ``y_r in [0, 1]`` per request
(is it scheduled?) and only constraints that every schedule satisfies:

* per participant: ``sum_{r ∋ p} y_r <= k_p`` where ``k_p`` is the largest number of p's requests that can
  sit in distinct slots that p and the partner both have free (a small bipartite matching, capped by
  ``max_meetings``): the slot structure seen from one participant;
* per set of slots U (every interval of consecutive slots, and the most common availability patterns):
  requests that can only happen inside U number at most the tables of U.

It is far smaller than the slot-assignment LP (one column per request instead of per request and slot) and
on realistic wheels it is just as tight. Its value is *certified* by weak duality: from any dual vector
``z >= 0`` (the solver's, clipped), ``offset + rhs.z + sum_r max(0, w_r - (A^T z)_r)`` is an upper bound
whatever the solver's tolerances, and that recomputed number is what we report (rounded down, as weights
are integers, after a small safety margin against floating-point rounding).
"""

from __future__ import annotations

import math
import os
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from .instance import Problem
from .model import residual

# Added before rounding down a float bound; weights are integers, so this only guards rounding noise.
SAFETY = 1e-6
MAX_PATTERN_ROWS = 400
MAX_ALL_INTERVALS = 24


def schedulable(problem: Problem) -> list[int]:
    """Requests that could be scheduled at all (a common available slot, both sides allowed a meeting)."""
    cap = problem.cap
    return [
        r
        for r in range(problem.n_requests)
        if problem.req_common[r] and cap[problem.req_a[r]] > 0 and cap[problem.req_b[r]] > 0
    ]


def counting_bound(problem: Problem) -> int:
    """Sum of the K heaviest schedulable requests, K = the most meetings the tables and caps allow.

    Valid because a schedule holds at most sum(tables) meetings, and at most sum(caps)/2 (each meeting uses
    two participants' capacity), and its weight is at most that of the same number of heaviest requests.
    """
    weights = sorted((problem.req_w[r] for r in schedulable(problem)), reverse=True)
    k = min(sum(problem.tables), sum(problem.cap) // 2)
    return sum(weights[:k])


def degree_bound(problem: Problem) -> int:
    """Half the sum, over participants, of the weights of their ``k_p`` heaviest open requests.

    ``k_p`` is the participant's remaining cap (``max_meetings`` and free slots, after fixed meetings).
    Valid because every meeting has two participants: a schedule's weight is half the sum over
    participants of the weights of their own meetings, and participant p's part is at most its ``k_p``
    heaviest requests. Cheap (no LP) and tight when caps bind, which the counting bound ignores: the
    fallback when the LP cannot be solved in time.
    """
    free, caps, _tables, offset = free_masks(problem)
    mine: list[list[int]] = [[] for _ in problem.ids]
    for r, f in enumerate(free):
        if f:
            mine[problem.req_a[r]].append(problem.req_w[r])
            mine[problem.req_b[r]].append(problem.req_w[r])
    total = sum(sum(sorted(ws, reverse=True)[: max(caps[p], 0)]) for p, ws in enumerate(mine))
    return offset + total // 2


def degree_priority(problem: Problem) -> list[float]:
    """LP-free guidance: per request, the share of its two sides for whom it is among their heaviest.

    1.0 when the request is among the ``k_p`` heaviest of both sides (likely in a good schedule), 0.5 for
    one side, 0 otherwise; used to order the construction when the LP is not available.
    """
    free, caps, _tables, _offset = free_masks(problem)
    incident: list[list[int]] = [[] for _ in problem.ids]
    for r, f in enumerate(free):
        if f:
            incident[problem.req_a[r]].append(r)
            incident[problem.req_b[r]].append(r)
    score = [0.0] * problem.n_requests
    for p, reqs in enumerate(incident):
        reqs.sort(key=lambda r: (-problem.req_w[r], free[r].bit_count()))
        for r in reqs[: max(caps[p], 0)]:
            score[r] += 0.5
    return score


def free_masks(problem: Problem) -> tuple[list[int], list[int], list[int], int]:
    """Per request, the slots still open to it once fixed meetings are placed (0 for fixed requests)."""
    busy, caps, tables, offset = residual(problem)
    open_slots = sum(1 << t for t, n in enumerate(tables) if n > 0)
    free = []
    for r in range(problem.n_requests):
        a, b = problem.req_a[r], problem.req_b[r]
        if r in problem.fixed or caps[a] <= 0 or caps[b] <= 0:
            free.append(0)
        else:
            free.append(problem.req_common[r] & ~busy[a] & ~busy[b] & open_slots)
    return free, caps, tables, offset


def matching_caps(problem: Problem, free: list[int], caps: list[int]) -> list[int]:
    """For each participant, the most of their open requests that fit in distinct open slots (<= cap)."""
    incident: list[list[int]] = [[] for _ in problem.ids]
    for r, f in enumerate(free):
        if f:
            incident[problem.req_a[r]].append(r)
            incident[problem.req_b[r]].append(r)
    result = []
    for p, requests in enumerate(incident):
        owner: dict[int, int] = {}  # slot -> request

        def augment(r: int, seen: list[int], owner: dict[int, int] = owner) -> bool:
            options = free[r] & ~seen[0]
            while options:
                low = options & -options
                options ^= low
                seen[0] |= low
                t = low.bit_length() - 1
                if t not in owner or augment(owner[t], seen, owner):
                    owner[t] = r
                    return True
            return False

        size = 0
        for r in requests:
            if size >= caps[p]:
                break
            if augment(r, [0]):
                size += 1
        result.append(min(size, caps[p]))
    return result


@dataclass
class AggregatedBound:
    bound: int  # certified, rounded down
    lp_value: float  # what the LP solver reported
    y: np.ndarray  # the LP's request values (guidance for heuristics)
    reduced: np.ndarray  # w_r - (A^T z)_r: how attractive each request is at the dual prices
    seconds: float


@contextmanager
def _quiet_stdout():
    """Silence file descriptor 1 for a moment: C++ output bypasses sys.stdout (and `--out -` users)."""
    sys.stdout.flush()
    saved, devnull = os.dup(1), os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    try:
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


def aggregated_bound(problem: Problem, *, time_limit: float = 10.0) -> AggregatedBound | None:
    """The certified aggregated-LP bound (see module docstring), or None if the LP did not solve in time."""
    import highspy

    started = time.perf_counter()
    free, caps, tables, offset = free_masks(problem)
    n_req, n_slots = problem.n_requests, problem.n_slots
    k = matching_caps(problem, free, caps)
    # Slot masks as numpy integers when they fit, else as Python integers (wheels with over 62 slots).
    free_arr = np.asarray(free, dtype=np.int64 if n_slots <= 62 else object)
    all_slots = (1 << n_slots) - 1
    cols = np.flatnonzero(free_arr)
    if len(cols) == 0:  # nothing left to schedule beyond the fixed meetings
        zeros = np.zeros(n_req)
        return AggregatedBound(offset, float(offset), zeros, zeros, time.perf_counter() - started)
    a = np.asarray(problem.req_a, dtype=np.int64)[cols]
    b = np.asarray(problem.req_b, dtype=np.int64)[cols]
    row_parts = [a, b]
    col_parts = [cols, cols]
    rhs = [np.asarray(k, dtype=float)]
    n_rows = len(problem.ids)
    # Slot-set rows: intervals, then the most frequent open-slot patterns not already an interval.
    # All intervals on ordinary wheels; on very long ones (multi-day), prefixes, suffixes and short intervals.
    sets = [
        sum(1 << t for t in range(s, e + 1))
        for s in range(n_slots)
        for e in range(s, n_slots)
        if n_slots <= MAX_ALL_INTERVALS or s == 0 or e == n_slots - 1 or e - s < 8
    ]
    seen = set(sets)
    patterns, counts = np.unique(free_arr[cols], return_counts=True)
    for m in patterns[np.argsort(-counts)][:MAX_PATTERN_ROWS]:
        if int(m) not in seen:
            seen.add(int(m))
            sets.append(int(m))
    table_rhs = []
    for u in sets:
        inside = cols[(free_arr[cols] & (all_slots ^ u)) == 0]
        cap_u = sum(tables[t] for t in range(n_slots) if u >> t & 1)
        if len(inside) <= cap_u:
            continue  # cannot bind
        row_parts.append(np.full(len(inside), n_rows, dtype=np.int64))
        col_parts.append(inside)
        table_rhs.append(cap_u)
        n_rows += 1
    rhs.append(np.asarray(table_rhs, dtype=float))
    rows = np.concatenate(row_parts)
    colidx = np.concatenate(col_parts)
    rhs_arr = np.concatenate(rhs)
    order = np.lexsort((colidx, rows))
    rows, colidx = rows[order], colidx[order]
    weights = np.asarray(problem.req_w, dtype=float)
    upper = np.zeros(n_req)
    upper[cols] = 1.0

    with _quiet_stdout():  # the HiGHS constructor prints a banner before any option can be set
        h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("time_limit", max(time_limit - (time.perf_counter() - started), 0.01))
    lp = highspy.HighsLp()
    lp.num_col_ = n_req
    lp.num_row_ = n_rows
    lp.col_cost_ = weights
    lp.col_lower_ = np.zeros(n_req)
    lp.col_upper_ = upper
    lp.row_lower_ = np.full(n_rows, -highspy.kHighsInf)
    lp.row_upper_ = rhs_arr
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_ = n_req
    lp.a_matrix_.num_row_ = n_rows
    lp.a_matrix_.start_ = np.searchsorted(rows, np.arange(n_rows + 1))
    lp.a_matrix_.index_ = colidx
    lp.a_matrix_.value_ = np.ones(len(colidx))
    lp.sense_ = highspy.ObjSense.kMaximize
    h.passModel(lp)
    h.run()
    solution = h.getSolution()
    optimal = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    # Stopped by the time limit: the (dual simplex's) current duals still certify a bound by weak duality,
    # usually a good one, so the run keeps a real bound instead of falling back to counting.
    if not optimal and not solution.dual_valid:
        return None
    duals = np.asarray(solution.row_dual, dtype=float)
    best, best_reduced = math.inf, None
    for z in (np.maximum(duals, 0.0), np.maximum(-duals, 0.0)):
        a_t_z = np.zeros(n_req)
        np.add.at(a_t_z, colidx, z[rows])
        reduced = weights - a_t_z
        value = offset + float(rhs_arr @ z) + float(np.maximum(reduced, 0.0)[cols].sum())
        if value < best:
            best, best_reduced = value, reduced
    return AggregatedBound(
        bound=math.floor(best + SAFETY),
        lp_value=offset + float(h.getInfo().objective_function_value) if optimal else best,
        y=np.asarray(solution.col_value, dtype=float) if solution.value_valid else np.zeros(n_req),
        reduced=best_reduced,
        seconds=time.perf_counter() - started,
    )
