"""Issue 11, row 6: months at the edges of the date type do not make the calendar a 500."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

MONTHS_ES = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "10000-01", "-1-01", "2026-13", "99999999999999999999-1"])
def test_out_of_range_month_shows_the_current_month(client, month):
    EventFactory(title="Encuentro de hoy", starts_at=timezone.now())
    response = client.get(reverse("events:calendar"), {"month": month})
    assert response.status_code == 200
    today = timezone.localdate()
    assert f"· {MONTHS_ES[today.month - 1]} {today.year}</h1>" in response.content.decode().lower()


def test_a_far_but_valid_month_is_shown(client):
    response = client.get(reverse("events:calendar"), {"month": "2999-12"})
    assert response.status_code == 200
    assert "· diciembre 2999</h1>" in response.content.decode().lower()
