"""Notifications: made by the domain functions that create matches, meeting requests, invitations and
seat offers; shown under the bell; e-mailed per the person's preferences; covered by personal data."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from helix.core.personal_data import collect_personal_data, erase_personal_data
from helix.core.seats import SeatStatus
from helix.events.domain import registration as registration_domain
from helix.matching.models import Match
from helix.notifications import domain
from helix.notifications.models import Kind, Notification, Preference
from helix.wheel.domain.direct import propose_direct_meeting
from helix.wheel.domain.invitations import invite
from helix.wheel.domain.requests import mark
from helix.wheel.models import Side
from tests.factories import EventFactory, OrganisationFactory, UserFactory
from tests.factories.matching import ChallengeFactory, SolutionFactory
from tests.factories.network import representative_user
from tests.factories.wheel import WheelFactory, represented
from tests.on_commit import committed

pytestmark = pytest.mark.django_db


def _wheel():
    return WheelFactory(date=timezone.localdate() + dt.timedelta(days=12), name="Rueda Agua y Energía")


def test_a_meeting_request_notifies_the_asked_organisation_in_the_app_and_by_email():
    wheel = _wheel()
    asker, asker_user = represented(wheel, organisation=OrganisationFactory(name="Municipalidad de Quilpué"))
    asked, asked_user = represented(wheel, side=Side.SUPPLIER)
    mail.outbox.clear()
    with committed():
        mark(user=asker_user, source=asker, target=asked, priority="must")
    notification = Notification.objects.get()
    assert notification.user == asked_user and notification.kind == Kind.MEETING_REQUEST
    assert notification.text == "Municipalidad de Quilpué quiere reunirse contigo en Rueda Agua y Energía"
    assert notification.url == reverse("wheel:requests", args=[asked.pk])
    assert [m.to for m in mail.outbox] == [[asked_user.email]]
    message = mail.outbox[0]
    assert message.subject == "Helix: Municipalidad de Quilpué quiere reunirse contigo en Rueda Agua y Energía"
    assert f"http://127.0.0.1:8000{reverse('wheel:requests', args=[asked.pk])}" in message.body
    assert "Recibes este correo por tus preferencias de notificación." in message.body


def test_no_thanks_and_remarking_do_not_notify():
    wheel = _wheel()
    asker, asker_user = represented(wheel)
    asked, _asked_user = represented(wheel, side=Side.SUPPLIER)
    mark(user=asker_user, source=asker, target=asked, priority="no_thanks")
    assert not Notification.objects.exists()


def test_email_preference_off_keeps_the_in_app_notification_only(client):
    wheel = _wheel()
    asker, asker_user = represented(wheel)
    asked, asked_user = represented(wheel, side=Side.SUPPLIER)
    client.force_login(asked_user)
    response = client.post(reverse("notifications:preferences"), {"email_kinds": ["match"]})
    assert response.status_code == 302
    assert Preference.objects.get(user=asked_user, kind=Kind.MEETING_REQUEST).email is False
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Tus preferencias de notificación quedaron guardadas." in page
    assert "Enviarme también un correo por" in page and "Solicitudes de reunión" in page
    mail.outbox.clear()
    with committed():
        mark(user=asker_user, source=asker, target=asked, priority="like")
    assert Notification.objects.filter(user=asked_user).count() == 1
    assert mail.outbox == []


def test_an_invitation_notifies_the_provider_without_a_second_email(staff_user):
    wheel = _wheel()
    town = OrganisationFactory(name="Municipalidad de Temuco", kind="municipality")
    provider = OrganisationFactory(name="Sensores del Sur SpA")
    provider_user = representative_user(provider)
    match = Match.objects.create(
        challenge=ChallengeFactory(organisation=town),
        solution=SolutionFactory(provider=provider),
        computed_at=timezone.now(),
    )
    mail.outbox.clear()
    with committed():
        invite(actor=staff_user, match=match, wheel=wheel)
    notification = Notification.objects.get(user=provider_user)
    assert notification.kind == Kind.INVITATION
    assert notification.text == "Municipalidad de Temuco te invita a Rueda Agua y Energía"
    assert len(mail.outbox) == 1  # the invitation's own e-mail, not a copy


def test_a_direct_meeting_proposal_notifies_the_other_side(staff_user):
    town = OrganisationFactory(name="Municipalidad de Temuco")
    provider = OrganisationFactory(name="Sensores del Sur SpA")
    provider_user = representative_user(provider)
    match = Match.objects.create(
        challenge=ChallengeFactory(organisation=town),
        solution=SolutionFactory(provider=provider),
        computed_at=timezone.now(),
    )
    propose_direct_meeting(
        actor=staff_user, match=match, options=[timezone.now() + dt.timedelta(days=3)], place="Municipalidad"
    )
    assert Notification.objects.get(user=provider_user).text == "Municipalidad de Temuco te propone una reunión"


def test_a_waiting_list_offer_notifies_the_account_holder():
    start = timezone.now() + dt.timedelta(days=20)
    event = EventFactory(title="Taller de datos", capacity=1, starts_at=start, ends_at=start + dt.timedelta(hours=3))
    waiting_user = UserFactory(email="camila@example.cl")
    first = registration_domain.register(event_id=event.pk, name="Persona 1", email="p1@example.cl")
    second = registration_domain.register(
        event_id=event.pk, name="Camila", email="camila@example.cl", user=waiting_user
    )
    assert second.status == SeatStatus.WAITING
    registration_domain.cancel_registration(registration_id=first.pk, actor=UserFactory(is_staff=True))
    notification = Notification.objects.get(user=waiting_user)
    second.refresh_from_db()
    assert notification.kind == Kind.OFFER
    assert notification.text.startswith("Hay un cupo para ti en Taller de datos: acéptalo antes del ")
    assert notification.url.startswith("/events/offer/")


def test_new_matches_notify_the_challenge_organisation(staff_user):
    from helix.matching.domain.records import save_challenge, save_solution

    town = OrganisationFactory(name="Municipalidad de Valparaíso", kind="municipality")
    town_user = representative_user(town)
    provider = OrganisationFactory(name="Aguas Inteligentes SpA")
    save_solution(
        actor=staff_user,
        provider=provider,
        title="Sensores de fugas de agua potable",
        description="Telemetría y sensores para detectar fugas de agua potable en la red.",
        status="published",
    )
    challenge = save_challenge(
        actor=town_user,
        organisation=town,
        title="Fugas de agua potable",
        description="Perdemos agua potable por fugas en la red; buscamos sensores de fugas y telemetría.",
        status="open",
    )
    assert Match.objects.filter(challenge=challenge).exists()
    notification = Notification.objects.get(user=town_user, kind=Kind.MATCH)
    assert notification.text == "Nuevas coincidencias para tu desafío «Fugas de agua potable»"
    assert notification.url == challenge.get_absolute_url()


def test_bell_list_open_and_mark_read(client):
    user = UserFactory()
    other = UserFactory()
    for title in ("Uno", "Dos"):
        domain.notify(user, Kind.MATCH, None, message="challenge_matches", url="/matching/", params={"title": title})
    foreign = domain.notify(other, Kind.MATCH, None, message="challenge_matches", url="/", params={"title": "X"})
    client.force_login(user)
    bell = client.get(reverse("notifications:bell"), headers={"HX-Request": "true"}).content.decode()
    assert 'title="2 notificaciones sin leer">2</span>' in bell
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Nuevas coincidencias para tu desafío «Dos»" in page and "Marcar todas como leídas" in page
    header = client.get(reverse("home:mine")).content.decode()
    assert f'hx-get="{reverse("notifications:bell")}"' in header and "<script>" not in header
    first = Notification.objects.filter(user=user).order_by("pk").first()
    response = client.get(reverse("notifications:open", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == "/matching/"
    assert 'title="1 notificación sin leer">1</span>' in client.get(reverse("notifications:bell")).content.decode()
    assert client.get(reverse("notifications:open", args=[foreign.pk])).status_code == 404
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert "Todas las notificaciones quedaron marcadas como leídas." in response.content.decode()
    assert "sin leer" not in client.get(reverse("notifications:bell")).content.decode()


def test_a_person_without_an_account_gets_no_notification():
    from tests.factories.network import PersonFactory

    assert domain.notify(PersonFactory(), Kind.OFFER, None, message="event_offer", url="/", emailed=True) is None
    assert not Notification.objects.exists()


def test_notifications_are_in_the_data_download_and_erased_with_the_account():
    user = UserFactory()
    domain.notify(user, Kind.MATCH, None, message="challenge_matches", url="/matching/", params={"title": "Agua"})
    domain.set_email_preferences(user=user, email_kinds=[], kinds=[Kind.MATCH])
    data = collect_personal_data(user=user)["notifications"]
    assert data["notifications"][0]["text"] == "Nuevas coincidencias para tu desafío «Agua»"
    assert data["email_preferences"] == {"match": False}
    erase_personal_data(user=user)
    assert not Notification.objects.exists() and not Preference.objects.exists()
