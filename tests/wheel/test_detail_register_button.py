"""The wheel page offers "Inscribir una organización" only to whom it leads somewhere: organisers,
visitors (asked to sign in) and representatives with an organisation not registered yet."""

import pytest
from django.urls import reverse

from helix.wheel.models import Side
from tests.factories.wheel import WheelFactory, represented

pytestmark = pytest.mark.django_db

BUTTON = ">Inscribir una organización</a>"


def test_the_register_button_only_when_it_leads_somewhere(client, staff_client):
    wheel = WheelFactory()
    url = reverse("wheel:detail", args=[wheel.pk])
    assert BUTTON in client.get(url).content.decode()  # a visitor: signs in, then registers
    assert BUTTON in staff_client.get(url).content.decode()
    _participant, user = represented(wheel, Side.BUYER)
    client.force_login(user)
    page = client.get(url).content.decode()
    assert "Tu participación" in page and BUTTON not in page  # their only organisation is registered
