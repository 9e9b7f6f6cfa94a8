"""Issue 11, row 7 (and row 10's last point): sign-up works when the mail server is down (the mail is a
background task), the activation link can be resent (throttled), and sign-up never tells whether an
e-mail has an account."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from helix.accounts.models import User
from tests.factories import UserFactory
from tests.on_commit import committed

pytestmark = pytest.mark.django_db

PASSWORD = "cerro-alegre-2026!"
SENT = "Si una cuenta pendiente de activación usa este correo, te enviamos un enlace nuevo."


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def signup(client, email="camila@example.cl"):
    data = {
        "account_type": "citizen",
        "first_name": "Camila",
        "last_name": "Rojas",
        "email": email,
        "commune": "",
        "organisation": "",
        "position": "",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    with committed():
        return client.post(reverse("accounts:signup"), data)


def comparable(page: str, email: str) -> str:
    """The page without what differs between any two responses (the address typed, CSRF tokens)."""
    page = page.replace(email, "EMAIL")
    return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", page)  # CSRF tokens


def resend(client, email, ip="10.0.0.1"):
    with committed():
        return client.post(reverse("accounts:resend_activation"), {"email": email}, REMOTE_ADDR=ip)


def test_signup_succeeds_when_the_mail_server_is_unreachable(client, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9},
        }
    }
    response = signup(client)
    assert response.status_code == 200
    assert "Revisa tu correo" in response.content.decode()
    assert User.objects.filter(email="camila@example.cl", is_active=False).exists()
    queued = DBTaskResult.objects.get(task_path="helix.core.mail.deliver")  # (the impact precompute may queue too)
    assert queued.args_kwargs["args"][0] == "helix.accounts.domain.activation_email"


def test_signup_with_a_taken_address_looks_the_same_and_tells_the_owner(client):
    UserFactory(email="duena@example.cl", is_active=True)
    new = signup(Client(), email="nueva@example.cl").content.decode()
    mail.outbox.clear()
    taken = signup(client, email="duena@example.cl").content.decode()
    assert "Ya existe una cuenta" not in taken
    assert comparable(taken, "duena@example.cl") == comparable(new, "nueva@example.cl")
    assert [m.to for m in mail.outbox] == [["duena@example.cl"]]
    assert mail.outbox[0].subject == "Helix: ya tienes una cuenta"
    assert "/accounts/password-reset/" in mail.outbox[0].body


def test_a_retried_signup_sends_a_new_activation_link(client):
    signup(client)
    mail.outbox.clear()
    response = signup(Client())
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    assert "/accounts/activate/" in mail.outbox[0].body
    assert User.objects.filter(email="camila@example.cl").count() == 1


def test_resend_activation_sends_a_working_link(client):
    signup(client)
    mail.outbox.clear()
    page = resend(client, "Camila@Example.cl").content.decode()
    assert SENT in page
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/activate/\S+/", mail.outbox[0].body).group(0)
    client.get(link)
    assert User.objects.get(email="camila@example.cl").is_active


def test_resend_answers_every_address_the_same(client):
    UserFactory(email="activa@example.cl", is_active=True)
    for email in ("nadie@example.cl", "activa@example.cl"):
        response = resend(client, email)
        assert response.status_code == 200
        assert SENT in response.content.decode()
    assert mail.outbox == []


def test_resend_is_throttled_per_address_and_per_connection(client):
    signup(client)
    mail.outbox.clear()
    for _ in range(3):
        assert SENT in resend(client, "camila@example.cl").content.decode()
    assert len(mail.outbox) == 1  # one link per address every few minutes
    for n in range(7):
        resend(client, f"otra{n}@example.cl")
    refused = resend(client, "camila@example.cl")
    assert refused.status_code == 429
    assert "Demasiadas solicitudes desde tu conexión. Vuelve a intentarlo en una hora." in refused.content.decode()
    assert SENT in resend(Client(), "nadie@example.cl", ip="10.0.0.2").content.decode()


def test_the_done_page_offers_the_resend_link(client):
    page = signup(client).content.decode()
    assert reverse("accounts:resend_activation") in page
    assert "¿No te llegó? Reenviar el enlace de activación" in page
