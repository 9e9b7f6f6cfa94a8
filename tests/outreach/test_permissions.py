"""Newsletters: only staff write, test and send an issue — through the domain and the pages alike."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from helix.outreach.domain import sending
from helix.outreach.models import Issue
from tests.factories import UserFactory
from tests.factories.accounts import StaffFactory

from .helpers import subscriber

pytestmark = pytest.mark.django_db

STAFF_ONLY = "Solo el equipo Helix puede redactar y enviar boletines."


@pytest.fixture
def draft():
    return sending.create_issue(subject="Borrador", body_markdown="Texto", actor=StaffFactory())


def test_non_staff_cannot_write_an_issue_by_domain_nor_page(client, draft):
    member = UserFactory()
    with pytest.raises(PermissionDenied, match=STAFF_ONLY):
        sending.create_issue(subject="Falso", body_markdown="x", actor=member)
    with pytest.raises(PermissionDenied, match=STAFF_ONLY):
        sending.update_issue(issue=draft, subject="Hackeado", body_markdown="x", actor=member)
    client.force_login(member)
    assert client.post(reverse("outreach:issue_create"), {"subject": "Falso", "body_markdown": "x"}).status_code == 403
    edit = client.post(reverse("outreach:issue_edit", args=[draft.pk]), {"subject": "Hackeado", "body_markdown": "x"})
    assert edit.status_code == 403
    draft.refresh_from_db()
    assert draft.subject == "Borrador" and Issue.objects.count() == 1


def test_non_staff_cannot_send_by_domain_nor_page(client, draft):
    subscriber("lectora@example.cl")
    member = UserFactory()
    with pytest.raises(PermissionDenied, match=STAFF_ONLY):
        sending.queue_issue(issue=draft, actor=member)
    with pytest.raises(PermissionDenied, match=STAFF_ONLY):
        sending.send_test(issue=draft, to=member.email, actor=member)
    client.force_login(member)
    assert client.post(reverse("outreach:issue_send", args=[draft.pk])).status_code == 403
    assert client.post(reverse("outreach:issue_send_test", args=[draft.pk])).status_code == 403
    draft.refresh_from_db()
    assert draft.status == Issue.Status.DRAFT and mail.outbox == []
