from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import queries


@login_required
def mine(request):
    """Mi Helix: what concerns the signed-in person, each block with a link to act on it."""
    return render(request, "home/mine.html", {"mine": queries.my_helix(request.user)})
