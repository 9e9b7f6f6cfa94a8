from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from helix.core.collation import spanish_order

from . import queries
from .maps import region_choropleth
from .models import Commune, Region


def region_map(request):
    regions = list(queries.regions_with_counts())
    chart = region_choropleth(regions, value_attr="n_organisations", label=_("Organisations"))
    return render(request, "territory/map.html", {"regions": regions, "chart": chart})


def region_detail(request, code: int):
    region = get_object_or_404(Region, code=code)
    communes = queries.communes_with_counts(region)
    return render(request, "territory/region.html", {"region": region, "communes": communes})


def commune_detail(request, cut: int):
    commune = get_object_or_404(Commune.objects.select_related("region"), cut=cut)
    organisations = spanish_order(commune.organisations.all(), "name")[:50]
    experts = spanish_order(commune.people.filter(public_profile=True), "last_name", "first_name")[:30]
    context = {"commune": commune, "organisations": organisations, "experts": experts}
    return render(request, "territory/commune.html", context)
