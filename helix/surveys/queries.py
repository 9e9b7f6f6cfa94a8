"""Querysets for the surveys pages."""

from helix.network.permissions import acting_organisation_ids

from .models import Response


def responses_of_my_organisations(user):
    """Responses of the organisations the user represents, newest campaign first."""
    return (
        Response.objects.filter(organisation_id__in=acting_organisation_ids(user))
        .select_related("campaign", "organisation")
        .order_by("-campaign__created_at", "organisation__name")
    )
