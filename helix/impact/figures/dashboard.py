"""The staff dashboard's figures: the period against the same days a year earlier, and its charts —
cached per data version and language (and precomputed for the usual periods, see `precompute`)."""

from __future__ import annotations

from django.utils.translation import get_language

from ..period import Period
from . import charts, overview
from .cache import cached
from .report import period_text


def dashboard_data(period: Period, *, version: str) -> dict:
    """Figures with last year's value and the change, the funnel, and the two charts."""
    name = f"dashboard:{get_language()}:{period.start.isoformat()}:{period.end.isoformat()}"
    return cached(name, lambda: _compute(period, version), version=version)


def _compute(period: Period, version: str) -> dict:
    data = overview(period, version=version)
    earlier = period.previous_year()
    before = overview(earlier, version=version)
    rows = [
        row | {"previous": old["value"], "change": row["value"] - old["value"]}
        for row, old in zip(data["figures"], before["figures"], strict=True)
    ]
    return {
        "figures": rows,
        "funnel": data["funnel"],
        "comparison_chart": charts.comparison(
            data["figures"], before["figures"], current_label=period_text(period), previous_label=period_text(earlier)
        ),
        "funnel_chart": charts.funnel(data["funnel"]),
    }
