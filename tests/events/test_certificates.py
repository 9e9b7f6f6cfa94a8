"""Bulk attendance certificates for an event's attendees (through the certificates app)."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from helix.events.domain import registration as domain
from helix.events.domain.checkin import check_in
from helix.events.models import CertificateBatch
from tests.on_commit import committed

pytestmark = pytest.mark.django_db
certificates = pytest.importorskip("helix.certificates.models")


def test_bulk_certificates_for_attendees_only_and_idempotent(staff_client, staff_user):
    from tests.factories import EventFactory

    start = timezone.now() - dt.timedelta(hours=5)
    event = EventFactory(
        title="Mesa técnica del agua Valparaíso", starts_at=start, ends_at=start + dt.timedelta(hours=3)
    )
    came = [
        domain.register(event_id=event.pk, name=f"Asistente {i}", email=f"a{i}@example.cl", walk_in=True)
        for i in range(2)
    ]
    domain.register(event_id=event.pk, name="No vino", email="nv@example.cl", walk_in=True)
    for r in came:
        check_in(event=event, registration=r, actor=staff_user)
    mail.outbox.clear()
    with committed():
        staff_client.post(f"/events/{event.slug}/certificates/")
    batch = CertificateBatch.objects.get()
    assert (batch.status, batch.total, batch.issued, batch.skipped) == ("done", 2, 2, 0)
    issued = certificates.Certificate.objects.filter(kind="attendance")
    assert sorted(c.person.email for c in issued) == ["a0@example.cl", "a1@example.cl"]
    assert {c.title for c in issued} == {"Mesa técnica del agua Valparaíso"}
    assert sorted(m.to[0] for m in mail.outbox) == ["a0@example.cl", "a1@example.cl"]
    # Running again issues nothing new and sends nothing.
    mail.outbox.clear()
    with committed():
        staff_client.post(f"/events/{event.slug}/certificates/")
    second = CertificateBatch.objects.order_by("-pk").first()
    assert (second.issued, second.skipped) == (0, 2)
    assert issued.count() == 2 and not mail.outbox
    page = staff_client.get(f"/events/{event.slug}/staff/").content.decode()
    assert "2 de 2 emitidos" in page


def test_no_attendees_is_a_clear_message(staff_client):
    from tests.factories import EventFactory

    event = EventFactory()
    response = staff_client.post(f"/events/{event.slug}/certificates/", follow=True)
    assert "Todavía no se ha registrado la asistencia de nadie en este evento." in response.content.decode()
    assert not CertificateBatch.objects.exists()
