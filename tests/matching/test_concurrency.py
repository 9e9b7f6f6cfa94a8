"""Concurrent writers on PostgreSQL: row locks keep the pipeline history and the runs consistent."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from helix.matching.domain.matching import recompute_challenge
from helix.matching.domain.pipeline import move_pipeline
from helix.matching.domain.records import SOLUTIONS, bump_clock
from helix.matching.domain.runs import request_full_recompute
from helix.matching.models import IndexClock, MatchRun, PipelineEntry, PipelineEvent
from tests.factories.matching import ChallengeFactory, SolutionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locking")


def run_together(n, work):
    barrier = threading.Barrier(n)
    results = []

    def target(i):
        try:
            barrier.wait()
            results.append(("ok", work(i)))
        except Exception as exc:  # collected and asserted on by the caller
            results.append(("error", exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_concurrent_moves_of_one_card_apply_once(staff_user, municipality, provider):
    solution = SolutionFactory(provider=provider, description="Sensores para contenedores de basura")
    challenge = ChallengeFactory(organisation=municipality, description="Basura en contenedores")
    recompute_challenge(challenge_id=challenge.pk)
    results = run_together(
        4, lambda i: move_pipeline(actor=staff_user, challenge=challenge, solution=solution, to_stage="shortlisted")
    )
    assert [r for r, _ in results].count("ok") == 1
    assert all(isinstance(e, ValidationError) for r, e in results if r == "error")
    assert PipelineEntry.objects.count() == 1
    assert list(PipelineEvent.objects.values_list("from_stage", "to_stage")) == [("suggested", "shortlisted")]


def test_concurrent_clock_bumps_are_all_distinct():
    from django.db import transaction

    def bump(i):
        with transaction.atomic():
            return bump_clock(SOLUTIONS)

    results = run_together(6, bump)
    values = sorted(v for r, v in results if r == "ok")
    assert len(values) == 6 and len(set(values)) == 6
    assert IndexClock.objects.get(name=SOLUTIONS).value == max(values)


def test_concurrent_recompute_requests_create_one_run(staff_user, settings):
    # Runs must stay queued for the duration: the immediate backend would finish each one on commit.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    results = run_together(4, lambda i: request_full_recompute(actor=staff_user))
    assert all(r == "ok" for r, _ in results), results
    assert MatchRun.objects.count() == 1
