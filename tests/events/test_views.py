"""Public pages: list, calendar, feeds, event page with the registration form, own registrations."""

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from helix.events.domain import registration as domain
from helix.events.domain.tickets import cancel_token
from helix.events.models import Registration
from tests.factories import EventFactory, PersonFactory, UserFactory, topic
from tests.factories.events_extra import QuestionFactory, RegistrationFactory, SessionFactory, SpeakerFactory
from tests.factories.network import commune
from tests.on_commit import committed

pytestmark = pytest.mark.django_db


def soon(days=10, **kwargs):
    start = timezone.now() + dt.timedelta(days=days)
    return EventFactory(starts_at=start, ends_at=start + dt.timedelta(hours=6), **kwargs)


def test_list_shows_upcoming_and_past_with_filters(client):
    water = soon(title="Mesa técnica del agua", kind="technical_table", commune=commune(5101))
    water.topics.add(topic("water"))
    soon(title="Feria Smart City Concepción", kind="fair", commune=commune(13101))
    EventFactory(
        title="Congreso pasado",
        starts_at=timezone.now() - dt.timedelta(days=9),
        ends_at=timezone.now() - dt.timedelta(days=8),
    )
    soon(title="Borrador secreto", status="draft")
    body = client.get("/events/").content.decode()
    assert "Mesa técnica del agua" in body and "Feria Smart City" in body
    assert "Congreso pasado" not in body and "Borrador secreto" not in body
    assert "Congreso pasado" in client.get("/events/?when=past").content.decode()
    filtered = client.get("/events/?kind=technical_table&region=5&topic=water").content.decode()
    assert "Mesa técnica del agua" in filtered and "Feria Smart City" not in filtered
    assert "Mesa técnica del agua" not in client.get("/events/?region=13").content.decode()
    assert client.get("/events/?region=abc&kind=nonsense&page=zzz").status_code == 200


def _list_queries(client, django_assert_max_num_queries, n):
    for i in range(n):
        e = soon(days=i + 1, commune=commune(5101), capacity=10)
        e.topics.add(topic("water"), topic("mobility"))
        RegistrationFactory(event=e)
    client.get("/events/")  # warm-up (session, content types)


@pytest.mark.parametrize("n", [1, 5])
def test_list_query_count_does_not_grow(client, django_assert_num_queries, n):
    _list_queries(client, None, n)
    # count, page rows, topics prefetch, regions, topics filter options
    with django_assert_num_queries(5):
        client.get("/events/")


def test_calendar_shows_events_on_their_days(client):
    start = timezone.make_aware(dt.datetime(2026, 12, 3, 9, 0))
    EventFactory(title="Congreso Ciudades Inteligentes 2026", starts_at=start, ends_at=start + dt.timedelta(days=1))
    body = client.get("/events/calendar/?month=2026-12").content.decode()
    assert body.count("Congreso Ciudades Inteligentes 2026") == 2  # two days
    assert client.get("/events/calendar/?month=nonsense").status_code == 200


@pytest.mark.parametrize("n", [1, 4])
def test_calendar_query_count(client, django_assert_num_queries, n):
    for i in range(n):
        start = timezone.make_aware(dt.datetime(2026, 12, 3 + i, 9, 0))
        EventFactory(starts_at=start, ends_at=start + dt.timedelta(hours=2), commune=commune(5101))
    with django_assert_num_queries(1):
        client.get("/events/calendar/?month=2026-12")


def test_ical_feed_and_single_event(client):
    event = soon(title="Webinar de datos abiertos", mode="online", online_url="https://meet.example/secreto")
    soon(title="Borrador", status="draft")
    response = client.get("/events/feed.ics")
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    summaries = [str(c["summary"]) for c in cal.walk("VEVENT")]
    assert summaries == ["Webinar de datos abiertos"]
    assert b"meet.example" not in response.content  # online link never published
    single = icalendar.Calendar.from_ical(client.get(f"/events/{event.slug}/event.ics").content)
    assert [str(c["uid"]) for c in single.walk("VEVENT")] == [f"event-{event.pk}@helix"]


def test_event_page_shows_programme_speakers_and_profile_links(client):
    event = soon(title="Congreso Ciudades Inteligentes 2026")
    session = SessionFactory(event=event, title="Agua y resiliencia", room="Sala Andes")
    public = PersonFactory(first_name="Carolina", last_name="Rojas", public_profile=True)
    private = PersonFactory(first_name="Pedro", last_name="Soto", public_profile=False)
    SpeakerFactory(event=event, session=session, person=public)
    SpeakerFactory(event=event, person=private, role="moderator")
    body = client.get(event.get_absolute_url()).content.decode()
    assert "Agua y resiliencia" in body and "Sala Andes" in body
    assert f'href="{public.get_absolute_url()}"' in body
    assert "Pedro Soto" in body and f'href="{private.get_absolute_url()}"' not in body


@pytest.mark.parametrize("n", [1, 4])
def test_event_page_query_count(client, django_assert_num_queries, n):
    event = soon(capacity=10)
    for _i in range(n):
        s = SessionFactory(event=event)
        SpeakerFactory(event=event, session=s)
        SpeakerFactory(event=event)
        QuestionFactory(event=event)
        RegistrationFactory(event=event)
    client.get(event.get_absolute_url())
    with django_assert_num_queries(10):
        client.get(event.get_absolute_url())


def test_register_through_the_form(client):
    event = soon(capacity=5)
    client.force_login(UserFactory(email="ana@example.cl"))  # anonymous visitors confirm by e-mail first
    q = QuestionFactory(event=event, label="Cargo", required=True)
    response = client.post(event.get_absolute_url(), {"name": "Ana Pérez", "email": "ana@example.cl", f"q_{q.pk}": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ana Pérez" in body  # what was typed is kept
    assert not Registration.objects.exists()
    with committed():
        response = client.post(
            event.get_absolute_url(), {"name": "Ana Pérez", "email": "ana@example.cl", f"q_{q.pk}": "Alcaldesa"}
        )
    registration = Registration.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "events:manage", args=[cancel_token(registration.pk)]
    )
    assert registration.status == "confirmed" and mail.outbox[0].to == ["ana@example.cl"]
    page = client.get(response["Location"]).content.decode()
    assert "data:image/svg+xml" in page and "HX" in page


def test_double_registration_through_the_form_shows_message(client):
    event = soon(capacity=5)
    client.force_login(UserFactory(email="ana@example.cl"))
    client.post(event.get_absolute_url(), {"name": "Ana", "email": "ana@example.cl"})
    response = client.post(event.get_absolute_url(), {"name": "Ana", "email": "ANA@example.cl"})
    assert response.status_code == 200
    # Signed in, the page shows the registration held instead of the form (anonymous visitors confirm by e-mail).
    assert "Tu inscripción en este evento está confirmada." in response.content.decode()
    assert Registration.objects.count() == 1


def test_full_event_says_waiting_list(client):
    event = soon(capacity=1)
    client.force_login(UserFactory(email="ana@example.cl"))
    client.post(event.get_absolute_url(), {"name": "Ana", "email": "ana@example.cl"})
    client.force_login(UserFactory(email="beto@example.cl"))
    body = client.get(event.get_absolute_url()).content.decode()
    assert "lista de espera" in body
    response = client.post(event.get_absolute_url(), {"name": "Beto", "email": "beto@example.cl"}, follow=True)
    assert Registration.objects.get(email="beto@example.cl").position == 1
    assert "1" in response.content.decode()


def test_closed_event_hides_form(client):
    event = soon(registration_open=False)
    body = client.get(event.get_absolute_url()).content.decode()
    assert 'name="email"' not in body
    response = client.post(event.get_absolute_url(), {"name": "Ana", "email": "ana@example.cl"})
    assert response.status_code == 200 and not Registration.objects.exists()


def test_online_link_only_for_confirmed_registrants(client):
    event = soon(mode="online", online_url="https://meet.example/sala-secreta", capacity=1)
    outsider = UserFactory()
    confirmed_user, waiting_user = UserFactory(), UserFactory()
    domain.register(event_id=event.pk, name="A", email=confirmed_user.email, user=confirmed_user)
    domain.register(event_id=event.pk, name="B", email=waiting_user.email, user=waiting_user)
    assert "sala-secreta" not in client.get(event.get_absolute_url()).content.decode()
    for user, visible in [(outsider, False), (waiting_user, False), (confirmed_user, True)]:
        client.force_login(user)
        assert ("sala-secreta" in client.get(event.get_absolute_url()).content.decode()) is visible


def test_cancel_link_cancels_and_tampered_token_is_404(client):
    event = soon(capacity=1)
    first = domain.register(event_id=event.pk, name="A", email="a@example.cl")
    second = domain.register(event_id=event.pk, name="B", email="b@example.cl")
    token = cancel_token(first.pk)
    assert client.get(f"/events/r/{token}x/cancel/").status_code == 404
    assert client.get(f"/events/r/{token}/cancel/").status_code == 200
    first.refresh_from_db()
    assert first.status == "confirmed"  # GET never cancels
    client.post(f"/events/r/{token}/cancel/")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("cancelled", "offered")
    again = client.post(f"/events/r/{token}/cancel/", follow=True).content.decode()
    assert "Esta inscripción ya estaba cancelada o vencida." in again


def test_accept_offer_page(client):
    from helix.events.domain.tickets import offer_token

    event = soon(capacity=1)
    first = domain.register(event_id=event.pk, name="A", email="a@example.cl")
    second = domain.register(event_id=event.pk, name="B", email="b@example.cl")
    domain.cancel_registration(registration_id=first.pk, actor=UserFactory(is_staff=True))
    assert client.get(f"/events/offer/{offer_token(second.pk)}/").status_code == 200
    assert client.get(f"/events/offer/{offer_token(second.pk)}zz/").status_code == 404
    client.post(f"/events/offer/{offer_token(second.pk)}/")
    second.refresh_from_db()
    assert second.status == "confirmed"


def test_my_registrations_shows_only_own_and_cancels_only_own(client):
    event = soon()
    me, other = UserFactory(), UserFactory()
    mine = domain.register(event_id=event.pk, name="Yo", email=me.email, user=me)
    theirs = domain.register(event_id=event.pk, name="Otra Persona", email=other.email, user=other)
    client.force_login(me)
    body = client.get("/events/me/").content.decode()
    assert event.title in body and "Otra Persona" not in body
    assert client.post(f"/events/me/{theirs.pk}/cancel/").status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == "confirmed"
    client.post(f"/events/me/{mine.pk}/cancel/")
    mine.refresh_from_db()
    assert mine.status == "cancelled"


def test_my_registrations_requires_login(client):
    assert client.get("/events/me/").status_code == 302


@pytest.mark.parametrize("n", [1, 4])
def test_my_registrations_query_count(client, django_assert_num_queries, n):
    me = UserFactory()
    for _i in range(n):
        RegistrationFactory(event=soon(commune=commune(5101)), user=me, email=me.email)
    client.force_login(me)
    client.get("/events/me/")
    with django_assert_num_queries(3):  # session, user, registrations
        client.get("/events/me/")


def test_visiting_the_event_page_expires_lapsed_offers(client):
    event = soon(capacity=1, offer_hours=1)
    past = timezone.now() - dt.timedelta(hours=3)
    a = domain.register(event_id=event.pk, name="A", email="a@example.cl", now=past)
    b = domain.register(event_id=event.pk, name="B", email="b@example.cl", now=past)
    c = domain.register(event_id=event.pk, name="C", email="c@example.cl", now=past)
    # B is offered until past + 1 h: lapsed.
    domain.cancel_registration(registration_id=a.pk, actor=UserFactory(is_staff=True), now=past)
    mail.outbox.clear()
    with committed():
        client.get(event.get_absolute_url())
    b.refresh_from_db()
    c.refresh_from_db()
    assert (b.status, c.status) == ("expired", "offered")
    assert sorted(m.to[0] for m in mail.outbox) == ["b@example.cl", "c@example.cl"]
