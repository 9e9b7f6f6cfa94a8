"""Figures are aggregated in the database: the number of queries does not grow with the records."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from helix.impact.figures import figure_rows, funnel
from helix.matching.models import Match
from tests.factories import EventFactory, OrganisationFactory, PersonFactory
from tests.factories.matching import ChallengeFactory, SolutionFactory

from .helpers import attend, held_meeting, this_period

pytestmark = pytest.mark.django_db


def add_story(staff_user):
    town, firm = OrganisationFactory(kind="municipality"), OrganisationFactory()
    challenge = ChallengeFactory(organisation=town)
    match = Match.objects.create(
        challenge=challenge, solution=SolutionFactory(provider=firm), score=0.5, computed_at=timezone.now()
    )
    held_meeting(staff_user, town, firm, match=match)
    attend(EventFactory(starts_at=timezone.now()), PersonFactory(), organisation=town)


def count_queries() -> int:
    with CaptureQueriesContext(connection) as captured:
        figure_rows(this_period())
        funnel(this_period())
    return len(captured)


def test_query_count_does_not_grow(staff_user, settings):
    settings.HELIX_IMPACT_REGION_THRESHOLD = 1  # a region is activated in both cases (no empty IN () shortcut)
    add_story(staff_user)
    count_queries()  # warm: lookups cached per process (content types, site) are not the figures' cost
    one = count_queries()
    for _ in range(3):
        add_story(staff_user)
    assert count_queries() == one
    assert one <= 25


def test_served_pages_read_the_cache(client, staff_user, django_assert_max_num_queries):
    from django.core.cache import cache

    cache.clear()
    add_story(staff_user)
    client.get("/impact/")
    with django_assert_max_num_queries(2):  # the data version and the manual figures
        assert client.get("/impact/").status_code == 200
    client.get("/api/impact/figures/actors_connected/breakdown")
    with django_assert_max_num_queries(1):
        assert client.get("/api/impact/figures/actors_connected/breakdown").status_code == 200
