"""Organisers register an organisation found by searching the directory (no CSV needed)."""

import pytest
from django.urls import reverse

from helix.network.models import Organisation
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
    assert f"/wheels/{wheel.pk}/register/?organisation={free.pk}" in body and ">Inscribir</a>" in body


def test_inscribir_opens_the_form_with_the_organisation_chosen_and_registers_it(staff_client):
    wheel = WheelFactory()
    org = OrganisationFactory(name="Fundación Ciudad Abierta")
    url = reverse("wheel:register", args=[wheel.pk])
    page = staff_client.get(url, {"organisation": org.pk})
    assert page.context["form"]["organisation"].value() == str(org.pk)
    body = page.content.decode()
    # A searchable field (tom-select over core:autocomplete), not a slug to type nor a select of every organisation.
    assert 'data-autocomplete="/autocomplete/organisations/"' in body
    assert 'data-placeholder="Escribe para buscar…"' in body
    assert f'<option value="{org.pk}" selected>Fundación Ciudad Abierta</option>' in body
    assert "slug" not in body
    slots = [s.pk for s in wheel.slots.all()]
    staff_client.post(url, {"organisation": org.pk, "side": "buyer", "slots": slots})
    assert Participant.objects.get(wheel=wheel).organisation == org


def test_an_organisation_already_registered_is_refused_in_spanish(staff_client):
    wheel = WheelFactory()
    taken = ParticipantFactory(wheel=wheel)
    slots = [s.pk for s in wheel.slots.all()]
    url = reverse("wheel:register", args=[wheel.pk])
    page = staff_client.post(url, {"organisation": taken.organisation.pk, "side": "buyer", "slots": slots})
    assert "Esa organización no está en el directorio, o ya está inscrita." in page.content.decode()
    assert staff_client.get(url, {"organisation": "no-es-un-id"}).status_code == 200


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


def test_search_query_count_does_not_grow_with_the_results(staff_client, django_assert_max_num_queries):
    wheel = WheelFactory()
    url = reverse("wheel:organisation_search", args=[wheel.pk])

    def count(n):
        for i in range(n):
            OrganisationFactory(name=f"Cooperativa Agua {n}-{i}")
        with django_assert_max_num_queries(20) as captured:
            body = staff_client.get(url, {"q": "cooperativa agua"}).content.decode()
        assert body.count(">Inscribir</a>") == Organisation.objects.count()
        return len(captured.captured_queries)

    assert count(2) == count(6)
