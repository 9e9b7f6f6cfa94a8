"""Changing the seats of a cohort: the only way, from the staff pages and the admin."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from helix.core import seats

from ..models import Cohort
from ..permissions import can_change_capacity
from .enrolment import ENROLMENT_SEATS, _notify_promoted


def set_cohort_capacity(*, actor, cohort_id: int, capacity: int | None, now: dt.datetime | None = None) -> Cohort:
    """Set a cohort's capacity (``None``: unlimited). In the same transaction, under the cohort's
    lock, seats it frees are offered to the waiting list in arrival order and those people are
    e-mailed once it commits. Raises PermissionDenied, or HelixError ``invalid_capacity``."""
    cohort = Cohort.objects.get(pk=cohort_id)
    if not can_change_capacity(actor, cohort):
        raise PermissionDenied
    seats.check_capacity(capacity)
    change = seats.change_capacity(
        spec=ENROLMENT_SEATS,
        holder_qs=Cohort.objects.filter(pk=cohort_id),
        capacity=capacity,
        now=now or timezone.now(),
    )
    _notify_promoted(change)
    return change.holder
