from django.db.models import Count, QuerySet

from helix.core.collation import spanish_order

from .models import Commune, Region


def regions_with_counts() -> QuerySet[Region]:
    return (
        Region.objects.filter(country="CL")
        .annotate(n_communes=Count("communes", distinct=True), n_organisations=Count("organisations", distinct=True))
        .order_by("north_south_order", "code")
    )  # the region table runs north to south


def communes_with_counts(region: Region) -> QuerySet[Commune]:
    return spanish_order(region.communes.annotate(n_organisations=Count("organisations")), "name")
