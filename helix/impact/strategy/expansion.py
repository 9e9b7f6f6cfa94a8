"""The expansion ranking's data: each region of a country as a scoring `Candidate`, from the coverage
figures, the organisations seated there and the region's centroid (from the territory app's shapes)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import cache

from django.contrib.staticfiles import finders
from django.db.models import Count
from django.db.models.functions import Coalesce
from django.utils.translation import pgettext_lazy

from helix.network.models import Organisation
from helix.network.models.organisations import OrganisationKind, Sector

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
    "deepen": pgettext_lazy("strategy", "Deepen in the central regions"),
    "open": pgettext_lazy("strategy", "Open two new regions"),
}


@cache
def region_centroids() -> dict[int, tuple[float, float]]:
    """(lat, lon) of each Chilean region: the mean vertex of its largest polygon."""
    path = finders.find("territory/chile_regions.geojson")
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
        centroids[int(feature["properties"]["region_code"])] = (round(lat, 4), round(lon, 4))
    return centroids


def _organisations_by_region() -> dict[str, Counter]:
    region = Coalesce("region_id", "commune__region_id")
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


def compute_candidates(period: Period, country: str = "CL") -> list[Candidate]:
    data = coverage(period, country)
    orgs = _organisations_by_region()
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


def candidates(period: Period, country: str = "CL") -> list[Candidate]:
    country = country.upper()
    return cached("candidates", (country, period.start, period.end), lambda: compute_candidates(period, country))


@dataclass(frozen=True)
class Plan:
    key: str
    label: str
    places: list[Candidate]
    figures: dict


def scenarios(ranked: list[Scored], codes: dict[str, int | None]) -> list[Plan]:
    """The two plans side by side: the central regions, and the two best-ranked regions without activity."""
    central = [s.candidate for s in ranked if codes.get(s.candidate.key) in CENTRAL_REGIONS]
    new = [s.candidate for s in ranked if s.candidate.activities == 0][:NEW_REGIONS]
    return [
        Plan("deepen", str(SCENARIOS["deepen"]), central, scenario(central)),
        Plan("open", str(SCENARIOS["open"]), new, scenario(new)),
    ]


def ranking(period: Period, country: str, weights: Weights) -> tuple[list[Scored], list[Plan]]:
    places = candidates(period, country)
    ranked = score(places, weights)
    codes = {str(row["id"]): row["code"] for row in coverage(period, country)["regions"]}
    return ranked, scenarios(ranked, codes)
