"""The demo's past three years of events, written in bulk: plausible, in the past, countable by the impact
figures, and ids that leave the database's own sequence right for the next writes."""

import datetime as dt
import random

import pytest
from django.db.models import Count

from helix.core.seats import SeatStatus
from helix.demo import history
from helix.demo.dates import anchored
from helix.events.models import Attendance, Event, Registration, Speaker
from helix.impact.figures import BY_KEY
from helix.impact.period import Period
from tests.factories import EventFactory
from tests.factories.network import MembershipFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 5)


@pytest.fixture
def directory(db):
    for i in range(60):
        MembershipFactory(person__email=f"persona{i}@example.cl", status="approved")


def test_past_events_with_registrations_check_ins_and_speakers(directory):
    with anchored(TODAY):
        counts = history.seed(rng=random.Random(1), scale=1)
    events = Event.objects.all()
    assert counts["past events"] == history.EVENTS_PER_SCALE == events.count()
    assert all(TODAY - dt.timedelta(days=3 * 365) <= e.starts_at.date() < TODAY for e in events)
    assert all((e.region_id is None) == (e.commune_id is None) for e in events)  # in person: its own region
    assert counts["registrations"] == Registration.objects.count() > 0
    assert counts["attendance"] == Attendance.objects.count() > 0
    assert counts["speakers"] == Speaker.objects.count()
    # Nobody registered twice to one event; only confirmed registrations checked in.
    assert not Registration.objects.values("event", "email").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert not Attendance.objects.exclude(registration__status=SeatStatus.CONFIRMED).exists()
    # The impact figures count them.
    last_year = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert BY_KEY["actors_connected"].value(last_year) > 0
    # The next event the platform creates gets a new id (the sequence moved past the written ones).
    assert EventFactory().pk > max(e.pk for e in events)
