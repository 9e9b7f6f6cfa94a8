"""The offer-expiry sweep: a periodic background task that re-enqueues itself, never twice."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from helix.academy import domain as academy
from helix.academy.models import Enrolment
from helix.core.tasks import SWEEP_EVERY, sweep_seat_offers
from helix.events.domain import registration as events
from helix.events.models import Registration
from tests.factories import EventFactory, PersonFactory, UserFactory
from tests.factories.academy import CohortFactory
from tests.on_commit import committed

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def waiting_runs():
    return list(DBTaskResult.objects.filter(task_path=sweep_seat_offers.module_path, status="READY"))


def run_waiting_sweep():
    """What the database worker does with the waiting run (its own command would close the test's
    connection): claim it, run it, record the result."""
    (run,) = waiting_runs()
    run.claim("test-worker")
    run.set_successful(sweep_seat_offers.call())


def test_the_sweep_expires_a_lapsed_offer_and_offers_the_seat_to_the_next_person():
    past = timezone.now() - dt.timedelta(hours=3)
    start = timezone.now() + dt.timedelta(days=5)
    event = EventFactory(capacity=1, offer_hours=1, starts_at=start, ends_at=start + dt.timedelta(hours=2))
    a, b, c = (events.register(event_id=event.pk, name=n, email=f"{n}@example.cl", now=past) for n in "abc")
    # b's offer lapsed two hours ago
    events.cancel_registration(registration_id=a.pk, actor=UserFactory(is_staff=True), now=past)
    cohort = CohortFactory(capacity=1, offer_hours=1)
    first, second, third = (
        academy.enrol(cohort=cohort, person=PersonFactory(), actor=UserFactory(is_staff=True), now=past)
        for _ in range(3)
    )
    academy.cancel_enrolment(enrolment=first, actor=UserFactory(is_staff=True), now=past)
    mail.outbox.clear()
    with committed():
        counts = sweep_seat_offers.call()
    assert counts == {"expired": 2, "offered": 2}
    assert [Registration.objects.get(pk=r.pk).status for r in (b, c)] == ["expired", "offered"]
    assert [Enrolment.objects.get(pk=e.pk).status for e in (second, third)] == ["expired", "offered"]
    to = {m.to[0]: m.subject for m in mail.outbox}
    assert to["b@example.cl"].startswith("Tu oferta de cupo venció")
    assert to["c@example.cl"].startswith("Hay un cupo disponible para ti")
    assert third.person.email in to


def test_start_periodic_tasks_enqueues_the_sweep_once(database_tasks):
    before = timezone.now()
    call_command("start_periodic_tasks", stdout=io.StringIO())
    call_command("start_periodic_tasks", stdout=io.StringIO())
    (run,) = waiting_runs()
    assert before <= run.run_after <= timezone.now()


def test_each_run_schedules_exactly_one_next_run(database_tasks):
    call_command("start_periodic_tasks", stdout=io.StringIO())
    began = timezone.now()
    run_waiting_sweep()  # which enqueues the next one
    (first,) = DBTaskResult.objects.filter(task_path=sweep_seat_offers.module_path, status="SUCCESSFUL")
    (following,) = waiting_runs()
    assert began + SWEEP_EVERY <= following.run_after <= timezone.now() + SWEEP_EVERY
    # An extra run while the next is already waiting (a second worker, a manual start) adds none.
    sweep_seat_offers.call()
    call_command("start_periodic_tasks", stdout=io.StringIO())
    assert waiting_runs() == [following]


def test_immediate_backend_schedules_nothing():
    # Tests and local commands run tasks on the spot: a self-scheduling task must not loop there.
    assert sweep_seat_offers.call() == {"expired": 0, "offered": 0}
    assert not DBTaskResult.objects.exists()
