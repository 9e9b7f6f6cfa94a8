"""Lookups shared by the wheel views (404 for unknown ids, 403 for foreign records)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import Participant, Wheel
from ..permissions import can_act_for_participant, can_manage_wheel


def managed_wheel(request, pk: int) -> Wheel:
    wheel = get_object_or_404(Wheel.objects.select_related("event"), pk=pk)
    if not can_manage_wheel(request.user, wheel):
        raise PermissionDenied
    return wheel


def own_participant(request, pk: int) -> Participant:
    participant = get_object_or_404(Participant.objects.select_related("organisation", "wheel", "wheel__event"), pk=pk)
    if not can_act_for_participant(request.user, participant):
        raise PermissionDenied
    return participant


def int_or_404(value) -> int:
    """An id from a form or query string; 404 (not a 500) when it is not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None
