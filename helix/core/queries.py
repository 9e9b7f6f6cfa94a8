from django.db.models import Count, Q

from helix.network.models import Organisation, Person
from helix.network.models.organisations import OrganisationKind


def home_figures() -> dict:
    """Headline counts for the home page, in two queries."""
    orgs = Organisation.objects.aggregate(
        organisations=Count("id"),
        municipalities=Count("id", filter=Q(kind=OrganisationKind.MUNICIPALITY)),
        regions=Count("region", distinct=True),
    )
    return {**orgs, "people": Person.objects.count()}
