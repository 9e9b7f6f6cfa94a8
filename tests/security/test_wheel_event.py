"""Issue 11, row 1: a wheel organiser cannot move its wheel onto another organisation's event."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from helix.events.models import Event
from helix.network.models import Membership
from helix.wheel.domain.setup import save_wheel
from helix.wheel.models import Wheel
from tests.factories import EventFactory, UserFactory
from tests.factories.network import MembershipFactory, OrganisationFactory, PersonFactory
from tests.factories.wheel import WheelFactory

pytestmark = pytest.mark.django_db


def org_admin(organisation):
    user = UserFactory()
    MembershipFactory(
        person=PersonFactory(user=user, email=user.email), organisation=organisation, role=Membership.Role.ADMIN
    )
    return user


@pytest.fixture
def setting():
    ours, theirs = OrganisationFactory(), OrganisationFactory()
    own_event = EventFactory(organiser=ours, kind=Event.Kind.BUSINESS_WHEEL, title="Nuestro encuentro")
    own_draft = EventFactory(organiser=ours, status=Event.Status.DRAFT, title="Nuestro borrador")
    their_event = EventFactory(organiser=theirs, title="Encuentro ajeno")
    their_draft = EventFactory(organiser=theirs, status=Event.Status.DRAFT, title="Borrador ajeno")
    wheel = WheelFactory(event=own_event)
    return {
        "admin": org_admin(ours),
        "wheel": wheel,
        "own_event": own_event,
        "own_draft": own_draft,
        "their_event": their_event,
        "their_draft": their_draft,
    }


def form_data(wheel, event):
    return {
        "event": event.pk,
        "name": wheel.name,
        "date": "2026-12-10",
        "start_time": "09:00",
        "slot_minutes": 20,
        "slot_count": 3,
        "tables": 2,
        "audience": wheel.audience,
        "mode": wheel.mode,
        "status": wheel.status,
    }


def test_organiser_cannot_move_the_wheel_onto_another_organisations_event(client, setting):
    wheel, their_event = setting["wheel"], setting["their_event"]
    client.force_login(setting["admin"])
    response = client.post(reverse("wheel:edit", args=[wheel.pk]), form_data(wheel, their_event))
    assert response.status_code == 200
    assert "Elige una opción válida" in response.content.decode()
    wheel.refresh_from_db()
    assert wheel.event == setting["own_event"]


def test_event_choices_are_the_organisers_own_events(client, setting):
    client.force_login(setting["admin"])
    page = client.get(reverse("wheel:edit", args=[setting["wheel"].pk])).content.decode()
    assert "Nuestro encuentro" in page and "Nuestro borrador" in page
    assert "Encuentro ajeno" not in page and "Borrador ajeno" not in page


def test_organiser_may_move_the_wheel_to_its_own_event(client, setting):
    wheel = setting["wheel"]
    client.force_login(setting["admin"])
    response = client.post(reverse("wheel:edit", args=[wheel.pk]), form_data(wheel, setting["own_draft"]))
    assert response.status_code == 302
    wheel.refresh_from_db()
    assert wheel.event == setting["own_draft"]


def test_save_wheel_refuses_another_organisations_event(setting):
    wheel = setting["wheel"]
    fields = {"event": setting["their_draft"], "name": "Movida"}
    with pytest.raises(PermissionDenied, match="No puedes poner una rueda en este evento."):
        save_wheel(actor=setting["admin"], wheel=wheel, fields=fields, slot_tables={}, sessions=[])
    assert Wheel.objects.get(pk=wheel.pk).event == setting["own_event"]
    assert Wheel.objects.get(pk=wheel.pk).name == wheel.name


def test_only_staff_create_wheels(setting):
    with pytest.raises(PermissionDenied, match="Solo el equipo de Helix puede crear ruedas."):
        save_wheel(
            actor=setting["admin"], wheel=None, fields={"event": setting["own_event"]}, slot_tables={}, sessions=[]
        )
