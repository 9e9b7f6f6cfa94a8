"""Every list, board and dashboard: the number of queries must not grow with the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from helix.wheel.domain import dayof
from helix.wheel.domain.outcomes import record_outcome
from helix.wheel.models import MeetingRequest, Side, Wheel
from tests.factories import topic
from tests.factories.wheel import ParticipantFactory, WheelFactory, represented

pytestmark = pytest.mark.django_db


def _add_rows(wheel, me, staff_user, n):
    """n more counterparts, each with a request, a meeting (if a table is free), an outcome, a check-in."""
    slots = list(wheel.slots.all())
    for _ in range(n):
        other = ParticipantFactory(wheel=wheel, side=Side.SUPPLIER)
        other.organisation.topics.add(topic("water"), topic("energy"))
        MeetingRequest.objects.create(wheel=wheel, from_participant=me, to_participant=other, priority="must")
        MeetingRequest.objects.create(wheel=wheel, from_participant=other, to_participant=me, priority="like")
        used = set(me.seats.values_list("slot_id", flat=True))
        free = [s for s in slots if s.pk not in used]
        if free:
            m = dayof.create_meeting(
                user=staff_user, wheel=wheel, a=me, b=other, slot=free[0], table=1, status="scheduled"
            )
            record_outcome(user=staff_user, meeting=m, participant=other, outcome="follow_up")
        dayof.check_in(user=staff_user, participant=other)
    wheel.meetings.update(published=True)  # participants see published meetings only


def _count(client, url, **extra):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


PARTICIPANT_PAGES = ["wheel:browse", "wheel:requests", "wheel:agenda"]
ORGANISER_PAGES = [
    "wheel:dashboard",
    "wheel:manage_requests",
    "wheel:meetings",
    "wheel:participants",
    "wheel:board",
    "wheel:checkin",
    "wheel:walk_ins",
]


@pytest.mark.parametrize("name", PARTICIPANT_PAGES + ORGANISER_PAGES + ["api-agendas", "api-requests", "list"])
def test_query_count_does_not_grow(client, staff_user, name):
    wheel = WheelFactory(slot_count=6, tables=6, mode=Wheel.Mode.CONFIRM)
    me, user = represented(wheel, Side.BUYER)
    dayof.check_in(user=staff_user, participant=me)
    if name in ORGANISER_PAGES or name == "list":
        client.force_login(staff_user)
    else:
        client.force_login(user)
    extra = {}
    if name == "api-agendas":
        url = f"/api/wheels/{wheel.pk}/agendas"
    elif name == "api-requests":
        url = f"/api/wheels/participants/{me.pk}/requests"
    elif name == "list":
        url = reverse("wheel:list")
    elif name in PARTICIPANT_PAGES:
        url = reverse(name, args=[me.pk])
    else:
        url = reverse(name, args=[wheel.pk])
    if name == "wheel:walk_ins":
        url += f"?slot={wheel.slots.last().pk}"
    if name == "wheel:checkin":
        url += "?q=organiz"
    _add_rows(wheel, me, staff_user, 1)
    if name == "list":
        WheelFactory()
    one = _count(client, url, **extra)
    _add_rows(wheel, me, staff_user, 4)
    if name == "list":
        WheelFactory(), WheelFactory()
    several = _count(client, url, **extra)
    assert several == one, f"{name}: {one} queries with 1 row, {several} with 5"
    if name == "wheel:agenda":
        assert client.get(url).content.decode().count("/outcome/") >= 5  # the rows are really there


def test_direct_meetings_page_query_count_does_not_grow(client):
    """/wheels/direct/: one row per direct meeting, proposals to answer and held ones with outcomes."""
    import datetime as dt

    from django.utils import timezone

    from helix.matching.models import Match
    from helix.wheel.models import DirectMeeting, DirectMeetingOutcome
    from tests.factories import OrganisationFactory
    from tests.factories.matching import ChallengeFactory, SolutionFactory
    from tests.factories.network import representative_user

    town = OrganisationFactory(name="Municipalidad de Prueba")
    user = representative_user(town)
    client.force_login(user)
    now = timezone.now()

    def add_meetings(n):
        for _ in range(n):
            firm = OrganisationFactory()
            match = Match.objects.create(
                challenge=ChallengeFactory(organisation=town),
                solution=SolutionFactory(provider=firm),
                score=0.5,
                computed_at=now,
            )
            DirectMeeting.objects.create(
                match=match, proposer=firm, invitee=town, option_1=now + dt.timedelta(days=3), place="Sala 1"
            )
            held = DirectMeeting.objects.create(
                match=match,
                proposer=town,
                invitee=firm,
                option_1=now - dt.timedelta(days=2),
                starts_at=now - dt.timedelta(days=2),
                status=DirectMeeting.Status.CONFIRMED,
                place="Sala 2",
            )
            DirectMeetingOutcome.objects.create(meeting=held, organisation=town, outcome="follow_up")

    add_meetings(1)
    one = _count(client, reverse("wheel:direct_meetings"))
    add_meetings(3)
    assert _count(client, reverse("wheel:direct_meetings")) == one
