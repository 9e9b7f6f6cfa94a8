"""The expansion ranking's data: each region of a country as a scoring `Candidate`, from the coverage
figures, the organisations seated there and the region's centroid (from the territory app's shapes)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import cache
from statistics import mean

from django.contrib.staticfiles import finders
from django.db.models import Count, F
from django.db.models.functions import Coalesce
from django.utils.translation import pgettext_lazy

from helix.academy.models import Cohort
from helix.events.models import Event
from helix.matching.models import Challenge
from helix.network.models import Organisation
from helix.network.models.organisations import OrganisationKind, Sector
from helix.territory.countries import country_name
from helix.territory.models import Commune, Region
from helix.wheel.models import Wheel

from ..period import Period
from . import latin_america
from .cache import cached
from .countries import active_agreements
from .coverage import DRAFT_WHEEL, OPEN_CHALLENGES, PUBLIC_EVENTS, coverage, maturity_by_region, municipalities_reached
from .scoring import Candidate, Scored, Weights, scenario, score

UNIVERSITIES = (OrganisationKind.UNIVERSITY, OrganisationKind.TECHNICAL_INSTITUTE, OrganisationKind.RESEARCH_CENTRE)
# "Deepen in the central regions": Valparaíso, Metropolitana, O'Higgins (CUT codes).
CENTRAL_REGIONS = (5, 13, 6)
NEW_REGIONS = 2

SCENARIOS = {
    "region": {
        "deepen": pgettext_lazy("strategy", "Deepen in the central regions"),
        "open": pgettext_lazy("strategy", "Open two new regions"),
    },
    "commune": {
        "deepen": pgettext_lazy("strategy", "Deepen in the communes of the central regions"),
        "open": pgettext_lazy("strategy", "Open two new communes"),
    },
    "country": {
        "deepen": pgettext_lazy("strategy", "Deepen in Chile"),
        "open": pgettext_lazy("strategy", "Open two new countries"),
    },
}
LEVELS = ("region", "commune", "country")
HOME = "CL"


def level_for(level: str | None, country: str) -> str:
    """The level asked for, where it exists: communes only in Chile; countries whatever the country."""
    if level == "country" or (level == "commune" and country == HOME):
        return level
    return "region"


@cache
def region_centroids() -> dict[int, tuple[float, float]]:
    """(lat, lon) of each Chilean region (by CUT code): the mean vertex of its largest polygon."""
    return _centroids("territory/chile_regions.geojson", "region_code")


@cache
def commune_centroids() -> dict[int, tuple[float, float]]:
    """(lat, lon) of each Chilean commune (by CUT code)."""
    return _centroids("territory/chile_communes.geojson", "cut")


def _centroids(static_path: str, key: str) -> dict[int, tuple[float, float]]:
    path = finders.find(static_path)
    if not path:
        return {}
    with open(path, encoding="utf-8") as fh:
        features = json.load(fh)["features"]
    centroids = {}
    for feature in features:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        ring = max((polygon[0] for polygon in polygons), key=len)
        lon = sum(point[0] for point in ring) / len(ring)
        lat = sum(point[1] for point in ring) / len(ring)
        centroids[int(feature["properties"][key])] = (round(lat, 4), round(lon, 4))
    return centroids


def _organisations_by(level: str) -> dict[str, Counter]:
    """Universities, companies and partners under an active agreement, by region id, commune id or country."""
    places = {"region": Coalesce("region_id", "commune__region_id"), "country": F("country")}
    region = places.get(level, F("commune_id"))
    rows = Organisation.objects.values_list(region, "sector", "kind").annotate(n=Count("pk")).order_by()
    universities, companies = Counter(), Counter()
    for region_id, sector, kind, n in rows:
        if kind in UNIVERSITIES:
            universities[region_id] += n
        if sector == Sector.COMPANY:
            companies[region_id] += n
    partners = Counter(
        dict(
            Organisation.objects.filter(agreements__in=active_agreements())
            .values_list(region)
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        )
    )
    return {"universities": universities, "companies": companies, "partners": partners}


def compute_candidates(period: Period, country: str = "CL", level: str = "region") -> list[Candidate]:
    if level == "country":
        return compute_country_candidates(period)
    data = coverage(period, country)
    if level == "commune":
        return _commune_candidates(data)
    orgs = _organisations_by("region")
    centroids = region_centroids() if country == "CL" else {}
    return [
        Candidate(
            key=str(row["id"]),
            name=row["name"],
            population=row["population"],
            maturity=row["maturity"],
            open_challenges=row["open_challenges"],
            municipalities=row["municipalities"],
            municipalities_reached=row["municipalities_reached"],
            partners=orgs["partners"][row["id"]],
            universities=orgs["universities"][row["id"]],
            companies=orgs["companies"][row["id"]],
            activities=row["activities"],
            centroid=centroids.get(row["code"]) if row["code"] else None,
        )
        for row in data["regions"]
    ]


def _commune_candidates(data: dict) -> list[Candidate]:
    """Chile's communes: each is one municipality; maturity is its region's."""
    orgs = _organisations_by("commune")
    ids = dict(Commune.objects.values_list("cut", "pk"))
    maturity = {row["id"]: row["maturity"] for row in data["regions"]}
    centroids = commune_centroids()
    result = []
    for row in data["communes"]:
        pk = ids.get(row["cut"])
        result.append(
            Candidate(
                key=str(row["cut"]),
                name=row["name"],
                population=row["population"],
                maturity=maturity.get(row["region_id"]),
                open_challenges=row["open_challenges"],
                municipalities=1,
                municipalities_reached=row["reached"],
                partners=orgs["partners"][pk],
                universities=orgs["universities"][pk],
                companies=orgs["companies"][pk],
                activities=row["activities"],
                centroid=centroids.get(row["cut"]),
            )
        )
    return result


def compute_country_candidates(period: Period) -> list[Candidate]:
    """Latin America's countries, and any other where the network has members or loaded subdivisions: the
    same components as a region's, counted over the country (activities where the event took place)."""
    orgs = _organisations_by("country")
    members = Counter(dict(Organisation.objects.values_list("country").annotate(n=Count("pk")).order_by()))
    regions = list(Region.objects.values_list("pk", "country", "population"))
    region_country = {pk: code for pk, code, _population in regions}
    codes = set(latin_america.COUNTRIES) | set(members) | set(region_country.values())
    populations: Counter = Counter()
    for _pk, code, population in regions:
        populations[code] += population
    maturity_by: dict[str, list[float]] = {}
    for region_id, value in maturity_by_region().items():
        maturity_by.setdefault(region_country.get(region_id), []).append(value)
    municipalities = Counter(
        dict(
            Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)
            .values_list("country")
            .annotate(n=Count("pk"))
            .order_by()
        )
    )
    municipalities[HOME] = max(municipalities[HOME], Commune.objects.count())  # every commune is one
    reached = Counter(
        Organisation.objects.filter(pk__in=municipalities_reached(period)).values_list("country", flat=True)
    )
    open_challenges = Counter(
        dict(
            Challenge.objects.filter(status__in=OPEN_CHALLENGES)
            .values_list("organisation__country")
            .annotate(n=Count("pk"))
            .order_by()
        )
    )
    activities = country_activities(period)
    return [
        Candidate(
            key=code,
            name=country_name(code),
            population=populations[code] or latin_america.population(code),
            maturity=round(mean(maturity_by[code]), 2) if maturity_by.get(code) else None,
            open_challenges=open_challenges[code],
            municipalities=municipalities[code],
            municipalities_reached=reached[code],
            partners=orgs["partners"][code],
            universities=orgs["universities"][code],
            companies=orgs["companies"][code],
            activities=activities[code],
            centroid=latin_america.capital(code),
        )
        for code in sorted(codes)
        if code
    ]


def country_activities(period: Period) -> Counter:
    """Events held, wheels run and cohorts taught in the period, by the country where they took place."""
    first, after = period.bounds()
    counts: Counter = Counter()
    events = Event.objects.filter(status__in=PUBLIC_EVENTS, starts_at__gte=first, starts_at__lt=after)
    wheels = Wheel.objects.exclude(status=DRAFT_WHEEL).filter(date__gte=period.start, date__lte=period.end)
    cohorts = Cohort.objects.filter(starts_on__lte=period.end, ends_on__gte=period.start)
    for queryset, path in ((events, "country"), (wheels, "event__country"), (cohorts, "commune__region__country")):
        for code, n in queryset.values_list(path).annotate(n=Count("pk")).order_by():
            counts[code or HOME] += n  # a cohort without a commune is one of Chile's (online)
    return counts


def candidates(period: Period, country: str = "CL", level: str = "region") -> list[Candidate]:
    country = country.upper()
    level = level_for(level, country)
    parts = (country, level, period.start, period.end)
    return cached("candidates", parts, lambda: compute_candidates(period, country, level))


@dataclass(frozen=True)
class Plan:
    key: str
    label: str
    places: list[Candidate]
    figures: dict


def scenarios(ranked: list[Scored], codes: dict[str, int | None], level: str = "region") -> list[Plan]:
    """The two plans side by side: the central regions (or their communes), and the two best-ranked places
    without activity. `codes` gives each candidate's region CUT code."""
    if level == "country":
        central = [s.candidate for s in ranked if s.candidate.key == HOME]
    else:
        central = [s.candidate for s in ranked if codes.get(s.candidate.key) in CENTRAL_REGIONS]
    new = [s.candidate for s in ranked if s.candidate.activities == 0][:NEW_REGIONS]
    labels = SCENARIOS[level]
    return [
        Plan("deepen", str(labels["deepen"]), central, scenario(central)),
        Plan("open", str(labels["open"]), new, scenario(new)),
    ]


def ranking(period: Period, country: str, weights: Weights, level: str = "region") -> tuple[list[Scored], list[Plan]]:
    """Places ranked best first, and the two scenarios."""
    level = level_for(level, country)
    places = candidates(period, country, level)
    ranked = score(places, weights)
    if level == "country":
        return ranked, scenarios(ranked, {}, level)
    data = coverage(period, country)
    region_codes = {row["id"]: row["code"] for row in data["regions"]}
    if level == "commune":
        codes = {str(row["cut"]): region_codes.get(row["region_id"]) for row in data["communes"]}
    else:
        codes = {str(row_id): code for row_id, code in region_codes.items()}
    return ranked, scenarios(ranked, codes, level)
