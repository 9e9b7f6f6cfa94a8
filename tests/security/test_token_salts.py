"""Issue 11, row 2: a password-reset token does not activate an account, nor an activation token reset
a password (each link has its own token generator)."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from helix.accounts import domain
from tests.factories import UserFactory
from tests.on_commit import committed

pytestmark = pytest.mark.django_db


def test_reset_token_does_not_activate_an_account(client):
    user = UserFactory(is_active=True, email="persona@helix.cl")
    with committed():
        client.post(reverse("accounts:password_reset"), {"email": "persona@helix.cl"})
    link = re.search(r"/accounts/password-reset/([^/\s]+)/([^/\s]+)/", mail.outbox[-1].body)
    uid, token = link.group(1), link.group(2)
    # The account is inactive again (e.g. not yet activated): the reset token must not open it.
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get(reverse("accounts:activate", args=[uid, token]))
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.is_active
    assert "_auth_user_id" not in client.session


def test_activation_token_does_not_reset_a_password(client):
    user = UserFactory(is_active=False, email="nueva@helix.cl")
    user.set_password("ClaveOriginal-2026")
    user.save()
    with committed():
        domain.send_activation(user=user)
    link = re.search(r"/accounts/activate/([^/\s]+)/([^/\s]+)/", mail.outbox[-1].body)
    uid, token = link.group(1), link.group(2)
    user.is_active = True  # an active account (reset only serves active ones)
    user.save(update_fields=["is_active"])
    response = client.get(reverse("accounts:password_reset_confirm", args=[uid, token]), follow=True)
    page = response.content.decode()
    assert 'name="new_password1"' not in page
    client.post(
        reverse("accounts:password_reset_confirm", args=[uid, "set-password"]),
        {"new_password1": "Secuestrada-9876", "new_password2": "Secuestrada-9876"},
    )
    user.refresh_from_db()
    assert user.check_password("ClaveOriginal-2026")


def test_each_link_still_works_for_its_own_flow(client):
    user = UserFactory(is_active=False, email="propia@helix.cl")
    with committed():
        domain.send_activation(user=user)
    path = re.search(r"/accounts/activate/\S+/", mail.outbox[-1].body).group(0)
    assert client.get(path).status_code == 302
    user.refresh_from_db()
    assert user.is_active
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    assert uid in path
