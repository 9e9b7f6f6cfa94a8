import datetime as dt
import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.db.models import Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.on_commit import committed

GOOD = "correct-horse-battery"  # UserFactory's password


def _failures(**filters) -> int:
    return AccessAttempt.objects.filter(**filters).aggregate(n=Sum("failures_since_start"))["n"] or 0


def _login(client, email, password, ip="10.0.0.1"):
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_sign_in_with_email_and_password(client):
    user = UserFactory(email="ana@example.cl")
    response = _login(client, "ana@example.cl", GOOD)
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).context["user"] == user


@pytest.mark.django_db
def test_wrong_password_is_recorded_and_explained(client):
    UserFactory(email="ana@example.cl")
    response = _login(client, "ana@example.cl", "nope")
    assert response.status_code == 200
    assert response.context["form"].errors["__all__"]
    assert _failures(username="ana@example.cl", ip_address="10.0.0.1") == 1


@pytest.mark.django_db
def test_five_failures_lock_the_email_even_with_the_right_password(client):
    UserFactory(email="ana@example.cl")
    for _ in range(5):
        _login(client, "ana@example.cl", "nope")
    response = _login(client, "ana@example.cl", GOOD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].errors.as_data()["__all__"][0].code == "locked"
    assert "15" in response.content.decode()
    # A locked attempt is not even checked, so it is not counted either.
    assert _failures() == 5


@pytest.mark.django_db
def test_lock_lifts_when_the_window_passes(client):
    UserFactory(email="ana@example.cl")
    old = timezone.now() - settings.HELIX_LOGIN_COOLOFF_BASE - dt.timedelta(seconds=1)
    AccessAttempt.objects.create(username="ana@example.cl", ip_address="10.0.0.1", failures_since_start=5)
    AccessAttempt.objects.update(attempt_time=old)  # auto_now_add ignores a given time
    assert _login(client, "ana@example.cl", GOOD).status_code == 302


@pytest.mark.django_db
def test_lock_is_per_email_and_success_clears_it(client):
    UserFactory(email="ana@example.cl")
    UserFactory(email="beto@example.cl")
    for _ in range(4):
        _login(client, "ana@example.cl", "nope")
    # Other e-mail unaffected from another address.
    assert _login(Client(), "beto@example.cl", GOOD, ip="10.0.0.2").status_code == 302
    # A success before the limit forgets the e-mail's failures.
    assert _login(client, "ana@example.cl", GOOD).status_code == 302
    assert not AccessAttempt.objects.filter(username="ana@example.cl").exists()


@pytest.mark.django_db
def test_many_failures_from_one_address_do_not_lock_other_accounts(client):
    """Issue 11 row 3: the lock is per (e-mail, address) pair; an office's shared IP is not locked whole."""
    UserFactory(email="ana@example.cl")
    for n in range(20):
        _login(client, f"guess{n}@example.cl", "nope", ip="203.0.113.9")
    assert _login(client, "ana@example.cl", GOOD, ip="203.0.113.9").status_code == 302


@pytest.mark.django_db
def test_locked_message_is_translated_to_spanish(client):
    UserFactory(email="ana@example.cl")
    for _ in range(5):
        _login(client, "ana@example.cl", "nope")
    response = client.post(
        reverse("accounts:login"),
        {"username": "ana@example.cl", "password": GOOD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_ACCEPT_LANGUAGE="es-cl",
    )
    assert "Demasiados intentos" in response.content.decode()


@pytest.mark.django_db
def test_password_reset_by_email_and_it_clears_the_lock(client):
    user = UserFactory(email="ana@example.cl")
    for _ in range(5):
        _login(client, "ana@example.cl", "nope")
    with committed():
        response = client.post(reverse("accounts:password_reset"), {"email": "ana@example.cl"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.cl"]
    link = re.search(r"https?://\S+/accounts/password-reset/\S+/", message.body).group(0)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    new = "valparaiso-ascensor-77"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    assert not AccessAttempt.objects.filter(username="ana@example.cl").exists()
    assert _login(Client(), "ana@example.cl", new).status_code == 302


@pytest.mark.django_db
def test_password_reset_email_is_in_spanish_by_default(client):
    UserFactory(email="ana@example.cl")
    with committed():
        client.post(reverse("accounts:password_reset"), {"email": "ana@example.cl"}, HTTP_ACCEPT_LANGUAGE="es-cl")
    assert "contraseña" in mail.outbox[0].subject.lower()


@pytest.mark.django_db
def test_password_reset_for_unknown_email_sends_nothing_and_reveals_nothing(client):
    with committed():
        response = client.post(reverse("accounts:password_reset"), {"email": "nadie@example.cl"})
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.django_db
def test_back_office_sign_in_is_throttled_too(client):
    UserFactory(email="jefa@helix.cl", is_staff=True)
    for _ in range(5):
        client.post(reverse("admin:login"), {"username": "jefa@helix.cl", "password": "nope"}, REMOTE_ADDR="10.0.0.3")
    response = client.post(
        reverse("admin:login"), {"username": "jefa@helix.cl", "password": GOOD}, REMOTE_ADDR="10.0.0.3"
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].errors.as_data()["__all__"][0].code == "locked"
    assert _failures(username="jefa@helix.cl") == 5
