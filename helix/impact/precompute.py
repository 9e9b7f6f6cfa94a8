"""Background precompute of what is expensive to serve (issue 9): the figures and funnel of the usual
periods with their comparison year, the dashboard's charts, coverage and expansion candidates, and the
partner graph's analyses and the partner index any goal is answered from — for the current data version.

Every value goes through the same `cached` the pages use, keyed by the data version, so a precomputed
value is served while no write has happened since; after a write the pages compute what they need
themselves (cheap figures in well under a second) until this run, enqueued by the bump, has caught up.
While writes are constant, a value whose version moved during its computation is also served for later
versions as long as its data are recent enough for the 5 s rule (`figures.cache`); this run always
computes for its own version, so it keeps those values fresh.
"""

from __future__ import annotations

import datetime as dt
import time

from django.conf import settings
from django.utils import timezone, translation

from .figures import overview
from .figures.cache import current_version, exact_versions, forget_other_versions
from .period import Period

# Calendar years before this one whose figures are precomputed (the report's usual periods).
PAST_YEARS = 2


def usual_periods(today: dt.date | None = None) -> list[Period]:
    """This year so far (every page's default) and the last full years."""
    today = today or timezone.localdate()
    periods = [Period.default(today)]
    for year in range(today.year - 1, today.year - 1 - PAST_YEARS, -1):
        periods.append(Period(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    return periods


def _figures(version: str, periods: list[Period]) -> None:
    from .figures.dashboard import dashboard_data

    for period in periods:  # the numbers, once for every language: the public page, the API, the report
        overview(period, version=version)
        overview(period.previous_year(), version=version)
    for code, _name in settings.LANGUAGES:  # the dashboard's charts are drawn in each language
        with translation.override(code):
            for period in periods:
                dashboard_data(period, version=version)


def _strategy(periods: list[Period]) -> None:
    from .strategy import partners
    from .strategy.countries import countries
    from .strategy.coverage import coverage
    from .strategy.expansion import LEVELS, candidates

    for period in periods[:2]:  # this year and last: the pages' default and the usual comparison
        coverage(period, "CL")
        for level in LEVELS:
            candidates(period, "CL", level)
    countries()
    partners.overview()
    partners.index()  # what any goal (regions and topics) is answered from


def precompute(*, today: dt.date | None = None) -> dict:
    """Compute and keep the usual figures and strategy results for the current data version, then drop
    what was kept for older versions and can no longer be served. Returns the version, whether it is
    still current, and the seconds."""
    started = time.perf_counter()
    version = current_version()
    periods = usual_periods(today)
    with exact_versions():  # computed for this version even while a recent value of an earlier one is served
        _figures(version, periods)
        _strategy(periods)
    now_current = current_version()
    still_current = now_current == version
    forget_other_versions(now_current)  # also while writes are constant: what can no longer be served
    return {"version": version, "current": still_current, "seconds": round(time.perf_counter() - started, 3)}
