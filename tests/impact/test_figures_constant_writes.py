"""Constant writes: when the data version moves while a value is computed, later reads serve the freshest
value whose data are recent enough for the 5 s rule instead of computing again; otherwise they compute.
The clock and the versions are controlled here."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from helix.impact import precompute
from helix.impact.figures import cache as figures_cache
from helix.impact.figures import overview
from helix.impact.figures.cache import bump, cached, current_version, exact_versions
from helix.impact.models import FiguresVersion, Snapshot
from helix.impact.period import Period
from helix.network.models import Agreement
from tests.factories import AgreementFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

START = timezone.make_aware(dt.datetime(2026, 12, 5, 12, 0, 0))


class Clock:
    def __init__(self):
        self.at = START

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    cache.clear()
    clock = Clock()
    monkeypatch.setattr(figures_cache, "now", clock)
    return clock


class Figure:
    """A computation that counts its runs, returns the data version it ran at, and can have writes land
    while it runs (as constant writes do)."""

    def __init__(self, clock: Clock, *, writes_while_computing: int = 0, seconds: float = 2.0, name="test-figure"):
        self.clock, self.writes, self.seconds, self.runs = clock, writes_while_computing, seconds, 0
        self.name = name

    def __call__(self) -> str:
        self.runs += 1
        version = current_version()
        for _ in range(self.writes):
            bump()
        self.clock.advance(self.seconds)
        return version

    def read(self) -> str:
        return cached(self.name, self)


def test_while_writes_are_constant_reads_serve_the_freshest_value_that_meets_the_rule(clock):
    figure = Figure(clock, writes_while_computing=3)
    first = figure.read()  # computed (2 s) while three writes landed: superseded when stored
    assert figure.runs == 1 and current_version() != first
    bump()
    clock.advance(1.5)  # 3.5 s after its computation started: every write it misses is younger than that
    assert figure.read() == first and figure.runs == 1
    clock.advance(0.6)  # 4.1 s: too old for the rule (4 s, a second left to serve it) — computed again
    second = figure.read()  # started at 4.1 s, stored at 6.1 s
    assert figure.runs == 2 and second != first
    bump()
    clock.advance(1.9)  # 3.9 s after it started
    assert figure.read() == second and figure.runs == 2


def test_a_single_write_is_on_the_next_read(clock):
    figure = Figure(clock, writes_while_computing=0)
    first = figure.read()
    bump()  # a write after the computation: the value was not superseded
    clock.advance(0.1)
    assert figure.read() != first and figure.runs == 2


def test_another_database_never_gets_the_value(clock):
    figure = Figure(clock, writes_while_computing=1)
    figure.read()
    FiguresVersion.objects.all().delete()  # emptied or replaced: a new epoch
    bump()
    figure.read()
    assert figure.runs == 2


def test_the_background_precompute_computes_for_its_own_version_and_the_freshest_is_served(clock):
    figure = Figure(clock, writes_while_computing=1, seconds=0.5)
    first = figure.read()
    with exact_versions():
        precomputed = figure.read()  # a recent value exists, but the precompute computes its version's
    assert figure.runs == 2 and precomputed != first
    assert Snapshot.objects.filter(name="test-figure", superseded=True).count() == 2
    bump()
    clock.advance(0.5)
    assert figure.read() == precomputed and figure.runs == 2


def test_a_new_agreement_under_constant_writes_shows_within_the_rule(clock, django_capture_on_commit_callbacks):
    """The figures as served: an agreement committed just after a superseded value was computed is missing
    for at most MAX_STALENESS, then counted."""
    with django_capture_on_commit_callbacks(execute=True):
        home, abroad = OrganisationFactory(), OrganisationFactory(country="UY", commune=None, region=None)

    def international() -> int:
        rows = overview(Period.default())["figures"]
        return next(row["value"] for row in rows if row["key"] == "international_entities_under_agreement")

    with exact_versions():
        precompute.precompute()
    Snapshot.objects.update(superseded=True)  # as if writes had landed during the precompute
    with django_capture_on_commit_callbacks(execute=True):
        AgreementFactory(parties=[home, abroad], status=Agreement.Status.ACTIVE, start_date=timezone.localdate())
    cache.clear()  # another process
    clock.advance(3)
    assert international() == 0  # 3 s after the precompute's data: within the rule, not recomputed
    clock.advance(1.5)
    assert international() == 1


def test_what_can_no_longer_be_served_is_deleted_even_while_writes_are_constant(clock):
    figure = Figure(clock, writes_while_computing=1, seconds=0.5)
    figure.read()  # superseded, data 0.5 s old
    calm = Figure(clock, name="calm-figure")
    calm.read()  # not superseded: never served once the version moves
    assert calm.runs == 1 and Snapshot.objects.count() == 2
    bump()
    figures_cache.forget_other_versions(current_version())
    assert list(Snapshot.objects.values_list("name", flat=True)) == ["test-figure"]
    clock.advance(4)  # too old to be served
    figures_cache.forget_other_versions(current_version())
    assert not Snapshot.objects.exists()
