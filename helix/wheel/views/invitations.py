"""Invitations of matched providers: sent from a challenge's matches, answered on the wheel's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helix.matching.models import Match

from ..domain import invitations
from ..models import Invitation, Wheel
from .common import int_or_404


@login_required
@require_POST
def invite(request, match: int):
    """From the challenge page: invite the match's provider to the chosen wheel."""
    found = get_object_or_404(Match.objects.select_related("challenge__organisation", "solution__provider"), pk=match)
    wheel = get_object_or_404(Wheel.objects.select_related("event"), pk=int_or_404(request.POST.get("wheel")))
    try:
        invitations.invite(actor=request.user, match=found, wheel=wheel)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(org)s is invited to %(wheel)s.") % {"org": found.solution.provider.name, "wheel": wheel.name},
        )
    return redirect(found.challenge)


@login_required
@require_POST
def answer(request, pk: int):
    invitation = get_object_or_404(Invitation.objects.select_related("wheel", "organisation"), pk=pk)
    try:
        if request.POST.get("answer") == "accept":
            participant = invitations.accept_invitation(actor=request.user, invitation=invitation)
        else:
            invitations.decline_invitation(actor=request.user, invitation=invitation)
            messages.success(request, _("Invitation declined."))
            return redirect(invitation.wheel)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(invitation.wheel)
    messages.success(
        request,
        _("%(org)s is registered; the meeting request is in your requests.") % {"org": invitation.organisation.name},
    )
    return redirect("wheel:requests", participant.pk)
