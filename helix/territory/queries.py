from django.db.models import Count, QuerySet

from .models import Commune, Region


def regions_with_counts() -> QuerySet[Region]:
    return Region.objects.filter(country="CL").annotate(
        n_communes=Count("communes", distinct=True), n_organisations=Count("organisations", distinct=True)
    )


def communes_with_counts(region: Region) -> QuerySet[Commune]:
    return region.communes.annotate(n_organisations=Count("organisations")).order_by("name")
