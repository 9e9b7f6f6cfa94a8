"""Rate limits: per API token and per IP address, 429 with Retry-After and the usual error body,
counted in the shared database cache."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache

from helix import settings as helix_settings
from helix.apitokens import domain
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/directory/regions"


@pytest.fixture
def low_rates(settings):
    # The production setting: counters in the database table every process shares.
    settings.CACHES = {**settings.CACHES, "throttle": helix_settings.CACHES["throttle"]}
    settings.NINJA_DEFAULT_THROTTLE_RATES = {"token": "3/min", "ip": "2/min"}


def test_the_counters_live_in_the_database_shared_by_every_process(low_rates):
    assert isinstance(caches["throttle"], DatabaseCache)


def test_per_ip_limit_answers_429_with_retry_after(client, low_rates):
    assert [client.get(URL).status_code for _ in range(2)] == [200, 200]
    refused = client.get(URL)
    assert refused.status_code == 429
    assert refused.json() == {
        "detail": "Demasiadas solicitudes. Intenta de nuevo en un momento.",
        "code": "throttled",
        "field_errors": {},
    }
    assert 1 <= int(refused["Retry-After"]) <= 60
    # Another address has its own count.
    assert client.get(URL, REMOTE_ADDR="10.0.0.7").status_code == 200
    # A forged X-Forwarded-For does not reset the count (no trusted proxy configured).
    assert client.get(URL, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429


def test_per_token_limit_is_separate_from_the_address(client, low_rates):
    user = UserFactory()
    _a, first = domain.create_token(actor=user, name="a", scope="read", days=30)
    _b, second = domain.create_token(actor=user, name="b", scope="read", days=30)
    statuses = [client.get(URL, HTTP_AUTHORIZATION=f"Bearer {first}").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {second}").status_code == 200
    # The address's own (anonymous) allowance was not used by the token's calls.
    assert client.get(URL).status_code == 200


def test_a_request_in_another_thread_keeps_its_own_count(low_rates):
    """One throttle object serves every thread of a process: its per-request state must not leak."""
    import threading

    from helix.apitokens.throttling import IpRateThrottle

    throttle = IpRateThrottle()
    throttle.history = ["main thread"]
    seen = []
    worker = threading.Thread(target=lambda: seen.append(throttle.history))
    worker.start()
    worker.join()
    assert seen == [None] and throttle.history == ["main thread"]
