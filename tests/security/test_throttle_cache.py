"""The rate-limit counters' cache (helix/apitokens/throttle_cache.py): a write is one statement, values
and expiry behave as Django's DatabaseCache, and expired rows are swept."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.utils import timezone

from helix import settings as helix_settings
from helix.apitokens import throttle_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache(settings):
    settings.CACHES = {**settings.CACHES, "throttle": helix_settings.CACHES["throttle"]}
    caches["throttle"].clear()
    return caches["throttle"]


def _rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM helix_throttle")
        return cursor.fetchone()[0]


def test_a_write_is_one_statement_and_reads_back(cache, django_assert_num_queries):
    assert isinstance(cache, throttle_cache.ThrottleCache)
    with django_assert_num_queries(1):
        cache.set("throttle_token_1", [3.0, 2.0, 1.0], 60)
    with django_assert_num_queries(1):
        cache.set("throttle_token_1", [4.0, 3.0, 2.0, 1.0], 60)
    assert cache.get("throttle_token_1") == [4.0, 3.0, 2.0, 1.0]
    assert _rows() == 1


def test_values_expire_and_expired_rows_are_swept(cache, monkeypatch):
    cache.set("old", [1.0], 60)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        monkeypatch.setattr(throttle_cache, "SWEEP_EVERY", 1)
        cache.set("new", [2.0], 60)
        assert _rows() == 1  # the expired row went with this write, not with a read
        assert cache.get("old") is None and cache.get("new") == [2.0]
