"""The organisations staff pick on a challenge or a solution, as searchable lists (issue 12 §8):
public bodies own challenges, organisations with solutions provide them."""

from django.db.models import Exists, OuterRef

from helix.core.autocomplete import register
from helix.network.models.organisations import Sector
from helix.network.queries import search_organisations

from .models import Solution


def search_public_bodies(user, term: str):
    """Government organisations matching the term (the directory is public)."""
    return search_organisations(q=term, sector=Sector.GOVERNMENT).only("pk", "name")


def search_providers(user, term: str):
    """Organisations with at least one solution, matching the term."""
    offers = Solution.objects.filter(provider=OuterRef("pk"))
    return search_organisations(q=term).filter(Exists(offers)).only("pk", "name")


register("public_bodies", search=search_public_bodies)
register("providers", search=search_providers)
