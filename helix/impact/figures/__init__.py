"""Impact figures computed from Helix's records: definitions in `sources`, the funnel in `funnel`,
caching in `cache`. Entry points (pages, API, command, report) call the functions below."""

from __future__ import annotations

from ..period import Period
from .base import DIMENSIONS, Figure, RecordSet, years
from .cache import cached, current_version
from .funnel import funnel, funnel_stages, with_labels
from .sources import BY_KEY, FIGURES, region_threshold

KEYS = tuple(figure.key for figure in FIGURES)


def figure_rows(period: Period, values: dict[str, int] | None = None) -> list[dict]:
    """Every figure over the period: key, label, unit, value, definition and its version (`values` by
    key when already computed)."""
    return [
        {
            "key": figure.key,
            "label": str(figure.label),
            "unit": str(figure.unit),
            "value": values[figure.key] if values is not None else figure.value(period),
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
    """Figures and funnel for the period. The numbers are cached for the current data version (one entry
    for every language: a threshold setting changes a value, so it is in the key); labels and
    definitions are added in the reader's language."""
    name = f"overview:t{region_threshold()}:{period.start.isoformat()}:{period.end.isoformat()}"
    numbers = cached(
        name,
        lambda: {"values": {f.key: f.value(period) for f in FIGURES}, "funnel": funnel_stages(period)},
        version=version,
    )
    return {"figures": figure_rows(period, numbers["values"]), "funnel": with_labels(numbers["funnel"])}


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
