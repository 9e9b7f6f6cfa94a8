"""Events abroad sit in their own country and region (issue 9 §4): the event's place, not its organiser's,
counts in coverage and in the "regions activated" figure; existing events were given their commune's
region, else their organiser's."""

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from helix.events.domain import editing
from helix.events.models import Event
from helix.impact.figures import BY_KEY
from helix.impact.period import Period
from helix.impact.strategy.coverage import compute_coverage, compute_region_card
from helix.territory.countries import load_country
from helix.territory.models import Region
from tests.factories import EventFactory, OrganisationFactory
from tests.factories.network import commune

pytestmark = pytest.mark.django_db

PERIOD = Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30))


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def _dates(day: dt.date) -> dict:
    return {"starts_at": at(day), "ends_at": at(day) + dt.timedelta(hours=6)}


@pytest.fixture
def lima():
    load_country("PE")
    return Region.objects.get(iso_code="PE-LIM")


def test_an_event_abroad_takes_its_region_and_country_not_its_organisers(staff_user, lima):
    valparaiso = OrganisationFactory(name="Municipalidad de Valparaíso", commune=commune(5101))
    event = editing.save_event(
        actor=staff_user,
        data={"title": "Foro Ciudades Lima", "kind": "congress", "organiser": valparaiso, "region": lima}
        | _dates(dt.date(2026, 3, 3)),
    )
    event.refresh_from_db()
    assert (event.region, event.country) == (lima, "PE")


def test_a_commune_sets_the_region_and_country(staff_user, lima):
    event = editing.save_event(
        actor=staff_user,
        data={"title": "Taller Valparaíso", "kind": "workshop", "commune": commune(5101), "region": lima}
        | _dates(dt.date(2026, 3, 3)),
    )
    assert (event.region, event.country) == (commune(5101).region, "CL")


def test_the_edit_form_offers_region_and_country(staff_client, lima):
    page = staff_client.get("/events/new/").content.decode()
    assert 'name="region"' in page and 'name="country"' in page
    assert "Lima" in page
    assert "Para un evento fuera de Chile, o en línea: la región a la que pertenece." in page


def test_coverage_and_regions_activated_count_the_event_where_it_took_place(settings, lima):
    settings.HELIX_IMPACT_REGION_THRESHOLD = 1
    valparaiso = OrganisationFactory(name="Municipalidad de Valparaíso", commune=commune(5101))
    EventFactory(organiser=valparaiso, commune=None, region=lima, country="PE", starts_at=at(dt.date(2026, 4, 1)))

    chile = {row["code"]: row for row in compute_coverage(PERIOD, "CL")["regions"]}
    assert chile[5]["events"] == 0  # not in the organiser's region any more
    peru = {row["id"]: row for row in compute_coverage(PERIOD, "PE")["regions"]}
    assert peru[lima.pk]["events"] == 1
    assert [row["events"] for row in compute_region_card(lima)["years"]] == [1]

    records = BY_KEY["regions_activated"].record_sets[0].records(PERIOD)
    assert [region.pk for region in records] == [lima.pk]


def test_existing_events_are_given_their_communes_region_else_their_organisers():
    migration = import_module("helix.events.migrations.0006_event_region_country")
    seated = OrganisationFactory(commune=commune(13101))
    online = EventFactory(organiser=seated, commune=None)
    local = EventFactory(organiser=seated, commune=commune(5101))
    orphan = EventFactory(organiser=None, commune=None)
    Event.objects.update(region=None, country="")

    migration.carry_over(apps, None)

    for event in (online, local, orphan):
        event.refresh_from_db()
    assert (online.region, online.country) == (commune(13101).region, "CL")
    assert (local.region, local.country) == (commune(5101).region, "CL")
    assert (orphan.region, orphan.country) == (None, "CL")
