"""Events front-end: staff and organisers create and edit events, sessions, speakers and partners."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from helix.core.errors import HelixError
from helix.events.domain import editing
from helix.events.models import Event, Session, Speaker
from tests.factories import EventFactory, MembershipFactory, OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

BASE = {
    "title": "Congreso de Agua Municipal",
    "kind": "congress",
    "mode": "in_person",
    "status": "published",
    "starts_at": "2027-03-10T09:00",
    "ends_at": "2027-03-10T18:00",
    "venue": "Centro de Eventos",
    "registration_open": "on",
}


def test_staff_create_event_with_end_before_start_gets_spanish_message_on_the_end_field(staff_client):
    response = staff_client.post("/events/new/", {**BASE, "ends_at": "2027-03-09T18:00"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["ends_at"] == ["El término debe ser posterior al inicio."]
    assert "event_ends_after_start" not in response.content.decode()
    assert not Event.objects.exists()


def test_registration_closing_after_the_end_is_refused_on_its_field(staff_client):
    response = staff_client.post("/events/new/", {**BASE, "registration_closes_at": "2027-03-11T10:00"})
    assert response.context["form"].errors["registration_closes_at"] == [
        "La inscripción debe cerrar antes de que termine el evento."
    ]


def test_staff_create_event_then_land_on_its_edit_page(staff_client):
    response = staff_client.post("/events/new/", BASE, follow=True)
    event = Event.objects.get()
    assert event.title == "Congreso de Agua Municipal" and event.slug == "congreso-de-agua-municipal"
    assert response.redirect_chain[-1][0] == f"/events/{event.slug}/edit/"
    assert "Evento creado. Agrega sus sesiones, personas expositoras y organizaciones aliadas." in (
        response.content.decode()
    )


def test_a_slug_never_takes_a_reserved_word(staff_user):
    event = editing.save_event(actor=staff_user, data={**_dates(), "title": "New", "kind": "congress"})
    assert event.slug == "new-2"


def _dates():
    from django.utils import timezone

    start = timezone.now().replace(microsecond=0)
    return {"starts_at": start, "ends_at": start.replace(hour=(start.hour + 1) % 24) if start.hour < 23 else start}


def test_organiser_edits_own_event_but_not_another(client):
    org = OrganisationFactory()
    user = UserFactory()
    MembershipFactory(person=PersonFactory(user=user), organisation=org)
    mine, other = EventFactory(organiser=org), EventFactory(organiser=OrganisationFactory())
    client.force_login(user)
    assert client.get(f"/events/{mine.slug}/edit/").status_code == 200
    assert client.get(f"/events/{other.slug}/edit/").status_code == 403
    with pytest.raises(PermissionDenied):
        editing.save_event(actor=user, event=other, data={"title": "X"})


def test_organiser_cannot_name_someone_elses_organisation(client):
    org, foreign = OrganisationFactory(), OrganisationFactory()
    user = UserFactory()
    MembershipFactory(person=PersonFactory(user=user), organisation=org)
    with pytest.raises(HelixError) as exc:
        editing.save_event(actor=user, data={**_dates(), "title": "Taller", "kind": "workshop", "organiser": foreign})
    assert exc.value.field_errors["organiser"] == "Elige como organizadora una organización que representes."
    created = editing.save_event(actor=user, data={**_dates(), "title": "Taller", "kind": "workshop", "organiser": org})
    assert created.organiser == org


def test_someone_without_an_organisation_cannot_create_events(client):
    client.force_login(UserFactory())
    assert client.get("/events/new/").status_code == 403
    assert client.get("/events/").context["can_create"] is False


def test_session_outside_the_event_is_refused_then_saved(staff_client):
    from django.utils import timezone

    event = EventFactory(starts_at=timezone.now().replace(second=0, microsecond=0) + dt.timedelta(days=3))
    start = timezone.localtime(event.starts_at)
    url = f"/events/{event.slug}/sessions/new/"
    fmt = "%Y-%m-%dT%H:%M"
    bad = staff_client.post(
        url,
        {
            "title": "Panel",
            "starts_at": (start.replace(year=start.year - 1)).strftime(fmt),
            "ends_at": start.strftime(fmt),
        },
    )
    assert bad.context["form"].errors["starts_at"] == ["La sesión no puede comenzar antes que el evento."]
    good = staff_client.post(url, {"title": "Panel", "starts_at": start.strftime(fmt), "ends_at": start.strftime(fmt)})
    assert good.status_code == 302
    session = Session.objects.get(event=event)
    staff_client.post(f"/events/{event.slug}/sessions/{session.pk}/delete/")
    assert not Session.objects.exists()


def test_speakers_and_partners_are_added_and_removed(staff_client):
    event = EventFactory()
    person, partner = PersonFactory(first_name="Javiera", last_name="Rojas"), OrganisationFactory()
    staff_client.post(f"/events/{event.slug}/speakers/add/", {"person": person.pk, "role": "moderator"})
    speaker = Speaker.objects.get(event=event)
    assert speaker.person == person and speaker.role == "moderator"
    again = staff_client.post(
        f"/events/{event.slug}/speakers/add/", {"person": person.pk, "role": "moderator"}, follow=True
    )
    assert "Esta persona ya tiene ese rol aquí." in again.content.decode()
    staff_client.post(f"/events/{event.slug}/partners/add/", {"organisation": partner.pk})
    assert list(event.partners.all()) == [partner]
    page = staff_client.get(event.get_absolute_url()).content.decode()
    assert "Javiera Rojas" in page and partner.name in page and "Editar el evento" in page
    staff_client.post(f"/events/{event.slug}/partners/{partner.pk}/remove/")
    staff_client.post(f"/events/{event.slug}/speakers/{speaker.pk}/remove/")
    assert not event.partners.exists() and not Speaker.objects.exists()


def test_edit_keeps_capacity_out_of_the_form(staff_client):
    event = EventFactory(capacity=10)
    form = staff_client.get(f"/events/{event.slug}/edit/").context["form"]
    assert "capacity" not in form.fields


def test_the_back_office_shows_the_same_spanish_message_not_the_constraint_name():
    from django.core.exceptions import ValidationError
    from django.utils import translation

    event = EventFactory.build(slug="x")
    event.ends_at = event.starts_at - dt.timedelta(hours=1)
    with translation.override("es-cl"), pytest.raises(ValidationError) as exc:
        event.full_clean(exclude=["commune", "organiser"])
    assert exc.value.messages == ["El término debe ser posterior al inicio."]
