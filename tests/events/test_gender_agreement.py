"""Gender agreement (issue 12 §7): an event is "Cancelado", a registration "Cancelada"."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from helix.core.seats import SeatStatus
from helix.events.models import Event
from tests.factories import EventFactory, UserFactory
from tests.factories.events_extra import RegistrationFactory

pytestmark = pytest.mark.django_db


def test_a_cancelled_event_is_cancelado_and_a_cancelled_registration_cancelada(client):
    start = timezone.now() + dt.timedelta(days=5)
    EventFactory(title="Taller de agua", status=Event.Status.CANCELLED, starts_at=start, ends_at=start)
    page = client.get("/events/").content.decode()
    assert "Taller de agua" in page  # the list shows a cancelled event with a badge
    assert '<span class="badge">Cancelado</span>' in page and ">Cancelada<" not in page
    user = UserFactory()
    RegistrationFactory(user=user, email=user.email, status=SeatStatus.CANCELLED, event__title="Congreso")
    client.force_login(user)
    mine = client.get("/events/me/").content.decode()
    assert "<td>Cancelada</td>" in mine


def test_labels_name_the_registration_not_the_person():
    from helix.events.models import Registration
    from helix.wheel.models import Participant

    with translation.override("es-cl"):
        assert str(Registration._meta.get_field("walk_in").verbose_name) == "inscripción en puerta"
        assert str(Participant._meta.get_field("created_at").verbose_name) == "fecha de inscripción"


def test_the_back_office_and_the_event_form_name_an_event_status_as_the_front_end_does(admin_client):
    from helix.events.editing_forms import EventForm

    start = timezone.now() + dt.timedelta(days=5)
    EventFactory(title="Taller de agua", status=Event.Status.CANCELLED, starts_at=start, ends_at=start)
    EventFactory(title="Feria de datos", status=Event.Status.PUBLISHED, starts_at=start, ends_at=start)
    changelist = admin_client.get("/admin/events/event/").content.decode()
    assert "Taller de agua" in changelist and "Feria de datos" in changelist
    assert '<td class="field-status">Cancelado</td>' in changelist and ">Cancelada<" not in changelist
    assert '<td class="field-status">Publicado</td>' in changelist and ">Publicada<" not in changelist
    with translation.override("es-cl"):
        status = str(EventForm(user=UserFactory(is_staff=True))["status"])
    assert ">Borrador</option>" in status and ">Publicado</option>" in status and ">Cancelado</option>" in status
