"""Cached figures follow the data: a new agreement shows on the next read, in any process."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from helix.impact.figures import overview
from helix.impact.figures.cache import bump, current_version
from helix.impact.models import FiguresVersion
from helix.network.models import Agreement
from tests.factories import AgreementFactory, OrganisationFactory

from .helpers import this_period

pytestmark = pytest.mark.django_db


def international(rows):
    return next(row["value"] for row in rows["figures"] if row["key"] == "international_entities_under_agreement")


def test_a_new_agreement_is_reflected_on_the_next_read(django_capture_on_commit_callbacks):
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        home, abroad = OrganisationFactory(), OrganisationFactory(country="UY", commune=None, region=None)
    assert international(overview(this_period())) == 0
    with django_capture_on_commit_callbacks(execute=True):
        AgreementFactory(parties=[home, abroad], status=Agreement.Status.ACTIVE, start_date=timezone.localdate())
    assert international(overview(this_period())) == 1


def counter() -> int:
    return FiguresVersion.objects.values_list("value", flat=True).first() or 0


def test_one_bump_per_transaction(django_capture_on_commit_callbacks):
    before, key = counter(), current_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for _ in range(5):
            OrganisationFactory()
    assert len(callbacks) == 1
    assert counter() == before + 1
    assert current_version() != key


def test_an_emptied_database_starts_a_new_series_of_keys():
    bump()
    first = current_version()
    FiguresVersion.objects.all().delete()
    bump()
    assert current_version().endswith("-1") and first.endswith("-1")
    assert current_version() != first


def test_the_cache_is_used_until_the_version_moves(django_assert_num_queries):
    cache.clear()
    overview(this_period())
    with django_assert_num_queries(1):  # the version only
        overview(this_period())


def test_cached_per_language_and_threshold(settings):
    from django.utils import translation

    cache.clear()
    with translation.override("en"):
        assert overview(this_period())["figures"][0]["label"] == "Actors connected"
    rows = {row["key"]: row for row in overview(this_period())["figures"]}
    assert rows["actors_connected"]["label"] == "Actores conectados"
    assert rows["regions_activated"]["definition"].startswith("Regiones con al menos 20 actividades en el período")
    settings.HELIX_IMPACT_REGION_THRESHOLD = 5
    rows = {row["key"]: row for row in overview(this_period())["figures"]}
    assert rows["regions_activated"]["definition"].startswith("Regiones con al menos 5 actividades en el período")
