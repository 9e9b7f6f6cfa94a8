"""Bad input never produces a 500: unknown ids → 404, forbidden → 403, invalid data → explained."""

import pytest
from django.test import Client
from django.urls import reverse

from helix.network.models import Membership
from helix.wheel.domain import dayof
from helix.wheel.models import MeetingRequest, Side
from tests.factories import MembershipFactory, PersonFactory, UserFactory
from tests.factories.wheel import ParticipantFactory, WheelFactory

pytestmark = pytest.mark.django_db

GARBAGE = [
    {},
    {
        "priority": "x",
        "answer": "maybe",
        "status": "exploded",
        "locked": "2",
        "slot": "abc",
        "time_limit": "-5",
        "a": "zz",
        "b": "999999",
        "table": "0",
        "token": "..",
        "outcome": "?",
    },
]


@pytest.fixture
def world(staff_user):
    wheel = WheelFactory()
    b = ParticipantFactory(wheel=wheel, side=Side.BUYER)
    s = ParticipantFactory(wheel=wheel, side=Side.SUPPLIER)
    m = dayof.create_meeting(
        user=staff_user, wheel=wheel, a=b, b=s, slot=wheel.slots.first(), table=1, status="scheduled"
    )
    r = MeetingRequest.objects.create(wheel=wheel, from_participant=b, to_participant=s, priority="like")
    return wheel, b, s, m, r


def _post_urls(wheel, b, s, m, r):
    return [
        reverse("wheel:register", args=[wheel.pk]),
        reverse("wheel:mark", args=[b.pk, s.pk]),
        reverse("wheel:answer", args=[r.pk]),
        reverse("wheel:schedule", args=[wheel.pk]),
        reverse("wheel:publish", args=[wheel.pk]),
        reverse("wheel:manage_requests", args=[wheel.pk]),
        reverse("wheel:lock", args=[m.pk]),
        reverse("wheel:meeting_status", args=[m.pk]),
        reverse("wheel:checkin", args=[wheel.pk]),
        reverse("wheel:no_show", args=[b.pk]),
        reverse("wheel:walk_ins", args=[wheel.pk]),
        reverse("wheel:outcome", args=[b.pk, m.pk]),
        reverse("wheel:import_json", args=[wheel.pk]),
        reverse("wheel:import_table", args=[wheel.pk]),
        reverse("wheel:edit", args=[wheel.pk]),
        reverse("wheel:edit_registration", args=[b.pk]),
    ]


@pytest.mark.parametrize("payload", GARBAGE)
def test_garbage_posts_never_500(staff_client, world, payload):
    for url in _post_urls(*world):
        response = staff_client.post(url, payload)
        assert response.status_code < 500, url


def test_unknown_ids_are_404(staff_client):
    for name, args in [
        ("detail", [999]),
        ("dashboard", [999]),
        ("agenda", [999]),
        ("browse", [999]),
        ("run", [999]),
        ("board", [999]),
        ("checkin", [999]),
    ]:
        assert staff_client.get(reverse(f"wheel:{name}", args=args)).status_code == 404, name
    assert staff_client.get("/api/wheels/999/agendas").status_code == 404


def test_event_organiser_admin_manages_only_their_wheels(world):
    wheel, *_ = world
    other_wheel = WheelFactory()
    from tests.factories import OrganisationFactory

    organiser = OrganisationFactory(name="Corporación Organizadora")
    wheel.event.organiser = organiser
    wheel.event.save()
    user = UserFactory()
    MembershipFactory(
        person=PersonFactory(user=user, email=user.email),
        organisation=organiser,
        role=Membership.Role.ADMIN,
        status=Membership.Status.APPROVED,
    )
    client = Client()
    client.force_login(user)
    assert client.get(reverse("wheel:dashboard", args=[wheel.pk])).status_code == 200
    assert client.get(reverse("wheel:dashboard", args=[other_wheel.pk])).status_code == 403


def test_garbage_query_strings_never_500(staff_client, world):
    wheel, b, s, m, r = world
    params = {"q": "%%'\"<", "topic": "nope", "region": "abc", "sector": "x", "side": "y", "page": "-1", "slot": "z"}
    for url in [
        reverse("wheel:browse", args=[b.pk]),
        reverse("wheel:walk_ins", args=[wheel.pk]),
        reverse("wheel:checkin", args=[wheel.pk]),
        reverse("wheel:list"),
        reverse("wheel:manage_requests", args=[wheel.pk]),
        reverse("wheel:meetings", args=[wheel.pk]),
    ]:
        assert staff_client.get(url, params).status_code < 500, url
