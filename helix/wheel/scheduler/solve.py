"""Orchestration of the scheduler within one time budget."""

from __future__ import annotations

import time
from collections.abc import Callable

from .bounds import counting_bound
from .greedy import greedy_assign
from .instance import Problem
from .solution import build_schedule, weight_of


def solve(
    problem: Problem,
    *,
    started: float,
    time_limit: float,
    progress: Callable[[dict], None] | None,
    seed: int,
) -> dict:
    assign = greedy_assign(problem)
    bound = counting_bound(problem)
    weight = weight_of(problem, assign)
    if progress:
        progress(
            {"phase": "heuristic", "weight": weight, "upper_bound": bound, "seconds": time.perf_counter() - started}
        )
    return build_schedule(
        problem,
        assign,
        upper_bound=bound,
        method="greedy first-fit",
        optimal=weight == bound,
        seconds=time.perf_counter() - started,
    )
