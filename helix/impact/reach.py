"""Which municipalities a challenge of theirs took somewhere, as the coverage map reads it: the same set the
impact figure "municipalities with access to new solutions" counts (``figures.sources``), so the map and the
figure never disagree."""

from __future__ import annotations

from .figures.sources import municipalities_reached as _figure_municipalities
from .period import Period


def municipalities_reached(period: Period, country: str | None = None) -> set[int]:
    """Primary keys of the municipalities with a challenge that, within the period, reached a held meeting
    (wheel or direct), a pilot or an agreement. `country` (ISO alpha-2) limits it to that country's."""
    municipalities = _figure_municipalities(period)
    if country:
        municipalities = municipalities.filter(country=country.upper())
    return set(municipalities.values_list("pk", flat=True))
