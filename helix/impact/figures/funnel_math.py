"""The challenge funnel's arithmetic: plain data in, plain data out (no Django).

Input: for each challenge, the first date it reached each stage it has a record of. A challenge that
reached a later stage has passed the earlier ones even when no record says when (a pilot agreed at a
fair without a logged match), so stage counts are cumulative and the funnel never widens. Median days
between two steps use only challenges with a date for both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from statistics import median

STAGES = ("published", "matched", "meetings_held", "pilots_agreements", "solved")


def summarise(reached: Mapping[int, Mapping[str, dt.date]]) -> list[dict]:
    """One row per stage: count, conversion from the previous stage (0–1, None for the first or when
    the previous stage is empty) and the median days from the previous stage (None without data)."""
    counts = [0] * len(STAGES)
    gaps: list[list[int]] = [[] for _ in STAGES]
    for dates in reached.values():
        furthest = max((i for i, stage in enumerate(STAGES) if stage in dates), default=-1)
        for i in range(furthest + 1):
            counts[i] += 1
        for i in range(1, len(STAGES)):
            before, after = dates.get(STAGES[i - 1]), dates.get(STAGES[i])
            if before is not None and after is not None:
                gaps[i].append(max(0, (after - before).days))
    rows = []
    for i, stage in enumerate(STAGES):
        previous = counts[i - 1] if i else 0
        rows.append(
            {
                "stage": stage,
                "count": counts[i],
                "conversion": round(counts[i] / previous, 4) if i and previous else None,
                "median_days": float(median(gaps[i])) if gaps[i] else None,
            }
        )
    return rows
