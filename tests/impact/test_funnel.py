"""The challenge funnel: cumulative stages, conversions and median days, by hand."""

import datetime as dt

import pytest
from django.utils import timezone

from helix.impact.figures import funnel
from helix.impact.figures.funnel_math import summarise
from helix.matching.models import Challenge, Match, Outcome
from tests.factories import OrganisationFactory
from tests.factories.matching import ChallengeFactory, SolutionFactory

from .helpers import held_meeting, this_period

D = dt.date(2026, 3, 1)


def test_summarise_is_cumulative_with_conversion_and_medians():
    reached = {
        1: {"published": D, "matched": D + dt.timedelta(days=4), "meetings_held": D + dt.timedelta(days=10)},
        2: {"published": D, "matched": D + dt.timedelta(days=2)},
        3: {"published": D, "solved": D + dt.timedelta(days=90)},  # solved with no record of the steps between
        4: {"published": D},
    }
    rows = summarise(reached)
    assert [(row["stage"], row["count"]) for row in rows] == [
        ("published", 4),
        ("matched", 3),
        ("meetings_held", 2),
        ("pilots_agreements", 1),
        ("solved", 1),
    ]
    assert [row["conversion"] for row in rows] == [None, 0.75, 0.6667, 0.5, 1.0]
    assert [row["median_days"] for row in rows] == [None, 3.0, 6.0, None, None]


def test_summarise_empty():
    assert [(row["count"], row["conversion"]) for row in summarise({})] == [(0, None)] * 5


@pytest.mark.django_db
def test_funnel_from_records(staff_user):
    town, firm = OrganisationFactory(kind="municipality"), OrganisationFactory()
    met = ChallengeFactory(organisation=town)
    match = Match.objects.create(
        challenge=met,
        solution=SolutionFactory(provider=firm),
        score=0.8,
        computed_at=timezone.now(),
        state=Match.State.INTERESTED,
    )
    held_meeting(staff_user, town, firm, match=match)
    solved = ChallengeFactory(organisation=town, status=Challenge.Status.SOLVED)
    Outcome.objects.create(challenge=solved, kind=Outcome.Kind.SOLVED, date=timezone.localdate())
    ChallengeFactory(organisation=town)
    ChallengeFactory(organisation=town, status=Challenge.Status.DRAFT)  # not published
    rows = funnel(this_period())
    assert [(row["label"], row["count"]) for row in rows] == [
        ("Desafíos publicados", 3),
        ("Con una solución vinculada", 2),
        ("Reuniones realizadas", 2),
        ("Pilotos o convenios", 1),
        ("Resueltos", 1),
    ]
    assert rows[2]["median_days"] == 0.0
