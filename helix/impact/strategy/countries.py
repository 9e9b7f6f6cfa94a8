"""Where the network is, country by country: members, partners under agreement, agreements."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from helix.network.models import Agreement, Organisation
from helix.territory.countries import country_name
from helix.territory.models import Region

from .cache import cached


def active_agreements(today=None):
    """Agreements in force today: active and not past their end date."""
    today = today or timezone.localdate()
    return Agreement.objects.filter(status=Agreement.Status.ACTIVE).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )


def compute_countries() -> list[dict]:
    members = dict(Organisation.objects.values_list("country").annotate(n=Count("pk")).order_by())
    active = active_agreements()
    partners = dict(
        Organisation.objects.filter(agreements__in=active)
        .values_list("country")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    agreements = dict(active.values_list("parties__country").annotate(n=Count("pk", distinct=True)).order_by())
    subdivisions = dict(Region.objects.values_list("country").annotate(n=Count("pk")).order_by())
    codes = {code for code in (*members, *partners, *agreements, *subdivisions) if code}
    rows = [
        {
            "country": code,
            "name": country_name(code),
            "members": members.get(code, 0),
            "partners": partners.get(code, 0),
            "agreements": agreements.get(code, 0),
            "subdivisions": subdivisions.get(code, 0),
        }
        for code in codes
    ]
    # Chile first, then where the network is largest.
    return sorted(rows, key=lambda row: (row["country"] != "CL", -row["members"], row["name"]))


def countries() -> list[dict]:
    """Every country with members, partners, agreements or loaded subdivisions (cached)."""
    return cached("countries", (), compute_countries)


def country_regions(code: str) -> list[dict]:
    """A country's subdivisions with the organisations seated in each."""
    rows = (
        Region.objects.filter(country=code)
        .annotate(members=Count("organisations", distinct=True))
        .values("pk", "code", "iso_code", "name", "subdivision_type", "members")
    )
    return list(rows)
