"""Who may decide representation requests. Pure predicates; `domain.py` enforces them and raises."""

from __future__ import annotations

from helix.core.staff import is_staff
from helix.network.models import Membership
from helix.network.permissions import can_admin_organisation

from .queries import is_organisation_admin


def can_review_requests(user) -> bool:
    """Staff, and approved admins of at least one organisation, see the pending-requests page."""
    if user is None or not user.is_authenticated:
        return False
    return is_staff(user) or is_organisation_admin(user)


def can_decide_membership(user, membership: Membership) -> bool:
    """Staff, or an approved admin of the membership's organisation (never the applicant themself)."""
    if user is None or not user.is_authenticated:
        return False
    if membership.person.user_id is not None and membership.person.user_id == user.pk:
        return is_staff(user)
    return can_admin_organisation(user, membership.organisation_id)


def can_appoint_admin(user) -> bool:
    """Only staff approve an applicant as their organisation's admin."""
    return is_staff(user)
