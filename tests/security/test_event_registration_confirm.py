"""Issue 11, row 4: an anonymous registration holds no seat and shows no ticket until it is confirmed
from the mailbox; a signed-in person's registration is tied to their account."""

import re

import pytest
from django.core import mail

from helix.events.domain import registration as domain
from helix.events.models import Registration
from tests.factories import EventFactory, PersonFactory, UserFactory
from tests.on_commit import committed

pytestmark = pytest.mark.django_db

CONFIRM_LINK = re.compile(r"https?://\S+(/events/confirm/\S+/)")


def post_registration(client, event, email, name="Atacante"):
    with committed():
        return client.post(event.get_absolute_url(), {"name": name, "email": email})


def test_anonymous_registration_for_someone_elses_email_gets_no_seat_nor_ticket(client):
    victim = UserFactory(email="representante@helix.demo")
    PersonFactory(user=victim, email="representante@helix.demo")
    event = EventFactory(capacity=10)
    response = post_registration(client, event, "representante@helix.demo")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enviamos un enlace a <strong>representante@helix.demo</strong>" in page
    assert "HX" not in page and "data:image/svg+xml" not in page
    assert not Registration.objects.exists()
    # The link went to the mailbox, not to the visitor.
    assert [m.to for m in mail.outbox] == [["representante@helix.demo"]]
    assert mail.outbox[0].subject == f"Confirma tu inscripción: {event.title}"


def test_the_mailbox_owner_confirms_and_gets_the_ticket(client):
    event = EventFactory(capacity=10)
    post_registration(client, event, "ana@example.cl", name="Ana Pérez")
    path = CONFIRM_LINK.search(mail.outbox[0].body).group(1)
    mail.outbox.clear()

    page = client.get(path).content.decode()
    assert "¿Inscribir a Ana Pérez en este evento?" in page
    assert not Registration.objects.exists()  # a GET never registers

    with committed():
        response = client.post(path)
    registration = Registration.objects.get()
    assert (registration.email, registration.name, registration.status) == ("ana@example.cl", "Ana Pérez", "confirmed")
    ticket_page = client.get(response["Location"]).content.decode()
    assert "data:image/svg+xml" in ticket_page
    assert mail.outbox[0].to == ["ana@example.cl"]

    # The link used again shows the same registration, never a second one.
    client.post(path)
    assert Registration.objects.count() == 1


def test_a_tampered_confirm_link_is_refused(client):
    event = EventFactory(capacity=10)
    post_registration(client, event, "ana@example.cl")
    path = CONFIRM_LINK.search(mail.outbox[0].body).group(1)
    tampered = path.replace("/events/confirm/", "/events/confirm/x")
    response = client.post(tampered)
    assert response.status_code == 400
    assert "Este enlace de confirmación no es válido o venció." in response.content.decode()
    assert not Registration.objects.exists()


def test_a_signed_in_registration_uses_the_accounts_email(client):
    user = UserFactory(email="propia@example.cl")
    event = EventFactory(capacity=10)
    client.force_login(user)
    with committed():
        response = client.post(event.get_absolute_url(), {"name": "Propia", "email": "otra@helix.demo"})
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert (registration.email, registration.user) == ("propia@example.cl", user)


def test_register_ties_a_signed_in_user_to_their_email():
    user = UserFactory(email="cuenta@example.cl")
    event = EventFactory(capacity=10)
    registration = domain.register(event_id=event.pk, name="X", email="ajena@helix.demo", user=user)
    assert registration.email == "cuenta@example.cl"
