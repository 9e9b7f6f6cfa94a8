"""Concurrent writes never double-book a table or a participant (real row locks: PostgreSQL only).

Transactional tests flush the data migrations' communes, hence organisations without a commune."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from helix.wheel.domain import dayof
from helix.wheel.domain import requests as requests_domain
from helix.wheel.models import Meeting, MeetingRequest, Side, Wheel
from tests.factories import UserFactory
from tests.factories.wheel import ParticipantFactory, WheelFactory, represented

# A thread that dies (a deadlock, say) fails the test instead of passing with a warning.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning"),
]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locking")


def _race(*calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, fn):
        from django.db import connections

        barrier.wait()
        try:
            results[i] = fn()
        except ValidationError as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_organisers_cannot_put_two_meetings_at_one_table():
    staff = UserFactory(is_staff=True)
    wheel = WheelFactory(tables=1)
    slot = wheel.slots.first()
    a, b, c, d = (
        ParticipantFactory(wheel=wheel, side=s, organisation__commune=None)
        for s in ("buyer", "supplier", "buyer", "supplier")
    )
    results = _race(
        lambda: dayof.create_meeting(user=staff, wheel=wheel, a=a, b=b, slot=slot, table=1, status="scheduled"),
        lambda: dayof.create_meeting(user=staff, wheel=wheel, a=c, b=d, slot=slot, table=1, status="scheduled"),
    )
    assert sum(isinstance(r, Meeting) for r in results) == 1
    assert Meeting.objects.filter(slot=slot).count() == 1


def test_one_participant_cannot_be_seated_twice_in_a_slot():
    staff = UserFactory(is_staff=True)
    wheel = WheelFactory(tables=4)
    slot = wheel.slots.first()
    a = ParticipantFactory(wheel=wheel, side=Side.BUYER, organisation__commune=None)
    b, c = (ParticipantFactory(wheel=wheel, side=Side.SUPPLIER, organisation__commune=None) for _ in range(2))
    results = _race(
        lambda: dayof.create_meeting(user=staff, wheel=wheel, a=a, b=b, slot=slot, table=1, status="scheduled"),
        lambda: dayof.create_meeting(user=staff, wheel=wheel, a=a, b=c, slot=slot, table=2, status="scheduled"),
    )
    assert sum(isinstance(r, Meeting) for r in results) == 1
    assert a.seats.filter(slot=slot).count() == 1


def test_concurrent_answers_serialise():
    wheel = WheelFactory(mode=Wheel.Mode.CONFIRM)
    sender, _ = represented(wheel, Side.BUYER, organisation__commune=None)
    invited, user = represented(wheel, Side.SUPPLIER, organisation__commune=None)
    req = MeetingRequest.objects.create(wheel=wheel, from_participant=sender, to_participant=invited, priority="like")
    results = _race(
        lambda: requests_domain.answer(user=user, request=req, accept=True),
        lambda: requests_domain.answer(user=user, request=req, accept=False),
    )
    req.refresh_from_db()
    assert req.status in ("accepted", "declined")
    assert all(isinstance(r, MeetingRequest) for r in results)


def test_both_sides_recording_agreement_at_once_make_one_agreement():
    from django.utils import timezone

    from helix.matching.models import Match
    from helix.network.models import Agreement
    from helix.wheel.domain.outcomes import record_outcome
    from tests.factories.matching import ChallengeFactory, SolutionFactory

    staff = UserFactory(is_staff=True)
    wheel = WheelFactory()
    town, town_user = represented(wheel, Side.BUYER, organisation__commune=None)
    firm, firm_user = represented(wheel, Side.SUPPLIER, organisation__commune=None)
    match = Match.objects.create(
        challenge=ChallengeFactory(organisation=town.organisation, commune=None),
        solution=SolutionFactory(provider=firm.organisation),
        score=0.5,
        computed_at=timezone.now(),
    )
    request = MeetingRequest.objects.create(
        wheel=wheel, from_participant=town, to_participant=firm, priority="must", source_match=match
    )
    meeting = dayof.create_meeting(
        user=staff, wheel=wheel, a=town, b=firm, slot=wheel.slots.first(), table=1, status="scheduled"
    )
    Meeting.objects.filter(pk=meeting.pk).update(request=request)
    meeting.refresh_from_db()
    _race(
        lambda: record_outcome(user=town_user, meeting=meeting, participant=town, outcome="agreement"),
        lambda: record_outcome(user=firm_user, meeting=meeting, participant=firm, outcome="agreement"),
    )
    assert Agreement.objects.count() == 1
    assert Agreement.objects.get().meeting_id == meeting.pk
