"""Issue 11, row 9: opening a scanned check-in link (GET) changes nothing; it shows a button that POSTs."""

import pytest
from django.urls import reverse

from helix.events.domain.tickets import ticket_code
from helix.events.models import Attendance
from helix.wheel.domain import dayof
from tests.factories import EventFactory
from tests.factories.events_extra import RegistrationFactory
from tests.factories.wheel import ParticipantFactory, WheelFactory

pytestmark = pytest.mark.django_db


def test_scanned_link_asks_before_checking_in(staff_client):
    wheel = WheelFactory()
    participant = ParticipantFactory(wheel=wheel, organisation__name="Empresa Escaneada")
    token = dayof.checkin_token(participant)
    url = reverse("wheel:checkin", args=[wheel.pk])

    page = staff_client.get(url, {"token": token}).content.decode()
    participant.refresh_from_db()
    assert participant.checked_in_at is None
    assert "¿Acreditar a Empresa Escaneada?" in page
    assert f'<input type="hidden" name="token" value="{token}">' in page
    assert "Confirmar acreditación" in page

    response = staff_client.post(url, {"token": token}, follow=True)
    participant.refresh_from_db()
    assert participant.checked_in_at is not None
    assert "Empresa Escaneada quedó acreditada." in response.content.decode()


def test_event_checkin_on_get_changes_nothing(staff_client):
    event = EventFactory()
    registration = RegistrationFactory(event=event)
    url = reverse("events:checkin", args=[event.slug])
    staff_client.get(url, {"code": ticket_code(registration.pk), "registration": registration.pk})
    assert not Attendance.objects.filter(registration=registration).exists()
