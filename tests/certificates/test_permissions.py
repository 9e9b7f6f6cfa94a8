"""Certificates: only the holder or staff download one, only staff revoke one (domain, page and admin)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from helix.certificates import domain
from helix.certificates.models import Certificate
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _certificate(person=None) -> Certificate:
    return domain.issue_certificate(person=person or PersonFactory(), kind="attendance", title="Feria Smart City")


def test_only_the_holder_and_staff_download(client):
    owner = UserFactory()
    certificate = _certificate(PersonFactory(user=owner))
    stranger = UserFactory()
    with pytest.raises(PermissionDenied, match="Solo la persona titular de este certificado puede descargarlo."):
        domain.certificate_pdf(certificate=certificate, actor=stranger)
    client.force_login(stranger)
    response = client.get(reverse("certificates:download", args=[certificate.code]))
    assert response.status_code == 403
    assert "Solo la persona titular de este certificado puede descargarlo." in response.content.decode()
    assert domain.certificate_pdf(certificate=certificate, actor=owner).startswith(b"%PDF")


def test_only_staff_revoke_by_domain_nor_admin(client, admin_client):
    certificate = _certificate()
    with pytest.raises(PermissionDenied, match="Solo el equipo Helix puede revocar un certificado."):
        domain.revoke_certificate(certificate=certificate, actor=UserFactory())
    client.force_login(UserFactory())
    changelist = reverse("admin:certificates_certificate_changelist")
    response = client.post(changelist, {"action": "revoke_selected", "_selected_action": [certificate.pk]})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    admin_client.post(changelist, {"action": "revoke_selected", "_selected_action": [certificate.pk]})
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
