from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def profile(request):
    person = getattr(request.user, "person", None)
    memberships = person.memberships.select_related("organisation") if person else []
    return render(request, "accounts/profile.html", {"person": person, "memberships": memberships})
