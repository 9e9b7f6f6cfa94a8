"""Demo data that is always current: seeding on any date gives upcoming events (one full, with a
waiting list), cohorts with free seats starting on plausible dates, an open wheel and past events
with certificates; the command ends with a tour that points at them.

Small and fast: a directory of a few dozen records, and only the seeders whose data is dated."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from helix.academy.models import Cohort
from helix.certificates.domain import verify_code
from helix.certificates.models import Certificate
from helix.demo import tour
from helix.demo.dates import TZ, anchored, plausible_course_start, today
from helix.events.models import Event
from helix.wheel.domain.registration import registration_is_open
from tests.factories import OrganisationFactory
from tests.factories.network import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(db):
    for i in range(8):
        OrganisationFactory(kind="municipality", sector="government", name=f"Municipalidad Demo {i}")
    for i in range(10):
        OrganisationFactory(kind="sme", sector="company", name=f"Empresa Demo {i}")
    for i in range(40):  # more people than the workshop has seats, so it fills and people wait
        MembershipFactory(person__email=f"persona{i}@example.cl")


@pytest.mark.parametrize(
    "day", [dt.date(2027, 1, 4), dt.date(2026, 7, 20), dt.date(2027, 2, 14), dt.date(2026, 12, 24)]
)
def test_seeding_on_any_date_gives_current_demo_data(directory, day):
    noon = dt.datetime.combine(day, dt.time(12, 0), tzinfo=TZ)
    out = io.StringIO()
    with time_machine.travel(noon, tick=False):
        call_command("seed_demo", "--today", day.isoformat(), "--only", "events,wheel,academy", stdout=out)
        now = timezone.now()

        upcoming = Event.objects.filter(starts_at__gt=now)
        assert upcoming.count() >= 4
        congress = Event.objects.get(title__startswith="Congreso Ciudades Inteligentes")
        assert congress.title.endswith(str(timezone.localtime(congress.starts_at).year))  # not a stale year
        full = tour.full_event()
        assert full is not None and full.starts_at > now and full.registrations.filter(status="waiting").exists()

        cohort = tour.cohort_with_free_seats()
        assert cohort is not None and cohort.starts_on > day
        for upcoming_cohort in Cohort.objects.filter(starts_on__gt=day):
            # Plausible starts: a Monday, never in the summer break; "primer semestre" means March–June.
            assert upcoming_cohort.starts_on.weekday() == 0
            assert upcoming_cohort.starts_on.month not in (1, 2)
            if "semestre" in upcoming_cohort.name:
                half = "primer" if upcoming_cohort.starts_on.month <= 6 else "segundo"
                assert upcoming_cohort.name == f"{upcoming_cohort.starts_on.year} · {half} semestre"

        wheel = tour.open_wheel()
        assert wheel is not None and wheel.date > day and registration_is_open(wheel)

        certified = Certificate.objects.filter(kind="attendance")
        assert certified.exists()
        for certificate in certified:
            assert certificate.subject.ends_at < now and certificate.issued_at < now
        assert verify_code(certified.first().code).is_valid

    printed = out.getvalue()
    assert "A short tour (sign in at /accounts/login/):" in printed
    assert (
        f"- A full event: register and join its waiting list\n    http://127.0.0.1:8000{full.get_absolute_url()}"
        in printed
    )
    assert f"http://127.0.0.1:8000{wheel.get_absolute_url()}  (as representante@helix.demo" in printed
    assert (
        "- A business wheel open for registration: register an organisation found in the directory\n"
        f"    http://127.0.0.1:8000/wheels/{wheel.pk}/register/  (as admin@helix.demo" in printed
    )
    assert f"http://127.0.0.1:8000{cohort.get_absolute_url()}" in printed


def test_the_anchor_is_read_when_seeding_not_at_import():
    with anchored(dt.date(2030, 3, 15)):
        assert today() == dt.date(2030, 3, 15)
    assert today() == timezone.localtime(timezone.now(), TZ).date()


@pytest.mark.parametrize(
    ("due", "start"),
    [
        (dt.date(2027, 1, 1), dt.date(2027, 3, 1)),  # not on New Year's Day: the first Monday of March
        (dt.date(2026, 12, 20), dt.date(2027, 3, 1)),
        (dt.date(2026, 2, 10), dt.date(2026, 3, 2)),
        (dt.date(2026, 8, 12), dt.date(2026, 8, 17)),  # the next Monday
        (dt.date(2026, 8, 17), dt.date(2026, 8, 17)),
    ],
)
def test_courses_start_on_plausible_dates(due, start):
    assert plausible_course_start(due) == start


def test_bad_dates_and_seeders_are_refused():
    with pytest.raises(CommandError, match="is not a date YYYY-MM-DD"):
        call_command("seed_demo", "--today", "5 de diciembre")
    with pytest.raises(CommandError, match="unknown seeders"):
        call_command("seed_demo", "--only", "events,nada")


def test_if_empty_says_when_the_demo_data_has_gone_stale(directory):
    with time_machine.travel(dt.datetime(2025, 1, 6, 12, 0, tzinfo=TZ), tick=False):
        call_command("seed_demo", "--only", "events", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "Demo data already present; nothing to do." in out.getvalue()
    assert "It was seeded on an earlier day and its dates have gone by" in out.getvalue()


def test_seeding_refuses_when_translations_are_not_compiled(monkeypatch):
    from helix.demo.management.commands import seed_demo

    monkeypatch.setattr(seed_demo, "gettext", lambda text: text)  # as without compiled catalogues
    with pytest.raises(CommandError, match="The translations are not compiled"):
        call_command("seed_demo", "--only", "events", stdout=io.StringIO())
    assert not Event.objects.exists()
