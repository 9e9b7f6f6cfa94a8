"""The expansion ranking's data: each region of a country as a scoring `Candidate`, from the coverage
figures, the organisations seated there and the region's centroid (from the territory app's shapes)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import cache

from django.contrib.staticfiles import finders
from django.db.models import Count, F
from django.db.models.functions import Coalesce
from django.utils.translation import pgettext_lazy

from helix.network.models import Organisation
from helix.network.models.organisations import OrganisationKind, Sector
from helix.territory.models import Commune

from ..period import Period
from .cache import cached
from .countries import active_agreements
from .coverage import coverage
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
}
LEVELS = ("region", "commune")


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
    """Universities, companies and partners under an active agreement, by region id or commune id."""
    region = Coalesce("region_id", "commune__region_id") if level == "region" else F("commune_id")
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


def candidates(period: Period, country: str = "CL", level: str = "region") -> list[Candidate]:
    country = country.upper()
    level = level if level in LEVELS and country == "CL" else "region"
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
    central = [s.candidate for s in ranked if codes.get(s.candidate.key) in CENTRAL_REGIONS]
    new = [s.candidate for s in ranked if s.candidate.activities == 0][:NEW_REGIONS]
    labels = SCENARIOS[level]
    return [
        Plan("deepen", str(labels["deepen"]), central, scenario(central)),
        Plan("open", str(labels["open"]), new, scenario(new)),
    ]


def ranking(period: Period, country: str, weights: Weights, level: str = "region") -> tuple[list[Scored], list[Plan]]:
    """Places ranked best first, and the two scenarios."""
    level = level if level in LEVELS and country == "CL" else "region"
    places = candidates(period, country, level)
    ranked = score(places, weights)
    data = coverage(period, country)
    region_codes = {row["id"]: row["code"] for row in data["regions"]}
    if level == "commune":
        codes = {str(row["cut"]): region_codes.get(row["region_id"]) for row in data["communes"]}
    else:
        codes = {str(row_id): code for row_id, code in region_codes.items()}
    return ranked, scenarios(ranked, codes, level)
