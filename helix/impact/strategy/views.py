"""Strategy pages: coverage (public aggregates), countries; expansion and partners are staff only."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import pgettext, pgettext_lazy

from helix.core.errors import HelixError
from helix.core.staff import staff_required
from helix.territory.countries import country_name, subdivision_type_label
from helix.territory.models import Region

from ..period import Period
from . import countries as country_queries
from .coverage import countries_with_subdivisions, coverage, region_card
from .expansion import ranking
from .maps import LEVELS, METRICS, activity_chart, coverage_map
from .scoring import Weights

WEIGHT_LABELS = {
    "need": pgettext_lazy("strategy", "Need"),
    "opportunity": pgettext_lazy("strategy", "Opportunity"),
    "cost": pgettext_lazy("strategy", "Cost of presence"),
}


def read_period(request) -> tuple[Period, HelixError | None]:
    """The requested period, or the default one and the error to show."""
    try:
        return Period.from_request(request), None
    except HelixError as error:
        return Period.default(), error


def _coverage_context(request) -> dict:
    period, error = read_period(request)
    available = countries_with_subdivisions()
    country = (request.GET.get("country") or "CL").upper()
    if country not in available:
        country = "CL"
    metric = request.GET.get("metric") if request.GET.get("metric") in METRICS else "activities"
    level = request.GET.get("level") if request.GET.get("level") in LEVELS else "region"
    data = coverage(period, country)
    return {
        "period": period,
        "period_error": error,
        "country": country,
        "countries": [(code, country_name(code)) for code in available],
        "metric": metric,
        "metrics": METRICS.items(),
        "level": level,
        "levels": LEVELS.items(),
        "data": data,
        "chart": coverage_map(data, metric=metric, level=level),
    }


def coverage_page(request):
    context = _coverage_context(request)
    template = "impact/strategy/_coverage_body.html" if request.htmx else "impact/strategy/coverage.html"
    return render(request, template, context)


def coverage_map_fragment(request):
    """The map with its totals alone: embeddable with hx-get (the host page loads plotly.min.js)."""
    return render(request, "impact/strategy/_coverage_map.html", _coverage_context(request))


def coverage_region(request, pk: int):
    region = get_object_or_404(Region, pk=pk)
    period, error = read_period(request)
    row = next((r for r in coverage(period, region.country)["regions"] if r["id"] == region.pk), None)
    card = region_card(region)
    context = {
        "region": region,
        "row": row,
        "card": card,
        "period": period,
        "period_error": error,
        "chart": activity_chart(card["years"], div_id=f"region-activity-{region.pk}"),
    }
    return render(request, "impact/strategy/region.html", context)


def countries_page(request):
    return render(request, "impact/strategy/countries.html", {"countries": country_queries.countries()})


def country_page(request, code: str):
    code = code.upper()
    row = next((c for c in country_queries.countries() if c["country"] == code), None)
    if row is None:
        raise Http404
    regions = country_queries.country_regions(code)
    for region in regions:
        region["type_label"] = subdivision_type_label(region["subdivision_type"])
    return render(request, "impact/strategy/country.html", {"row": row, "regions": regions})


WEIGHT_FIELDS = ("need", "opportunity", "cost")
DEFAULT_WEIGHT = 5
MAX_WEIGHT = 10


def read_weights(request) -> tuple[Weights, dict[str, int], str | None]:
    """Slider values 0–10 from ?w_need=&w_opportunity=&w_cost= (the default where absent or invalid)."""
    values, bad = {}, False
    for name in WEIGHT_FIELDS:
        raw = request.GET.get(f"w_{name}")
        try:
            value = DEFAULT_WEIGHT if raw in (None, "") else int(raw)
        except ValueError:
            value, bad = DEFAULT_WEIGHT, True
        if not 0 <= value <= MAX_WEIGHT:
            value, bad = DEFAULT_WEIGHT, True
        values[name] = value
    error = pgettext("strategy", "Each weight is a whole number from 0 to 10.") if bad else None
    return Weights(**values), values, error


@staff_required
def expansion_page(request):
    period, period_error = read_period(request)
    available = countries_with_subdivisions()
    country = (request.GET.get("country") or "CL").upper()
    if country not in available:
        country = "CL"
    weights, values, weight_error = read_weights(request)
    ranked, plans = ranking(period, country, weights)
    context = {
        "period": period,
        "period_error": period_error,
        "weight_error": weight_error,
        "country": country,
        "countries": [(code, country_name(code)) for code in available],
        "weights": [(name, WEIGHT_LABELS[name], values[name]) for name in WEIGHT_FIELDS],
        "ranked": ranked,
        "plans": plans,
    }
    template = "impact/strategy/_expansion_body.html" if request.htmx else "impact/strategy/expansion.html"
    return render(request, template, context)
