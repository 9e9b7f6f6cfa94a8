"""Expansion scores: pure functions over plain data (no Django), so they can be tested, benchmarked and
explained. Each candidate (a region, commune or country) gets three components in [0, 1]:

- need: low diagnostic maturity, open challenges, population, municipalities not reached yet;
- opportunity: local partners, universities, companies already in the network there;
- cost of presence: no activity yet, distance from the nearest place with activity.

score = w_need·need + w_opportunity·opportunity − w_cost·cost, with weights ≥ 0. Counts are scaled by
the largest among the candidates, so raising one candidate's need can only lower the others' scaled
values: more need never lowers a candidate's rank.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

MAX_MATURITY = 4.0
# Unknown maturity (no diagnostics there) counts as middling need, neither favoured nor penalised.
UNKNOWN_MATURITY_NEED = 0.5


@dataclass(frozen=True)
class Candidate:
    key: str
    name: str
    population: int = 0
    maturity: float | None = None  # 0–4, mean of diagnostics
    open_challenges: int = 0
    municipalities: int = 0
    municipalities_reached: int = 0
    partners: int = 0
    universities: int = 0
    companies: int = 0
    activities: int = 0
    centroid: tuple[float, float] | None = None  # (lat, lon)

    @property
    def municipalities_not_reached(self) -> int:
        return max(0, self.municipalities - self.municipalities_reached)


@dataclass(frozen=True)
class Weights:
    need: float = 1.0
    opportunity: float = 1.0
    cost: float = 1.0

    def __post_init__(self):
        if min(self.need, self.opportunity, self.cost) < 0:
            raise ValueError("weights must not be negative")


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    need: float
    opportunity: float
    cost: float
    score: float
    rank: int
    parts: dict[str, float] = field(default_factory=dict)
    distance_km: float | None = None


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _scale(values: Sequence[float]) -> list[float]:
    top = max(values, default=0)
    return [value / top if top > 0 else 0.0 for value in values]


def distances(candidates: Sequence[Candidate]) -> list[float | None]:
    """Each candidate's distance (km) to the nearest other candidate with activity; 0 where it has
    activity itself; None when either has no known centroid or nothing has activity."""
    present = [c.centroid for c in candidates if c.activities > 0 and c.centroid is not None]
    result: list[float | None] = []
    for c in candidates:
        if c.activities > 0:
            result.append(0.0)
        elif c.centroid is None or not present:
            result.append(None)
        else:
            result.append(min(haversine_km(c.centroid, p) for p in present))
    return result


def score(candidates: Iterable[Candidate], weights: Weights = Weights()) -> list[Scored]:
    """Candidates ranked best first (rank 1), ties broken by name; every component is returned."""
    candidates = list(candidates)
    if not candidates:
        return []
    low_maturity = [
        UNKNOWN_MATURITY_NEED if c.maturity is None else 1 - min(max(c.maturity, 0), MAX_MATURITY) / MAX_MATURITY
        for c in candidates
    ]
    challenges = _scale([c.open_challenges for c in candidates])
    population = _scale([c.population for c in candidates])
    not_reached = _scale([c.municipalities_not_reached for c in candidates])
    partners = _scale([c.partners for c in candidates])
    universities = _scale([c.universities for c in candidates])
    companies = _scale([c.companies for c in candidates])
    km = distances(candidates)
    far = _scale([d or 0.0 for d in km])
    rows = []
    for i, c in enumerate(candidates):
        parts = {
            "low_maturity": low_maturity[i],
            "open_challenges": challenges[i],
            "population": population[i],
            "municipalities_not_reached": not_reached[i],
            "partners": partners[i],
            "universities": universities[i],
            "companies": companies[i],
            "no_activity": 0.0 if c.activities > 0 else 1.0,
            "distance": far[i],
        }
        need = (
            parts["low_maturity"] + parts["open_challenges"] + parts["population"] + parts["municipalities_not_reached"]
        ) / 4
        opportunity = (parts["partners"] + parts["universities"] + parts["companies"]) / 3
        cost = (parts["no_activity"] + parts["distance"]) / 2
        total = weights.need * need + weights.opportunity * opportunity - weights.cost * cost
        rows.append((c, need, opportunity, cost, total, parts, km[i]))
    rows.sort(key=lambda row: (-round(row[4], 12), row[0].name, row[0].key))
    return [
        Scored(c, round(n, 4), round(o, 4), round(k, 4), round(s, 4), rank, parts, d)
        for rank, (c, n, o, k, s, parts, d) in enumerate(rows, start=1)
    ]


def scenario(candidates: Iterable[Candidate]) -> dict[str, float]:
    """The figures a plan that works in `candidates` would move."""
    candidates = list(candidates)
    return {
        "places": len(candidates),
        "new_places": sum(1 for c in candidates if c.activities == 0),
        "municipalities_to_reach": sum(c.municipalities_not_reached for c in candidates),
        "population": sum(c.population for c in candidates),
        "open_challenges": sum(c.open_challenges for c in candidates),
        "partners": sum(c.partners for c in candidates),
    }
