"""Impact figures computed from Helix's records: definitions in `sources`, the funnel in `funnel`,
caching in `cache`. Entry points (pages, API, command, report) call the functions below."""

from __future__ import annotations

from django.utils.translation import get_language

from ..period import Period
from .base import DIMENSIONS, Figure, RecordSet, years
from .cache import cached, current_version
from .funnel import funnel
from .sources import BY_KEY, FIGURES, region_threshold

KEYS = tuple(figure.key for figure in FIGURES)


def figure_rows(period: Period) -> list[dict]:
    """Every figure over the period: key, label, unit, value, definition and its version."""
    return [
        {
            "key": figure.key,
            "label": str(figure.label),
            "unit": str(figure.unit),
            "value": figure.value(period),
            "definition": figure.definition_text,
            "definition_version": figure.definition_version,
        }
        for figure in FIGURES
    ]


def breakdown(figure: Figure, period: Period) -> dict[str, list[dict]]:
    """The figure by year and by each dimension it has (region, sector, country), as label/count rows."""
    from .labels import dimension_label

    result = {"year": [{"value": str(part.start.year), "count": figure.value(part)} for part in years(period)]}
    for dimension in figure.dimensions:
        totals: dict[object, int] = {}
        for record_set in figure.record_sets:
            for value, n in record_set.breakdown(period, dimension):
                totals[value] = totals.get(value, 0) + n
        result[dimension] = [
            {"value": value, "label": dimension_label(dimension, value), "count": n}
            for value, n in sorted(totals.items(), key=lambda item: (-item[1], str(item[0])))
        ]
    return result


def overview(period: Period, *, version: str | None = None) -> dict:
    """Figures and funnel for the period (cached for the current data version)."""
    # Labels and definitions are translated, and a threshold setting changes a value: both are in the key.
    name = f"overview:{get_language()}:t{region_threshold()}:{period.start.isoformat()}:{period.end.isoformat()}"
    return cached(name, lambda: {"figures": figure_rows(period), "funnel": funnel(period)}, version=version)


__all__ = [
    "BY_KEY",
    "DIMENSIONS",
    "FIGURES",
    "KEYS",
    "Figure",
    "RecordSet",
    "breakdown",
    "cached",
    "current_version",
    "figure_rows",
    "funnel",
    "overview",
]
