"""Wheel settings are checked when entered: slot bounds, same-day slots, registration window."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from helix.wheel.domain.settings_check import wheel_settings_errors
from helix.wheel.models import Wheel

pytestmark = pytest.mark.django_db


def data(event, **changes):
    return {
        "event": event.pk,
        "name": "Rueda Agua",
        "date": "2027-05-20",
        "start_time": "09:00",
        "slot_minutes": 20,
        "slot_count": 12,
        "tables": 10,
        "audience": "any_to_any",
        "mode": "collect",
        "status": "draft",
        **changes,
    }


def post(staff_client, **changes):
    from tests.factories import EventFactory

    response = staff_client.post(reverse("wheel:create"), data(EventFactory(), **changes))
    return response, response.context["form"].errors if response.status_code == 200 else None


def test_huge_slots_are_refused_on_the_slot_length_field(staff_client):
    response, errors = post(staff_client, slot_minutes=100000)
    # The form's bound (helix.core.bounds) answers first; the settings check covers the same limit for other callers.
    assert errors["slot_minutes"] == ["Este valor debe ser menor o igual que 240."]
    assert not Wheel.objects.exists()


def test_slots_running_past_midnight_are_refused(staff_client):
    # 23:00 + 12 × 20 min ends at 03:00 the next day: two slots would share a clock time.
    _, errors = post(staff_client, start_time="23:00")
    assert errors["slot_count"] == [
        "Los bloques deben terminar el mismo día: con este inicio, duración y pausas, el último termina después de "
        "medianoche."
    ]


def test_registration_window_after_the_wheel_is_refused(staff_client):
    _, errors = post(staff_client, registration_opens_at="2027-05-21T09:00", registration_closes_at="2027-05-22T09:00")
    assert errors["registration_opens_at"] == ["La inscripción debe abrir antes de que se realice la rueda."]
    assert errors["registration_closes_at"] == ["La inscripción debe cerrar antes de que comience el primer bloque."]


def test_good_settings_create_the_wheel_and_its_slots(staff_client):
    response, _ = post(
        staff_client, registration_opens_at="2027-05-01T09:00", registration_closes_at="2027-05-19T18:00"
    )
    assert response.status_code == 302
    wheel = Wheel.objects.get()
    assert wheel.slots.count() == 12


def test_breaks_count_towards_the_end_of_the_day():
    common = {"date": dt.date(2027, 1, 5), "slot_minutes": 60, "slot_count": 4}
    assert wheel_settings_errors(start_time=dt.time(19, 0), breaks=[], **common) == {}
    with timezone.override("America/Santiago"):
        errors = wheel_settings_errors(start_time=dt.time(19, 0), breaks=[{"after": 2, "minutes": 90}], **common)
    assert set(errors) == {"slot_count"}
