"""API of the strategy analyses: coverage and countries are public aggregates (counts only); the expansion
ranking and the partner network are staff only (`permissions_strategy`)."""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.utils.translation import pgettext
from ninja import Field, Query, Router, Schema

from helix.apitokens.auth import signed_in
from helix.core.api import Count, Id, ShortText
from helix.core.errors import HelixError
from helix.network.models import Topic
from helix.territory.models import Region

from .period import Period
from .permissions_strategy import can_view_expansion, can_view_partners
from .strategy import countries as country_queries
from .strategy import partners
from .strategy.coverage import countries_with_subdivisions, coverage
from .strategy.expansion import level_for, ranking
from .strategy.network_analysis import Goal
from .strategy.scoring import Weights

router = Router(tags=["strategy"])


class PeriodIn(Schema):
    from_: str = Field("", alias="from", max_length=30, description="first day, YYYY-MM-DD (default: 1 January)")
    to: str = Field("", max_length=30, description="last day, YYYY-MM-DD (default: today)")


class RegionCoverageOut(Schema):
    id: int
    code: int | None
    iso_code: str
    name: str
    population: int
    events: int
    wheels: int
    cohorts: int
    activities: int
    actors: int
    municipalities: int
    municipalities_reached: int
    open_challenges: int
    maturity: float | None = Field(None, description="mean diagnostic score 0–4; null without diagnostics")


class CommuneCoverageOut(Schema):
    cut: int
    name: str
    region_id: int
    population: int
    activities: int
    actors: int
    reached: int
    open_challenges: int


class CoverageOut(Schema):
    country: str
    period: dict[str, str]
    totals: dict[str, int]
    regions: list[RegionCoverageOut]
    communes: list[CommuneCoverageOut] = []


class CountryOut(Schema):
    country: str
    name: str
    members: int
    partners: int
    agreements: int
    subdivisions: int


class RankedOut(Schema):
    rank: int
    id: int | None = Field(..., description="the region's id, or the commune's CUT code (none for a country)")
    code: str | None = Field(None, description="the country's ISO 3166-1 alpha-2 code (level country)")
    name: str
    score: float
    need: float
    opportunity: float
    cost: float
    components: dict[str, float]
    distance_km: float | None


class ScenarioOut(Schema):
    key: str
    label: str
    ids: list[int]
    codes: list[str] = Field(default_factory=list, description="the countries' codes (level country)")
    figures: dict[str, int]


class ExpansionOut(Schema):
    country: str
    level: str
    weights: dict[str, int]
    ranking: list[RankedOut]
    scenarios: list[ScenarioOut]


class PartnerOut(Schema):
    id: int
    name: str
    sector: str
    links: int
    betweenness: float
    sectors_reached: list[str]


class PlacedOut(Schema):
    id: int
    name: str
    sector: str
    points: float
    reasons: list[dict]


class PartnersOut(Schema):
    organisations: int
    links: int
    most_connected: list[PartnerOut]
    bridges: list[PartnerOut]
    isolated_count: int
    isolated: list[dict]
    best_placed: list[PlacedOut]


def _country(code: str) -> str:
    code = (code or "CL").upper()
    if code not in countries_with_subdivisions():
        raise HelixError(
            pgettext("strategy", "No subdivisions are loaded for the country %(code)s."),
            code="unknown_country",
            params={"code": code[:8]},
        )
    return code


@router.get("/coverage", response=CoverageOut, summary="Territorial coverage of a country over a period (public)")
def get_coverage(
    request, dates: Query[PeriodIn], country: ShortText = "CL", level: Literal["region", "commune"] = "region"
):
    period = Period.parse(dates.from_, dates.to)
    data = coverage(period, _country(country))
    return {**data, "communes": data["communes"] if level == "commune" else []}


@router.get("/countries", response=list[CountryOut], summary="Countries where the network has members (public)")
def get_countries(request):
    return country_queries.countries()


WEIGHT_MAX = 10


def _weight(raw: int, name: str) -> int:
    if not 0 <= raw <= WEIGHT_MAX:
        raise HelixError(
            pgettext("strategy", "Each weight is a whole number from 0 to 10."),
            code="invalid_weight",
            field_errors={f"w_{name}": pgettext("strategy", "Each weight is a whole number from 0 to 10.")},
        )
    return raw


@router.get(
    "/expansion",
    response=ExpansionOut,
    auth=signed_in,
    summary="Expansion ranking of regions, communes or countries (staff)",
)
def get_expansion(
    request,
    dates: Query[PeriodIn],
    country: ShortText = "CL",
    level: Literal["region", "commune", "country"] = "region",
    w_need: Count = 5,
    w_opportunity: Count = 5,
    w_cost: Count = 5,
):
    if not can_view_expansion(request.user):
        raise PermissionDenied
    values = {"need": _weight(w_need, "need"), "opportunity": _weight(w_opportunity, "opportunity")}
    values["cost"] = _weight(w_cost, "cost")
    period = Period.parse(dates.from_, dates.to)
    code = _country(country)
    level = level_for(level, code)
    ranked, plans = ranking(period, code, Weights(**values), level)
    by_country = level == "country"
    return {
        "country": code,
        "level": level,
        "weights": values,
        "ranking": [
            {
                "rank": s.rank,
                "id": None if by_country else int(s.candidate.key),
                "code": s.candidate.key if by_country else None,
                "name": s.candidate.name,
                "score": s.score,
                "need": s.need,
                "opportunity": s.opportunity,
                "cost": s.cost,
                "components": {key: round(value, 4) for key, value in s.parts.items()},
                "distance_km": round(s.distance_km, 1) if s.distance_km is not None else None,
            }
            for s in ranked
        ],
        "scenarios": [
            {
                "key": p.key,
                "label": p.label,
                "ids": [] if by_country else [int(c.key) for c in p.places],
                "codes": [c.key for c in p.places] if by_country else [],
                "figures": p.figures,
            }
            for p in plans
        ],
    }


@router.get("/partners", response=PartnersOut, auth=signed_in, summary="Partner network analysis (staff)")
def get_partners(request, region: Id | None = None, topic: Id | None = None):
    if not can_view_partners(request.user):
        raise PermissionDenied
    regions = set(Region.objects.filter(pk=region).values_list("pk", flat=True)) if region else set()
    topics = set(Topic.objects.filter(pk=topic).values_list("pk", flat=True)) if topic else set()
    return {**partners.overview(), "best_placed": partners.for_goal(Goal(frozenset(regions), frozenset(topics)))}
