"""Organisers register an organisation found by searching the directory (no CSV needed)."""

import pytest
from django.urls import reverse

from helix.wheel.models import Participant
from tests.factories import OrganisationFactory, UserFactory
from tests.factories.wheel import ParticipantFactory, WheelFactory

pytestmark = pytest.mark.django_db


def test_search_lists_unregistered_organisations_with_an_inscribir_button(staff_client):
    wheel = WheelFactory()
    free = OrganisationFactory(name="Cooperativa Agua Limpia Ñuble")
    taken = ParticipantFactory(wheel=wheel, organisation=OrganisationFactory(name="Agua Limpia Registrada"))
    page = staff_client.get(reverse("wheel:organisation_search", args=[wheel.pk]), {"q": "agua limpia"})
    body = page.content.decode()
    assert free.name in body and taken.organisation.name not in body
    assert f"/wheels/{wheel.pk}/register/?organisation={free.slug}" in body and ">Inscribir</a>" in body


def test_inscribir_opens_the_form_with_the_organisation_chosen_and_registers_it(staff_client):
    wheel = WheelFactory()
    org = OrganisationFactory(name="Fundación Ciudad Abierta")
    url = reverse("wheel:register", args=[wheel.pk])
    form = staff_client.get(url, {"organisation": org.slug}).context["form"]
    assert form["organisation"].value() == org.slug
    slots = [s.pk for s in wheel.slots.all()]
    staff_client.post(url, {"organisation": org.slug, "side": "buyer", "slots": slots})
    assert Participant.objects.get(wheel=wheel).organisation == org


def test_short_queries_and_outsiders(client, staff_client):
    wheel = WheelFactory()
    url = reverse("wheel:organisation_search", args=[wheel.pk])
    assert "Escribe al menos dos letras." in staff_client.get(url, {"q": "a"}).content.decode()
    client.force_login(UserFactory())
    assert client.get(url, {"q": "agua"}).status_code == 403


def test_participants_page_shows_the_search(staff_client):
    wheel = WheelFactory()
    body = staff_client.get(reverse("wheel:participants", args=[wheel.pk])).content.decode()
    assert "Busca en el directorio una organización para inscribir" in body
