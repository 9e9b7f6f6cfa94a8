"""Organisers find an organisation in the directory and register it on the wheel (issue 12 §3).

The search answers htmx with a short list, each with an “Inscribir” button that opens the
registration form with that organisation chosen; registering stays the domain's
(``registration.register_participant``), through the existing register view.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from helix.network.queries import search_organisations

from .common import managed_wheel

RESULTS = 15


@login_required
def organisation_search(request, pk: int):
    wheel = managed_wheel(request, pk)
    q = request.GET.get("q", "").strip()[:100]
    found = []
    if len(q) >= 2:
        found = list(
            search_organisations(q=q).exclude(wheel_participations__wheel=wheel).select_related("commune")[:RESULTS]
        )
    return render(request, "wheel/_org_search_results.html", {"wheel": wheel, "found": found, "q": q})
