"""Strategy pages: coverage (public aggregates), countries; expansion and partners are staff only."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import pgettext, pgettext_lazy

from helix.core.errors import HelixError
from helix.core.staff import staff_required
from helix.network.models import Organisation, Topic
from helix.network.models.organisations import Sector
from helix.territory.countries import country_name, subdivision_type_label
from helix.territory.models import Region

from ..period import Period
from . import countries as country_queries
from . import partners
from .coverage import countries_with_subdivisions, coverage, region_card
from .expansion import level_for, ranking
from .maps import LEVELS, METRICS, activity_chart, coverage_map
from .network_analysis import Goal
from .scoring import Weights

WEIGHT_LABELS = {
    "need": pgettext_lazy("strategy", "Need"),
    "opportunity": pgettext_lazy("strategy", "Opportunity"),
    "cost": pgettext_lazy("strategy", "Cost of presence"),
}


# Expansion ranks the map's levels and, beyond Chile, countries (issue 9 §5).
EXPANSION_LEVELS = {**LEVELS, "country": pgettext_lazy("strategy", "Countries")}


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
    level = level_for(request.GET.get("level"), country)
    ranked, plans = ranking(period, country, weights, level)
    context = {
        "period": period,
        "period_error": period_error,
        "weight_error": weight_error,
        "country": country,
        "countries": [(code, country_name(code)) for code in available],
        "weights": [(name, WEIGHT_LABELS[name], values[name]) for name in WEIGHT_FIELDS],
        "ranked": ranked,
        "plans": plans,
        "level": level,
        "levels": EXPANSION_LEVELS.items(),
    }
    template = "impact/strategy/_expansion_body.html" if request.htmx else "impact/strategy/expansion.html"
    return render(request, template, context)


# Goal zones of Chile by CUT region code (north to south).
ZONES = {
    "north": (pgettext_lazy("strategy", "The north"), partners.ZONE_CODES["north"]),
    "centre": (pgettext_lazy("strategy", "The centre"), partners.ZONE_CODES["centre"]),
    "south": (pgettext_lazy("strategy", "The south"), partners.ZONE_CODES["south"]),
}


def _reason_text(reason: dict, regions: dict[int, str], topics: dict[int, str]) -> str:
    code = reason["code"]
    if code == "seat":
        return pgettext("strategy", "Seated in %(region)s") % {"region": regions.get(reason["region"], "")}
    if code == "operates":
        return pgettext("strategy", "Operates in %(region)s") % {"region": regions.get(reason["region"], "")}
    if code == "topics":
        names = ", ".join(topics.get(t, "") for t in reason["topics"])
        return pgettext("strategy", "Works on %(topics)s") % {"topics": names}
    if code == "local_partners":
        return pgettext("strategy", "Linked to %(count)s organisations in the goal's territory") % {
            "count": reason["count"]
        }
    return pgettext("strategy", "%(count)s links in the network, across %(sectors)s sectors") % reason


def read_goal(request) -> tuple[Goal, dict]:
    """The goal from ?zone= (north/centre/south) or ?region= (a region's id) and ?topic= (a topic's id)."""
    regions: set[int] = set()
    zone = request.GET.get("zone", "")
    region_id = request.GET.get("region", "")
    topic_id = request.GET.get("topic", "")
    if zone in ZONES:
        regions |= set(Region.objects.filter(code__in=ZONES[zone][1]).values_list("pk", flat=True))
    if region_id.isdigit():
        regions |= set(Region.objects.filter(pk=int(region_id)).values_list("pk", flat=True))
    topics = set(Topic.objects.filter(pk=int(topic_id)).values_list("pk", flat=True)) if topic_id.isdigit() else set()
    return Goal(frozenset(regions), frozenset(topics)), {"zone": zone, "region": region_id, "topic": topic_id}


@staff_required
def partners_page(request):
    goal, chosen = read_goal(request)
    sectors = dict(Sector.choices)
    data = partners.overview()
    placed = partners.for_goal(goal)
    rows = [row for group in ("most_connected", "bridges", "isolated") for row in data[group]] + placed
    slugs = dict(Organisation.objects.filter(pk__in={row["id"] for row in rows}).values_list("pk", "slug"))
    for row in rows:
        row["sector_label"] = sectors.get(row["sector"], row["sector"])
        row["url"] = reverse("network:organisation", args=[slugs[row["id"]]]) if row["id"] in slugs else ""
    for row in data["most_connected"] + data["bridges"]:
        row["sectors_label"] = ", ".join(str(sectors.get(s, s)) for s in row["sectors_reached"])
    region_names = dict(Region.objects.values_list("pk", "name"))
    topic_names = {t.pk: t.name for t in Topic.objects.all()}
    for row in placed:
        row["reason_texts"] = [_reason_text(r, region_names, topic_names) for r in row["reasons"]]
    goal_asked = bool(chosen["zone"] or chosen["region"] or chosen["topic"])
    context = {
        "data": data,
        "placed": placed,
        "goal_asked": goal_asked,
        "goal_empty": goal_asked and not (goal.regions or goal.topics),
        "chosen": chosen,
        "zones": [(key, label) for key, (label, _codes) in ZONES.items()],
        "regions": Region.objects.filter(country="CL").values_list("pk", "name"),
        "topics": sorted(topic_names.items(), key=lambda item: item[1]),
    }
    template = "impact/strategy/_partners_goal.html" if request.htmx else "impact/strategy/partners.html"
    return render(request, template, context)
