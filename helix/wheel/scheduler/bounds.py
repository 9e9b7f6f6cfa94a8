"""Proven upper bounds on the scheduled weight.

Every function here returns a number that no valid schedule can exceed; the scheduler reports the smallest.
"""

from __future__ import annotations

from .instance import Problem


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
