"""“Enviar ahora” asks first: who receives it (count and segment), a test to yourself, then the send."""

import pytest
from django.core import mail
from django.urls import reverse

from helix.outreach.domain import sending
from helix.outreach.models import Issue, Segment

from .helpers import subscriber

pytestmark = pytest.mark.django_db


def _draft(staff_user, segment=None):
    return sending.create_issue(actor=staff_user, subject="Boletín Agua", body_markdown="Hola", segment=segment)


def test_send_now_shows_count_and_segment_and_sends_nothing(staff_client, staff_user):
    subscriber("uno@example.cl")
    subscriber("dos@example.cl")
    issue = _draft(staff_user, Segment.objects.create(name="Municipios del sur"))
    detail = staff_client.get(reverse("outreach:issue_detail", args=[issue.pk])).content.decode()
    assert f'href="{reverse("outreach:issue_send", args=[issue.pk])}" id="send-now"' in detail
    body = staff_client.get(reverse("outreach:issue_send", args=[issue.pk])).content.decode()
    assert "Municipios del sur" in body
    assert "Se enviará a 2 personas que confirmaron su suscripción." in body
    assert "Sí, enviarlo a 2 personas" in body and "Enviar una prueba a staff@helix.cl" in body
    assert mail.outbox == [] and Issue.objects.get().status == Issue.Status.DRAFT


def test_test_step_goes_to_yourself_and_back_to_the_confirmation(staff_client, staff_user):
    subscriber("uno@example.cl")
    issue = _draft(staff_user)
    response = staff_client.post(reverse("outreach:issue_send_test", args=[issue.pk]), {"then": "confirm"})
    assert response.url == reverse("outreach:issue_send", args=[issue.pk])
    assert [m.to for m in mail.outbox] == [["staff@helix.cl"]]


def test_confirmed_send_goes_to_everyone(staff_client, staff_user):
    subscriber("uno@example.cl")
    issue = _draft(staff_user)
    staff_client.post(reverse("outreach:issue_send", args=[issue.pk]), {"recipients": "1"})
    assert [m.to for m in mail.outbox] == [["uno@example.cl"]]


def test_unconfirmed_or_changed_audience_sends_nothing(staff_client, staff_user):
    subscriber("uno@example.cl")
    issue = _draft(staff_user)
    url = reverse("outreach:issue_send", args=[issue.pk])
    assert "Primero confirma el número de destinatarios." in staff_client.post(url, follow=True).content.decode()
    subscriber("dos@example.cl")  # someone confirmed meanwhile
    body = staff_client.post(url, {"recipients": "1"}, follow=True).content.decode()
    assert "El número de destinatarios cambió (ahora son 2). Revísalo y confirma de nuevo." in body
    assert mail.outbox == [] and Issue.objects.get().status == Issue.Status.DRAFT
