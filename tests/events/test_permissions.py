"""Events' rules, refused alike by the domain function and by every entry point (page, API, admin)."""

import json

import pytest
from django.core.exceptions import PermissionDenied

from helix.core.seats import SeatStatus
from helix.events.domain import certificates as cert_domain
from helix.events.domain import checkin as checkin_domain
from helix.events.domain import minutes as minutes_domain
from helix.events.domain import registration as domain
from helix.events.domain.tickets import cancel_token, ticket_code
from helix.events.models import Attendance, CertificateBatch, Commitment
from tests.factories import EventFactory, UserFactory
from tests.factories.events_extra import CommitmentFactory, MinutesFactory

pytestmark = pytest.mark.django_db

EDIT_MINUTES = "Solo el equipo Helix puede editar el acta."
CANCEL = "No puedes cancelar esta inscripción."


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


def _page(response) -> str:
    return response.content.decode()


# --- minutes ------------------------------------------------------------------------------------------


def test_non_staff_cannot_edit_minutes_by_domain_nor_page(client, member):
    minutes = MinutesFactory(summary="Original", conclusions="")
    with pytest.raises(PermissionDenied, match=EDIT_MINUTES):
        minutes_domain.save_minutes(minutes=minutes, actor=member, summary="Hackeado", conclusions="", published=True)
    with pytest.raises(PermissionDenied, match=EDIT_MINUTES):
        minutes_domain.add_commitment(minutes=minutes, actor=member, description="Otro")
    url = f"/events/{minutes.event.slug}/minutes/"
    response = client.post(url, {"summary": "Hackeado", "conclusions": "", "published": "on"})
    assert response.status_code == 403 and EDIT_MINUTES in _page(response)
    response = client.post(url, {"description": "Compromiso falso"})
    assert response.status_code == 403 and EDIT_MINUTES in _page(response)
    minutes.refresh_from_db()
    assert minutes.summary == "Original" and not Commitment.objects.exists()


def test_anonymous_posting_minutes_is_sent_to_sign_in(client):
    minutes = MinutesFactory(summary="Original")
    response = client.post(f"/events/{minutes.event.slug}/minutes/", {"summary": "X", "conclusions": ""})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    minutes.refresh_from_db()
    assert minutes.summary == "Original"


def test_non_staff_cannot_create_minutes_or_close_commitments(client, member):
    table = EventFactory(kind="technical_table")
    with pytest.raises(PermissionDenied, match=EDIT_MINUTES):
        minutes_domain.minutes_for(event=table, actor=member)
    assert client.get(f"/events/{table.slug}/minutes/").status_code == 404  # nothing to read, nothing created
    commitment = CommitmentFactory()
    with pytest.raises(PermissionDenied, match=EDIT_MINUTES):
        minutes_domain.set_commitment_done(commitment_id=commitment.pk, actor=member)
    assert client.post(f"/events/commitments/{commitment.pk}/done/").status_code == 403
    commitment.refresh_from_db()
    assert commitment.status == "open" and commitment.done_at is None


# --- check-in and certificates --------------------------------------------------------------------------


def test_non_staff_cannot_check_in_by_domain_nor_page(client, member):
    event = EventFactory()
    registration = domain.register(event_id=event.pk, name="Ana", email="ana@example.cl")
    with pytest.raises(PermissionDenied, match="Solo el equipo Helix puede registrar la asistencia."):
        checkin_domain.check_in(event=event, registration=registration, actor=member)
    with pytest.raises(PermissionDenied):
        checkin_domain.check_in_code(event=event, code=ticket_code(registration.pk), actor=member)
    with pytest.raises(PermissionDenied):
        checkin_domain.walk_in(event=event, name="Intrusa", email="x@example.cl", actor=member)
    assert client.post(f"/events/{event.slug}/checkin/", {"code": ticket_code(registration.pk)}).status_code == 403
    assert not Attendance.objects.exists()
    assert not event.registrations.filter(email="x@example.cl").exists()


def test_non_staff_cannot_issue_certificates_by_domain_nor_page(client, member):
    event = EventFactory()
    with pytest.raises(PermissionDenied, match="Solo el equipo Helix puede emitir certificados."):
        cert_domain.start_certificate_batch(event=event, actor=member)
    assert client.post(f"/events/{event.slug}/certificates/").status_code == 403
    assert not CertificateBatch.objects.exists()


# --- cancelling a registration -----------------------------------------------------------------------------


def test_nobody_else_cancels_a_registration(client, member):
    event = EventFactory()
    registration = domain.register(
        event_id=event.pk, name="Ana", email="ana@example.cl", user=UserFactory(email="ana@example.cl")
    )
    with pytest.raises(PermissionDenied, match=CANCEL):
        domain.cancel_registration(registration_id=registration.pk, actor=member)
    with pytest.raises(PermissionDenied, match=CANCEL):
        domain.cancel_registration(registration_id=registration.pk, actor=member, token=cancel_token(0))
    response = client.post(f"/events/me/{registration.pk}/cancel/")
    assert response.status_code == 403 and CANCEL in _page(response)
    api = client.post(f"/api/events/registrations/{registration.pk}/cancel", "{}", content_type="application/json")
    assert api.status_code == 404  # the API does not reveal other people's registrations
    client.logout()
    anonymous = client.post(
        f"/api/events/registrations/{registration.pk}/cancel", "{}", content_type="application/json"
    )
    assert anonymous.status_code == 401
    registration.refresh_from_db()
    assert registration.status == SeatStatus.CONFIRMED


def test_the_registrant_the_link_holder_and_staff_may_cancel(client, admin_client):
    event = EventFactory()
    ana = UserFactory(email="ana@example.cl")
    mine = domain.register(event_id=event.pk, name="Ana", email="ana@example.cl", user=ana)
    by_link = domain.register(event_id=event.pk, name="Luis", email="luis@example.cl")
    by_admin = domain.register(event_id=event.pk, name="Eva", email="eva@example.cl")
    client.force_login(ana)
    body = json.loads(
        client.post(f"/api/events/registrations/{mine.pk}/cancel", "{}", content_type="application/json").content
    )
    assert body["status"] == SeatStatus.CANCELLED
    client.logout()
    client.post(f"/events/r/{cancel_token(by_link.pk)}/cancel/")
    admin_client.post(
        "/admin/events/registration/",
        {"action": "cancel_selected", "_selected_action": [by_admin.pk]},
    )
    for registration in (by_link, by_admin):
        registration.refresh_from_db()
        assert registration.status == SeatStatus.CANCELLED


# --- the online link -----------------------------------------------------------------------------------------


def test_online_link_only_for_a_confirmed_seat_on_page_and_api(client):
    event = EventFactory(mode="online", online_url="https://meet.example/sala-privada", capacity=1)
    first, waiting = UserFactory(email="primera@example.cl"), UserFactory(email="espera@example.cl")
    domain.register(event_id=event.pk, name="Primera", email=first.email, user=first)
    domain.register(event_id=event.pk, name="Espera", email=waiting.email, user=waiting)
    client.force_login(waiting)
    page = _page(client.get(event.get_absolute_url()))
    assert "sala-privada" not in page and "El enlace en línea se muestra" in page
    assert client.get(f"/api/events/{event.slug}").json()["online_url"] is None
    client.force_login(first)
    assert "sala-privada" in _page(client.get(event.get_absolute_url()))
    assert client.get(f"/api/events/{event.slug}").json()["online_url"] == "https://meet.example/sala-privada"
