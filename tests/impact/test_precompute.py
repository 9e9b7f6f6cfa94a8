"""The background precompute: the usual periods' figures, dashboard and strategy results kept in the
database for the current data version, served by any process without computing, and never after a write."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from helix.impact import precompute
from helix.impact.figures import overview
from helix.impact.figures.cache import current_version
from helix.impact.models import Snapshot
from helix.impact.period import Period
from helix.impact.tasks import precompute_figures, refresh_figures
from helix.network.models import Agreement
from tests.factories import AgreementFactory, OrganisationFactory
from tests.factories.accounts import StaffFactory

pytestmark = pytest.mark.django_db


def international(data) -> int:
    return next(row["value"] for row in data["figures"] if row["key"] == "international_entities_under_agreement")


@pytest.fixture
def partners(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        home, abroad = OrganisationFactory(), OrganisationFactory(country="UY", commune=None, region=None)
    return home, abroad


def test_usual_periods_are_this_year_so_far_and_the_last_two_years():
    today = timezone.localdate().replace(month=12, day=5)
    periods = precompute.usual_periods(today)
    assert [(p.start.isoformat(), p.end.isoformat()) for p in periods] == [
        (f"{today.year}-01-01", today.isoformat()),
        (f"{today.year - 1}-01-01", f"{today.year - 1}-12-31"),
        (f"{today.year - 2}-01-01", f"{today.year - 2}-12-31"),
    ]


def test_another_process_serves_the_precomputed_figures_without_computing(
    partners, client, django_assert_max_num_queries
):
    result = precompute.precompute()
    assert result["current"] and result["version"] == current_version()
    assert Snapshot.objects.filter(version=result["version"]).count() > 10
    cache.clear()  # another process: nothing in its own cache
    with django_assert_max_num_queries(2):  # the version and the stored value
        assert international(overview(Period.default())) == 0
    client.force_login(StaffFactory())
    cache.clear()
    with django_assert_max_num_queries(12):  # session, user, version, stored parts, manual figures
        assert client.get("/impact/dashboard/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get("/impact/partners/").status_code == 200


def test_a_write_is_never_answered_with_the_precomputed_value(partners, django_capture_on_commit_callbacks):
    home, abroad = partners
    precompute.precompute()
    assert international(overview(Period.default())) == 0
    with django_capture_on_commit_callbacks(execute=True):
        AgreementFactory(parties=[home, abroad], status=Agreement.Status.ACTIVE, start_date=timezone.localdate())
    cache.clear()
    assert international(overview(Period.default())) == 1
    # The next run keeps the new version only.
    version = current_version()
    precompute.precompute()
    assert set(Snapshot.objects.values_list("version", flat=True)) == {version}


def test_a_commit_enqueues_one_precompute_for_the_worker(settings, partners, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    home, abroad = partners
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            AgreementFactory(parties=[home, abroad], status=Agreement.Status.ACTIVE)
    waiting = DBTaskResult.objects.filter(task_path=precompute_figures.module_path, status="READY")
    assert waiting.count() == 1  # one run waiting at most, whatever the number of writes


def test_the_refresh_is_a_periodic_task(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("start_periodic_tasks", stdout=io.StringIO())
    assert DBTaskResult.objects.filter(task_path=refresh_figures.module_path, status="READY").count() == 1


def test_the_partners_page_for_a_zone_is_served_without_building_the_graph(partners, client):
    from helix.impact.strategy import partners as partner_graph

    precompute.precompute()
    partner_graph._graph.clear()  # another process: no graph built there
    cache.clear()
    client.force_login(StaffFactory())
    for query in ("", "?zone=north", "?zone=south"):
        assert client.get(f"/impact/partners/{query}").status_code == 200
    assert partner_graph._graph == {}
