"""Issue 11, row 3: sign-in throttling cannot be used to lock a person out.

The lock is per (e-mail, client address) pair, with a cool-off that grows with every failure past the
limit; behind trusted proxies the client address comes from X-Forwarded-For, never otherwise."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GOOD = "correct-horse-battery"  # UserFactory's password
LOCKED = "Demasiados intentos fallidos. Por tu seguridad, el ingreso queda bloqueado durante {} minutos"


def login(client, email, password, *, ip="10.0.0.1", url="accounts:login", **extra):
    return client.post(reverse(url), {"username": email, "password": password}, REMOTE_ADDR=ip, **extra)


def signed_in(response) -> bool:
    return response.status_code == 302


def age_attempts(delta: dt.timedelta) -> None:
    AccessAttempt.objects.update(attempt_time=timezone.now() - delta)


def test_attacker_failures_do_not_lock_the_owner_out(client):
    UserFactory(email="victima@helix.cl")
    attacker = Client()
    for _ in range(5):
        login(attacker, "victima@helix.cl", "nope", ip="198.51.100.66")
    assert not signed_in(login(attacker, "victima@helix.cl", GOOD, ip="198.51.100.66"))
    assert signed_in(login(client, "victima@helix.cl", GOOD, ip="10.0.0.1"))


def test_owner_success_does_not_unlock_the_attackers_pair(client):
    UserFactory(email="victima@helix.cl")
    attacker = Client()
    for _ in range(5):
        login(attacker, "victima@helix.cl", "nope", ip="198.51.100.66")
    assert signed_in(login(client, "victima@helix.cl", GOOD, ip="10.0.0.1"))
    assert AccessAttempt.objects.filter(username="victima@helix.cl", ip_address="198.51.100.66").exists()


def test_the_cool_off_grows_with_each_failure_past_the_limit(client):
    UserFactory(email="ana@helix.cl")
    for _ in range(5):
        login(client, "ana@helix.cl", "nope")
    assert LOCKED.format(15) in login(client, "ana@helix.cl", GOOD).content.decode()
    age_attempts(dt.timedelta(minutes=16))  # the first lock (15 minutes) has lifted
    page = login(client, "ana@helix.cl", "nope").content.decode()  # one more failure: 30 minutes
    assert LOCKED.format(30) in page
    age_attempts(dt.timedelta(minutes=20))
    assert not signed_in(login(client, "ana@helix.cl", GOOD))  # still inside the longer cool-off
    age_attempts(dt.timedelta(minutes=31))
    assert signed_in(login(client, "ana@helix.cl", GOOD))


def test_the_cool_off_is_capped_at_a_day(client, settings):
    from helix.accounts import lockout

    UserFactory(email="ana@helix.cl")
    AccessAttempt.objects.create(username="ana@helix.cl", ip_address="10.0.0.1", failures_since_start=500)
    page = login(client, "ana@helix.cl", GOOD).content.decode()
    assert LOCKED.format(24 * 60) in page
    assert dt.timedelta(hours=24) == settings.HELIX_LOGIN_COOLOFF_MAX
    assert lockout.cool_off(None) == settings.HELIX_LOGIN_COOLOFF_BASE


def test_admin_sign_in_is_throttled_per_pair(client):
    UserFactory(email="jefa@helix.cl", is_staff=True)
    for _ in range(5):
        login(Client(), "jefa@helix.cl", "nope", ip="198.51.100.7", url="admin:login")
    assert not signed_in(login(Client(), "jefa@helix.cl", GOOD, ip="198.51.100.7", url="admin:login"))
    assert signed_in(login(client, "jefa@helix.cl", GOOD, ip="10.0.0.3", url="admin:login"))


def test_forwarded_header_is_ignored_without_trusted_proxies(client, settings):
    settings.HELIX_TRUSTED_PROXY_COUNT = 0
    UserFactory(email="ana@helix.cl")
    for n in range(5):  # a spoofed header per attempt must not dodge the lock
        login(client, "ana@helix.cl", "nope", ip="198.51.100.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert not signed_in(login(client, "ana@helix.cl", GOOD, ip="198.51.100.9", HTTP_X_FORWARDED_FOR="192.0.2.99"))
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.9"}


def test_behind_a_trusted_proxy_each_client_has_its_own_counter(client, settings):
    settings.HELIX_TRUSTED_PROXY_COUNT = 1
    UserFactory(email="ana@helix.cl")
    proxy = "10.9.9.9"
    for _ in range(5):  # the attacker's own address is what the proxy appended last
        login(Client(), "ana@helix.cl", "nope", ip=proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.50")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.50"}
    assert not signed_in(login(Client(), "ana@helix.cl", GOOD, ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.50"))
    assert signed_in(login(client, "ana@helix.cl", GOOD, ip=proxy, HTTP_X_FORWARDED_FOR="198.51.100.20"))
