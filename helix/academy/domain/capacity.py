"""Changing the seats of a cohort: the only way, from the staff pages and the admin."""

from __future__ import annotations

from helix.core import seats

from ..models import Cohort
from ..permissions import can_change_capacity
from .enrolment import ENROLMENT_SEATS


def set_cohort_capacity(*, actor, cohort_id: int, capacity: int | None, now=None) -> Cohort:
    """Set a cohort's capacity (``None``: unlimited). In the same transaction, under the cohort's
    lock, the seats it frees are offered to the waiting list in arrival order; those people are
    e-mailed once it commits. Raises PermissionDenied, or HelixError ``invalid_capacity``."""
    return seats.set_capacity(
        actor=actor, spec=ENROLMENT_SEATS, pk=cohort_id, capacity=capacity, allowed=can_change_capacity, now=now
    )
