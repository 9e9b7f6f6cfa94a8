"""Mi Helix for staff: the queue's queries do not grow with representation requests, wheels and offers."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from helix.core.seats import SeatStatus
from helix.network.models import Membership
from helix.wheel.models import Wheel
from tests.factories import OrganisationFactory
from tests.factories.events_extra import RegistrationFactory
from tests.factories.network import MembershipFactory
from tests.factories.wheel import ParticipantFactory, WheelFactory

pytestmark = pytest.mark.django_db


def _add(n: int, start: int) -> None:
    for i in range(start, start + n):
        MembershipFactory(organisation=OrganisationFactory(), status=Membership.Status.PENDING)
        wheel = WheelFactory(
            date=timezone.localdate() + dt.timedelta(days=5), name=f"Rueda {i}", status=Wheel.Status.CLOSED
        )
        ParticipantFactory(wheel=wheel)
        RegistrationFactory(
            event__title=f"Taller {i}",
            status=SeatStatus.OFFERED,
            offer_expires_at=timezone.now() - dt.timedelta(hours=3),
        )


def test_staff_queue_query_count_does_not_grow(client, staff_user, django_assert_max_num_queries):
    client.force_login(staff_user)
    client.get(reverse("home:mine"))  # warm the session
    # Each list shows at most LIMIT (5) rows; past that, one COUNT says how many requests wait in all.
    _add(6, 0)
    with django_assert_max_num_queries(30) as few:
        page = client.get(reverse("home:mine")).content.decode()
    assert "6 solicitudes de representación" in page
    _add(10, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("home:mine")).content.decode()
    assert "16 solicitudes de representación" in page and "Rueda 0</a>" in page and "Taller 0</a>" in page
