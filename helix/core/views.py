from django.shortcuts import render

from helix.core import queries


def home(request):
    return render(request, "core/home.html", {"figures": queries.home_figures()})
