"""What a figure is: a written, versioned definition and the record sets behind its number.

A figure's value is the number of distinct records in its record sets over a period (actors connected
has two sets, organisations and people; every other figure has one). The drill-down lists those same
records, and the breakdowns group them, so the number, the list and the breakdowns never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from ..period import Period

# The breakdowns a record set may offer, in display order.
DIMENSIONS = ("region", "sector", "country")


@dataclass(frozen=True)
class RecordSet:
    """One kind of record a figure counts (organisations, people, regions …)."""

    slug: str
    label: str
    queryset: Callable[[Period], QuerySet]
    # Breakdown dimension → the field path grouped on (only the dimensions that mean something here).
    breakdown_fields: dict[str, str] = field(default_factory=dict)

    def records(self, period: Period) -> QuerySet:
        return self.queryset(period)

    def count(self, period: Period) -> int:
        return self.queryset(period).count()

    def breakdown(self, period: Period, dimension: str) -> list[tuple[object, int]]:
        """(value, count) pairs, largest first; the value None means "not recorded"."""
        path = self.breakdown_fields.get(dimension)
        if path is None:
            return []
        rows = (
            self.queryset(period)
            .order_by()
            .values_list(path)
            .annotate(n=Count("pk", distinct=True))
            .order_by("-n", path)
        )
        return [(value, n) for value, n in rows]


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str
    definition: str
    definition_version: int
    record_sets: tuple[RecordSet, ...]
    # Values filled into the definition's %(name)s placeholders (settings such as a threshold).
    definition_params: Callable[[], dict] | None = None

    @property
    def definition_text(self) -> str:
        text = str(self.definition)
        return text % self.definition_params() if self.definition_params else text

    def value(self, period: Period) -> int:
        return sum(rs.count(period) for rs in self.record_sets)

    def record_set(self, slug: str | None) -> RecordSet:
        """The set named `slug`, or the first when it names none of them."""
        for rs in self.record_sets:
            if rs.slug == slug:
                return rs
        return self.record_sets[0]

    @property
    def dimensions(self) -> list[str]:
        return [d for d in DIMENSIONS if any(d in rs.breakdown_fields for rs in self.record_sets)]


def years(period: Period) -> list[Period]:
    """The period cut at each new year (a breakdown by year counts each part on its own)."""
    parts = []
    for year in range(period.start.year, period.end.year + 1):
        start = max(period.start, dt.date(year, 1, 1))
        end = min(period.end, dt.date(year, 12, 31))
        parts.append(Period(start, end))
    return parts
