"""Organisations and people as searchable lists (the directory holds thousands of each)."""

from helix.core.autocomplete import register

from .permissions import can_find_private_people
from .queries import search_organisations, search_people


def search_directory_organisations(user, term: str):
    """Organisations matching the term: the directory is public, so everyone may search it."""
    return search_organisations(q=term).only("pk", "name")


def search_directory_people(user, term: str):
    """People matching the term: staff see everyone in the directory, others only public profiles."""
    return search_people(q=term, public_only=not can_find_private_people(user)).only("pk", "first_name", "last_name")


register("organisations", search=search_directory_organisations)
register("people", search=search_directory_people)
