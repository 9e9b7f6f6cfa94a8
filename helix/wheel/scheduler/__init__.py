"""The business-wheel scheduler: a pure module, plain ``helix-wheel/1`` dicts in, ``helix-wheel-schedule/1`` out.

No Django imports here: the app, the ``schedule_wheel`` command and ``bench/wheel.py`` all call these
four functions. See ``solve.py`` for the method, ``bounds.py`` for the proven upper bound and
``solution.py`` for how fairness and idle gaps are measured.

Objective, in order: (1) the total weight of scheduled requests; (2) fairness: the fewest meetings of any
participant who has at least one schedulable request; (3) breaks: per participant, the runs of slots
without a meeting between two of their meetings, summed; (4) the spread between the most and the fewest
breaks of any participant; (5) idle gaps: per participant, the slots strictly between their first and last
meeting that they are available for but spend without a meeting, summed. (3)-(5) are optimised by
``breaks.py`` with the set of scheduled meetings kept, so (1) and (2) never suffer.

``stats`` holds the format's keys (``requests``, ``scheduled``, ``weight_requested``, ``weight_scheduled``,
``upper_bound``, ``seconds``, ``method``) plus ``optimal`` (the weight is proven maximal: it equals the
upper bound, or CP-SAT proved it), ``min_meetings``, ``idle_gaps``, ``breaks``, ``breaks_max``, ``breaks_min``
and, from :func:`schedule`, ``greedy_weight`` (the first-fit baseline's weight on the same instance) and,
when every request is scheduled, ``breaks_lower_bound`` (a proven minimum of ``breaks`` at that weight).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .bounds import counting_bound, degree_bound
from .changes import compare_schedules
from .check import check_schedule
from .greedy import greedy_assign
from .instance import INSTANCE_FORMAT, InstanceError, parse_instance
from .solution import SCHEDULE_FORMAT, build_schedule
from .solve import solve

__all__ = [
    "INSTANCE_FORMAT",
    "SCHEDULE_FORMAT",
    "InstanceError",
    "check_schedule",
    "compare_schedules",
    "greedy_schedule",
    "schedule",
    "validate_instance",
]


def validate_instance(instance: dict) -> None:
    """Raise :class:`InstanceError` (with ``.problems``, each naming the offending entries) if invalid."""
    parse_instance(instance)


def greedy_schedule(instance: dict) -> dict:
    """The first-fit baseline schedule (earliest common free slot, requests by weight, heaviest first)."""
    started = time.perf_counter()
    problem = parse_instance(instance)
    assign = greedy_assign(problem)
    bound = min(counting_bound(problem), degree_bound(problem))
    weight = sum(w for w, t in zip(problem.req_w, assign, strict=True) if t >= 0)
    return build_schedule(
        problem,
        assign,
        upper_bound=bound,
        method="greedy first-fit",
        optimal=weight == bound,
        seconds=time.perf_counter() - started,
    )


def schedule(
    instance: dict,
    *,
    time_limit: float = 10.0,
    progress: Callable[[dict], None] | None = None,
    seed: int = 0,
) -> dict:
    """Schedule ``instance`` within ``time_limit`` seconds (whole run) and return the best valid schedule.

    Guarantees: the result is valid for the instance (fixed meetings kept at their slot and table), its
    weight is never below :func:`greedy_schedule`'s, and ``stats.upper_bound`` is a proven bound on the
    weight of any valid schedule; ``stats.optimal`` is true only when the weight equals that bound or an
    exact solver proved it. ``progress`` receives dicts such as
    ``{"phase": "heuristic", "weight": 120, "upper_bound": 124, "seconds": 0.8}`` (phases: ``greedy``,
    ``bound``, ``heuristic``, ``exact``, ``done``), always on the calling thread, a handful of times per run.
    """
    started = time.perf_counter()
    problem = parse_instance(instance)
    return solve(problem, started=started, time_limit=time_limit, progress=progress, seed=seed)
