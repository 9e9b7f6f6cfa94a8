"""Territorial coverage: per region (and, in Chile, per commune) the activities held, the actors present,
the municipalities reached out of the total, open challenges and diagnostic maturity. Public aggregates
only: counts, never the records behind them. Results are plain dicts, cached per country and period."""

from __future__ import annotations

from collections import Counter, defaultdict
from statistics import mean

from django.db.models import Count
from django.db.models.functions import Coalesce, ExtractYear

from helix.academy.models import Cohort
from helix.events.models import Event
from helix.matching.models import Challenge
from helix.network.models import Organisation
from helix.network.models.organisations import OrganisationKind, Sector
from helix.surveys.models import Response
from helix.territory.models import Commune, Region
from helix.wheel.models import Wheel

from ..figures.records import event_region
from ..period import Period
from ..reach import municipalities_reached
from .cache import cached

OPEN_CHALLENGES = (Challenge.Status.OPEN, Challenge.Status.IN_PROGRESS)
PUBLIC_EVENTS = (Event.Status.PUBLISHED,)
DRAFT_WHEEL = Wheel.Status.DRAFT


def countries_with_subdivisions() -> list[str]:
    """ISO codes of the countries whose subdivisions are loaded, Chile first."""
    codes = set(Region.objects.values_list("country", flat=True).distinct())
    return sorted(codes, key=lambda code: (code != "CL", code))


def _pairs(rows) -> tuple[Counter, Counter]:
    """Counts by region and by commune from rows of (region_id, commune_id, n)."""
    by_region, by_commune = Counter(), Counter()
    for region_id, commune_id, n in rows:
        if region_id:
            by_region[region_id] += n
        if commune_id:
            by_commune[commune_id] += n
    return by_region, by_commune


def _activities(period: Period) -> dict[str, tuple[Counter, Counter]]:
    first, after = period.bounds()
    events = (
        Event.objects.filter(status__in=PUBLIC_EVENTS, starts_at__gte=first, starts_at__lt=after)
        .values_list(event_region(), "commune_id")
        .annotate(n=Count("pk"))
    )
    wheels = (
        Wheel.objects.exclude(status=DRAFT_WHEEL)
        .filter(date__gte=period.start, date__lte=period.end)
        .values_list(event_region("event__"), "event__commune_id")
        .annotate(n=Count("pk"))
    )
    cohorts = (
        Cohort.objects.filter(starts_on__lte=period.end, ends_on__gte=period.start)
        .values_list("commune__region_id", "commune_id")
        .annotate(n=Count("pk"))
    )
    return {"events": _pairs(events), "wheels": _pairs(wheels), "cohorts": _pairs(cohorts)}


def _actors() -> tuple[Counter, Counter]:
    rows = Organisation.objects.values_list(Coalesce("region_id", "commune__region_id"), "commune_id").annotate(
        n=Count("pk")
    )
    return _pairs(rows)


def _open_challenges() -> tuple[Counter, Counter]:
    rows = (
        Challenge.objects.filter(status__in=OPEN_CHALLENGES)
        .values_list(Coalesce("region_id", "commune__region_id"), "commune_id")
        .annotate(n=Count("pk"))
    )
    return _pairs(rows)


def _maturity() -> dict[int, float]:
    """Mean overall diagnostic score (0–4) per region: each organisation's latest submitted response."""
    latest: dict[int, tuple] = {}
    rows = Response.objects.filter(status=Response.Status.SUBMITTED).values_list(
        "organisation_id",
        Coalesce("organisation__region_id", "organisation__commune__region_id"),
        "submitted_at",
        "scores",
    )
    for org_id, region_id, submitted_at, scores in rows:
        overall = (scores or {}).get("overall")
        if region_id is None or overall is None:
            continue
        if org_id not in latest or (submitted_at and latest[org_id][1] and submitted_at > latest[org_id][1]):
            latest[org_id] = (region_id, submitted_at, float(overall))
    by_region = defaultdict(list)
    for region_id, _when, overall in latest.values():
        by_region[region_id].append(overall)
    return {region_id: round(mean(values), 2) for region_id, values in by_region.items()}


maturity_by_region = _maturity  # expansion ranks countries by their regions' maturity


def compute_coverage(period: Period, country: str = "CL") -> dict:
    """Coverage of one country over the period (uncached; see `coverage`)."""
    country = country.upper()
    regions = list(Region.objects.filter(country=country))
    region_ids = {r.pk for r in regions}
    activities = _activities(period)
    actors_r, actors_c = _actors()
    open_r, open_c = _open_challenges()
    maturity = _maturity()
    reached_ids = municipalities_reached(period, country)
    reached = list(
        Organisation.objects.filter(pk__in=reached_ids).values_list(
            Coalesce("region_id", "commune__region_id"), "commune_id"
        )
    )
    reached_r = Counter(region_id for region_id, _c in reached if region_id)
    reached_communes = {commune_id for _r, commune_id in reached if commune_id}
    communes = list(
        Commune.objects.filter(region_id__in=region_ids).values("pk", "cut", "name", "region_id", "population")
    )
    if country == "CL":  # every commune is a municipality
        municipalities = Counter(c["region_id"] for c in communes)
    else:
        municipalities = Counter(
            Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY, region_id__in=region_ids)
            .values_list("region_id", flat=True)
            .iterator()
        )

    def activity(kind: str, level: int, key: int) -> int:
        return activities[kind][level][key]

    region_rows = []
    for r in regions:
        counts = {kind: activity(kind, 0, r.pk) for kind in activities}
        region_rows.append(
            {
                "id": r.pk,
                "code": r.code,
                "iso_code": r.iso_code,
                "name": r.name,
                "population": r.population,
                **counts,
                "activities": sum(counts.values()),
                "actors": actors_r[r.pk],
                "municipalities": municipalities[r.pk],
                "municipalities_reached": reached_r[r.pk],
                "open_challenges": open_r[r.pk],
                "maturity": maturity.get(r.pk),
            }
        )
    commune_rows = [
        {
            "cut": c["cut"],
            "name": c["name"],
            "region_id": c["region_id"],
            "population": c["population"],
            "activities": sum(activity(kind, 1, c["pk"]) for kind in activities),
            "actors": actors_c[c["pk"]],
            "reached": int(c["pk"] in reached_communes),
            "open_challenges": open_c[c["pk"]],
        }
        for c in communes
    ]
    totals = {
        key: sum(row[key] for row in region_rows)
        for key in ("activities", "actors", "municipalities", "municipalities_reached", "open_challenges")
    }
    totals["regions_with_activity"] = sum(1 for row in region_rows if row["activities"])
    return {
        "country": country,
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "regions": region_rows,
        "communes": commune_rows,
        "totals": totals,
        "has_maturity": bool(maturity) and any(row["maturity"] is not None for row in region_rows),
    }


def coverage(period: Period, country: str = "CL") -> dict:
    """Cached `compute_coverage`: reflects every write at once (see `strategy.cache`)."""
    country = country.upper()
    return cached("coverage", (country, period.start, period.end), lambda: compute_coverage(period, country))


def compute_region_card(region: Region) -> dict:
    """A region's card: population, municipalities, actors by sector and activity per year (all years)."""
    sectors = dict(Organisation.objects.filter(region=region).values_list("sector").annotate(n=Count("pk")).order_by())
    years: dict[int, Counter] = defaultdict(Counter)
    sources = {
        "events": Event.objects.filter(status__in=PUBLIC_EVENTS)
        .annotate(place=event_region())
        .filter(place=region.pk)
        .annotate(year=ExtractYear("starts_at"))
        .values_list("year")
        .annotate(n=Count("pk")),
        "wheels": Wheel.objects.exclude(status=DRAFT_WHEEL)
        .annotate(place=event_region("event__"))
        .filter(place=region.pk)
        .annotate(year=ExtractYear("date"))
        .values_list("year")
        .annotate(n=Count("pk")),
        "cohorts": Cohort.objects.filter(commune__region=region)
        .annotate(year=ExtractYear("starts_on"))
        .values_list("year")
        .annotate(n=Count("pk")),
    }
    for kind, rows in sources.items():
        for year, n in rows.order_by():
            years[year][kind] += n
    return {
        "id": region.pk,
        "sectors": [
            {"sector": value, "label": str(label), "count": sectors.get(value, 0)} for value, label in Sector.choices
        ],
        "years": [{"year": year, **{k: years[year][k] for k in sources}} for year in sorted(years)],
        "communes": region.communes.count(),
        "population": region.population or sum(region.communes.values_list("population", flat=True)),
    }


def region_card(region: Region) -> dict:
    return cached("region", (region.pk,), lambda: compute_region_card(region))
