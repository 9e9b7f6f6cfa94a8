"""The figures as one plain document: what the command prints, the API answers and the report lays out."""

from __future__ import annotations

from ..period import Period
from .base import Figure
from .funnel import DEFINITION_VERSION as FUNNEL_VERSION


def document(period: Period, overview: dict) -> dict:
    """`{"period": {"from", "to"}, "figures": [{key, value, unit, definition_version}], "funnel": [...]}`."""
    return {
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "figures": [
            {
                "key": row["key"],
                "value": row["value"],
                "unit": row["unit"],
                "definition_version": row["definition_version"],
            }
            for row in overview["figures"]
        ],
        "funnel": [
            {
                "stage": row["stage"],
                "count": row["count"],
                "conversion": row["conversion"],
                "median_days": row["median_days"],
            }
            for row in overview["funnel"]
        ],
    }


def csv_rows(doc: dict) -> list[list]:
    """key, value, unit, definition_version: the figures, then one row per funnel stage."""
    rows = [[f["key"], f["value"], f["unit"], f["definition_version"]] for f in doc["figures"]]
    rows += [[f"funnel.{row['stage']}", row["count"], "", FUNNEL_VERSION] for row in doc["funnel"]]
    return rows


CSV_HEADER = ["key", "value", "unit", "definition_version"]

__all__ = ["CSV_HEADER", "Figure", "csv_rows", "document"]
