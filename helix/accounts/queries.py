"""Querysets for the accounts pages."""

from django.db.models import QuerySet

from helix.network.models import Membership


def pending_requests_for(user) -> QuerySet[Membership]:
    """Pending representation requests the user may decide: all for staff, their organisations' for admins."""
    qs = Membership.objects.filter(status=Membership.Status.PENDING).select_related(
        "person", "person__user", "organisation"
    )
    if not user.is_staff:
        admin_of = Membership.objects.filter(
            person__user=user, status=Membership.Status.APPROVED, role=Membership.Role.ADMIN
        ).values("organisation_id")
        qs = qs.filter(organisation_id__in=admin_of).exclude(person__user=user)
    return qs.order_by("created_at", "pk")


def is_organisation_admin(user) -> bool:
    """Whether the user is an approved admin of at least one organisation."""
    return Membership.objects.filter(
        person__user=user, role=Membership.Role.ADMIN, status=Membership.Status.APPROVED
    ).exists()
