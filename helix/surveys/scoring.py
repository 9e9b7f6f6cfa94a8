"""Survey scoring: a pure module (no Django), plain data in and out.

A scored question gives a value in 0–1; a group (a smart-city dimension or one of the case's five
areas) scores 4 × the mean of its answered questions, so every score reads on the 0–4 maturity scale.
The overall score is the mean of the dimension scores; the level is the last whole level reached.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

SINGLE, MULTIPLE, RANKING, MATURITY, LIKERT, YES_NO = "single", "multiple", "ranking", "maturity", "likert", "yes_no"
MAX_LEVEL = 4


@dataclass(frozen=True)
class ScoredQuestion:
    code: str
    kind: str
    dimension: str = ""
    area: str = ""
    option_scores: Mapping[str, float] = field(default_factory=dict)


def question_score(question: ScoredQuestion, value) -> float | None:
    """The answer's value in 0–1, or None when the question or the answer does not score."""
    if value is None:
        return None
    if question.kind == MATURITY:
        return int(value) / MAX_LEVEL
    if question.kind == LIKERT:
        return (int(value) - 1) / 4
    if question.kind == YES_NO:
        return 1.0 if value else 0.0
    if question.kind == SINGLE:
        return question.option_scores.get(value)
    if question.kind == MULTIPLE and question.option_scores:
        return min(1.0, sum(question.option_scores.get(code, 0.0) for code in value))
    return None


def _group_scores(pairs: Iterable[tuple[str, float]]) -> dict[str, float]:
    groups: dict[str, list[float]] = {}
    for key, value in pairs:
        if key:
            groups.setdefault(key, []).append(value)
    return {key: round(MAX_LEVEL * sum(values) / len(values), 2) for key, values in groups.items()}


def level_of(score: float) -> int:
    """The last whole level reached (2.99 is level 2), within 0–4."""
    return max(0, min(MAX_LEVEL, math.floor(score + 1e-9)))


def score_response(questions: Sequence[ScoredQuestion], answers: Mapping[str, object]) -> dict:
    """Scores of one response: ``{"dimensions": {code: 0–4}, "areas": {code: 0–4}, "overall", "level"}``.
    Unanswered and unscored questions are left out (they neither raise nor lower a score)."""
    scored = []
    for question in questions:
        value = question_score(question, answers.get(question.code))
        if value is not None:
            scored.append((question, value))
    dimensions = _group_scores((q.dimension, v) for q, v in scored)
    areas = _group_scores((q.area, v) for q, v in scored)
    overall = round(sum(dimensions.values()) / len(dimensions), 2) if dimensions else None
    return {
        "dimensions": dimensions,
        "areas": areas,
        "overall": overall,
        "level": level_of(overall) if overall is not None else None,
    }


def medians(score_sets: Iterable[Mapping[str, float]]) -> dict[str, float]:
    """Per key, the median over the score sets that have it."""
    values: dict[str, list[float]] = {}
    for scores in score_sets:
        for key, value in scores.items():
            values.setdefault(key, []).append(value)
    return {key: round(statistics.median(v), 2) for key, v in values.items()}


def strongest_and_weakest(scores: Mapping[str, float], *, n: int = 2) -> tuple[list[str], list[str]]:
    """The `n` highest and `n` lowest keys, never overlapping (with few keys, each list gets half; ties
    broken by key, so the answer is stable)."""
    ordered = sorted(scores, key=lambda key: (scores[key], key))
    n = max(1, min(n, len(ordered) // 2))
    weakest = ordered[:n]
    strongest = [key for key in reversed(ordered) if key not in weakest][:n]
    return strongest, weakest


def ranking_summary(rankings: Iterable[Sequence[str]], *, respondents: int | None = None) -> dict[str, dict]:
    """For a pick-top-N question: per option, how many put it in their top N, the share of respondents
    and its average rank (1 = most important) among those who chose it."""
    counts: dict[str, int] = {}
    rank_sums: dict[str, int] = {}
    total = 0
    for ranking in rankings:
        total += 1
        for position, code in enumerate(ranking, start=1):
            counts[code] = counts.get(code, 0) + 1
            rank_sums[code] = rank_sums.get(code, 0) + position
    base = respondents if respondents is not None else total
    return {
        code: {
            "count": count,
            "share": round(count / base, 4) if base else 0.0,
            "average_rank": round(rank_sums[code] / count, 2),
        }
        for code, count in counts.items()
    }


def distribution(values: Iterable) -> dict:
    """How many answers gave each value (lists count each element once)."""
    counts: dict = {}
    for value in values:
        for item in value if isinstance(value, list) else [value]:
            counts[item] = counts.get(item, 0) + 1
    return counts
