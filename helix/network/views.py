from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from .models import Organisation, Person


def directory(request):
    organisations = Organisation.objects.select_related("commune", "region").order_by("name")
    page = Paginator(organisations, 25).get_page(request.GET.get("page"))
    return render(request, "network/directory.html", {"page": page})


def organisation_detail(request, slug: str):
    organisation = get_object_or_404(Organisation.objects.select_related("commune", "region"), slug=slug)
    return render(request, "network/organisation.html", {"organisation": organisation})


def person_detail(request, pk: int):
    person = get_object_or_404(Person, pk=pk, public_profile=True)
    return render(request, "network/person.html", {"person": person})
