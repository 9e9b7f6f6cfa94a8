"""The events demo seed: deterministic, realistic and consistent with the domain's invariants."""

import io
import random

import pytest
from django.db.models import Count, Q

from helix.certificates.models import Certificate
from helix.core.seats import HOLDING
from helix.demo import events as demo
from helix.events.models import Attendance, Commitment, Event, Registration
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_seed_creates_consistent_events():
    for _i in range(60):
        MembershipFactory()
    for _i in range(5):
        PersonFactory(public_profile=True)
    counts = demo.seed(rng=random.Random(1), scale=1, stdout=io.StringIO())
    assert counts["events"] == len(demo.EVENTS) and counts["registrations"] > 100 and counts["commitments"] >= 5
    congress = Event.objects.get(title__startswith="Congreso Ciudades Inteligentes 20")  # the edition's year
    assert congress.commune.cut == 13101 and congress.sessions.count() == 6 and congress.is_multi_day
    assert Event.objects.filter(kind="technical_table").values("commune__region").distinct().count() >= 3
    for event in Event.objects.annotate(
        holding=Count("registrations", filter=Q(registrations__status__in=HOLDING)),
        waiting=Count("registrations", filter=Q(registrations__status="waiting")),
    ):
        if event.capacity is not None:
            assert event.holding <= event.capacity
            if event.waiting:
                assert event.holding == event.capacity
        positions = sorted(
            Registration.objects.filter(event=event, status="waiting").values_list("position", flat=True)
        )
        assert positions == list(range(1, len(positions) + 1))
    workshop = Event.objects.get(title="Taller de datos abiertos municipales")
    assert workshop.registrations.filter(status="waiting").exists()
    assert not Attendance.objects.exclude(registration__status="confirmed").exists()
    assert Attendance.objects.filter(registration__event__kind="fair").exists()
    assert Commitment.objects.filter(status="open").exists() and Commitment.objects.filter(status="done").exists()
    # Past events (not fairs) gave their checked-in attendees an attendance certificate.
    assert counts["certificates"] == Certificate.objects.filter(kind="attendance").count() > 0
    assert not Certificate.objects.filter(title__startswith="Feria").exists()


def test_seed_is_deterministic():
    for _i in range(40):
        MembershipFactory()
    demo.seed(rng=random.Random(7), scale=1)
    first = list(Registration.objects.order_by("event__title", "email").values_list("event__title", "email", "status"))
    Certificate.objects.all().delete()  # attendance certificates point at the events generically
    Event.objects.all().delete()
    demo.seed(rng=random.Random(7), scale=1)
    again = list(Registration.objects.order_by("event__title", "email").values_list("event__title", "email", "status"))
    assert first == again


def test_seed_works_on_an_empty_directory():
    counts = demo.seed(rng=random.Random(1), scale=1)
    assert counts["events"] == len(demo.EVENTS) and counts["registrations"] == 0
