"""Each figure's definition on a small hand-built data set; the expected counts are worked out by hand."""

import datetime as dt

import pytest
from django.utils import timezone

from helix.academy.models import Enrolment
from helix.core.seats import SeatStatus
from helix.events.models import Speaker
from helix.impact.figures import BY_KEY, KEYS, breakdown, figure_rows
from helix.impact.period import Period
from helix.matching.models import Challenge, Match, Outcome
from helix.network.domain import confirm_agreement
from helix.network.models import Agreement, Person
from helix.wheel.domain.outcomes import record_outcome
from helix.wheel.models import MeetingRequest, Side
from tests.factories import AgreementFactory, EventFactory, OrganisationFactory, PersonFactory
from tests.factories.academy import CohortFactory
from tests.factories.matching import ChallengeFactory, SolutionFactory
from tests.factories.network import commune
from tests.factories.wheel import WheelFactory, represented

from .helpers import attend, held_meeting, this_period

pytestmark = pytest.mark.django_db


def value(key, period=None):
    return BY_KEY[key].value(period or this_period())


def test_the_seven_keys_in_order_with_definitions():
    rows = figure_rows(this_period())
    assert [row["key"] for row in rows] == [
        "actors_connected",
        "municipalities_with_new_solutions",
        "companies_linked_to_public_sector",
        "regions_activated",
        "professionals_trained",
        "women_experts_visible",
        "international_entities_under_agreement",
    ]
    assert tuple(row["key"] for row in rows) == KEYS


def test_no_records_gives_zero_with_the_definition():
    rows = {row["key"]: row for row in figure_rows(this_period())}
    assert all(row["value"] == 0 for row in rows.values())
    assert rows["professionals_trained"]["label"] == "Profesionales formados"
    assert rows["professionals_trained"]["definition"] == (
        "Personas distintas que completaron un curso de la academia en el período."
    )
    assert rows["professionals_trained"]["definition_version"] == 1


def test_a_person_is_counted_once_across_several_events():
    ana, beto = PersonFactory(), PersonFactory()
    org = OrganisationFactory()
    for _ in range(3):
        event = EventFactory(starts_at=timezone.now())
        attend(event, ana, organisation=org)
    attend(EventFactory(starts_at=timezone.now()), beto)
    # A registration without check-in is not an interaction.
    outsider = PersonFactory()
    from helix.events.models import Registration

    Registration.objects.create(
        event=EventFactory(),
        person=outsider,
        name="x",
        email=outsider.email,
        status="confirmed",
        created_at=timezone.now(),
    )
    # Two people (Ana once, Beto) + one organisation.
    assert value("actors_connected") == 3
    figure = BY_KEY["actors_connected"]
    assert set(figure.record_set("people").records(this_period())) == {ana, beto}


def test_actors_outside_the_period_are_not_counted():
    ana = PersonFactory()
    attend(EventFactory(), ana, when=timezone.now() - dt.timedelta(days=400))
    assert value("actors_connected") == 0
    last_year = this_period().previous_year()
    assert value("actors_connected", Period(last_year.start - dt.timedelta(days=60), last_year.end)) == 1


def test_actors_from_meetings_challenges_and_solutions(staff_user):
    town = OrganisationFactory(kind="municipality")
    firm = OrganisationFactory()
    held_meeting(staff_user, town, firm)
    ChallengeFactory(organisation=town)  # town already counted
    SolutionFactory(provider=OrganisationFactory(), status="published")
    ChallengeFactory(status=Challenge.Status.DRAFT)  # a draft is not published: its organisation is not counted
    assert value("actors_connected") == 3


def _challenge_match(town, firm):
    challenge = ChallengeFactory(organisation=town)
    match = Match.objects.create(
        challenge=challenge, solution=SolutionFactory(provider=firm), score=0.7, computed_at=timezone.now()
    )
    return challenge, match


def test_municipalities_with_new_solutions(staff_user):
    met, piloted, waiting = (OrganisationFactory(kind="municipality") for _ in range(3))
    firm = OrganisationFactory()
    _challenge, match = _challenge_match(met, firm)
    held_meeting(staff_user, met, firm, match=match)
    held_meeting(staff_user, met, firm, match=_challenge_match(met, firm)[1])  # second challenge: still one town
    challenge = ChallengeFactory(organisation=piloted)
    Outcome.objects.create(challenge=challenge, kind=Outcome.Kind.PILOT, date=timezone.localdate())
    ChallengeFactory(organisation=waiting)  # published, never met anyone
    no_deal = ChallengeFactory(organisation=waiting)
    Outcome.objects.create(challenge=no_deal, kind=Outcome.Kind.NO_DEAL, date=timezone.localdate())
    assert value("municipalities_with_new_solutions") == 2
    records = BY_KEY["municipalities_with_new_solutions"].record_sets[0].records(this_period())
    assert set(records) == {met, piloted}


def test_companies_linked_to_the_public_sector(staff_user):
    town = OrganisationFactory(kind="municipality")
    agency = OrganisationFactory(kind="public_agency")
    met, signed, pending, private_only = (OrganisationFactory(kind="sme") for _ in range(4))
    held_meeting(staff_user, town, met)
    held_meeting(staff_user, agency, met)  # same company: once
    AgreementFactory(parties=[signed, agency], status=Agreement.Status.ACTIVE, start_date=timezone.localdate())
    AgreementFactory(parties=[pending, agency], status=Agreement.Status.PENDING)
    held_meeting(staff_user, private_only, OrganisationFactory(kind="startup"))
    university = OrganisationFactory(kind="university")
    held_meeting(staff_user, town, university)  # not a company
    assert value("companies_linked_to_public_sector") == 2
    records = BY_KEY["companies_linked_to_public_sector"].record_sets[0].records(this_period())
    assert set(records) == {met, signed}


def test_regions_activated_uses_the_threshold(settings):
    valparaiso = commune(5101)
    santiago = commune(13101)
    settings.HELIX_IMPACT_REGION_THRESHOLD = 3
    for _ in range(2):
        EventFactory(starts_at=timezone.now(), commune=valparaiso)
    ChallengeFactory(commune=valparaiso)  # third activity in Valparaíso
    EventFactory(starts_at=timezone.now(), commune=santiago)
    CohortFactory(commune=santiago, starts_on=timezone.localdate())
    EventFactory(starts_at=timezone.now(), commune=santiago, status="cancelled")  # not held
    assert value("regions_activated") == 1
    records = BY_KEY["regions_activated"].record_sets[0].records(this_period())
    assert [region.name for region in records] == [valparaiso.region.name]
    settings.HELIX_IMPACT_REGION_THRESHOLD = 2
    assert value("regions_activated") == 2


def test_professionals_trained_counts_people_who_completed():
    cohort, other = CohortFactory(), CohortFactory()
    ana, beto, carla = PersonFactory(), PersonFactory(), PersonFactory()
    now = timezone.now()
    for person, done in ((ana, now), (beto, None), (carla, now - dt.timedelta(days=500))):
        Enrolment.objects.create(
            cohort=cohort, person=person, status=SeatStatus.CONFIRMED, created_at=now, completed_at=done
        )
    # Ana completes a second course: still one professional.
    Enrolment.objects.create(cohort=other, person=ana, status=SeatStatus.CONFIRMED, created_at=now, completed_at=now)
    assert value("professionals_trained") == 1


def test_women_experts_need_declared_gender_and_consent():
    event = EventFactory(starts_at=timezone.now())
    speaker = PersonFactory(gender=Person.Gender.FEMALE, gender_public=True, public_profile=False)
    no_consent = PersonFactory(gender=Person.Gender.FEMALE, gender_public=False, public_profile=True)
    profile = PersonFactory(gender=Person.Gender.FEMALE, gender_public=True, public_profile=True)
    man = PersonFactory(gender=Person.Gender.MALE, gender_public=True, public_profile=True)
    hidden = PersonFactory(gender=Person.Gender.FEMALE, gender_public=True, public_profile=False)  # neither
    for person in (speaker, no_consent, man):
        Speaker.objects.create(event=event, person=person)
    Speaker.objects.create(event=EventFactory(starts_at=timezone.now()), person=speaker)  # twice: once
    assert value("women_experts_visible") == 2
    records = BY_KEY["women_experts_visible"].record_sets[0].records(this_period())
    assert set(records) == {speaker, profile}
    assert hidden not in records


def test_international_entities_only_under_active_agreements():
    today = timezone.localdate()
    home = OrganisationFactory()
    active = OrganisationFactory(country="AR", commune=None, region=None)
    expired = OrganisationFactory(country="PE", commune=None, region=None)
    ended = OrganisationFactory(country="CO", commune=None, region=None)
    cepal = OrganisationFactory(kind="international")  # based in Chile, international organisation
    AgreementFactory(parties=[home, active], status="active", start_date=today - dt.timedelta(days=30))
    AgreementFactory(
        parties=[home, active], status="active", start_date=today - dt.timedelta(days=10)
    )  # second agreement: same entity
    AgreementFactory(
        parties=[home, expired],
        status="expired",
        start_date=today - dt.timedelta(days=400),
        end_date=today - dt.timedelta(days=5),
    )
    AgreementFactory(
        parties=[home, ended],
        status="active",
        start_date=today - dt.timedelta(days=400),
        end_date=today - dt.timedelta(days=5),
    )
    AgreementFactory(parties=[home, cepal], status="active", start_date=today - dt.timedelta(days=3))
    period = Period(today - dt.timedelta(days=30), today)
    assert value("international_entities_under_agreement", period) == 2
    records = BY_KEY["international_entities_under_agreement"].record_sets[0].records(period)
    assert set(records) == {active, cepal}


def test_agreement_confirmed_through_the_wheel_journey_counts_once(staff_user):
    wheel = WheelFactory(date=timezone.localdate())
    town, town_user = represented(wheel, Side.BUYER, organisation__kind="municipality")
    firm, firm_user = represented(wheel, Side.SUPPLIER, organisation__country="AR", organisation__commune=None)
    challenge = ChallengeFactory(organisation=town.organisation)
    match = Match.objects.create(
        challenge=challenge, solution=SolutionFactory(provider=firm.organisation), score=0.8, computed_at=timezone.now()
    )
    request = MeetingRequest.objects.create(
        wheel=wheel, from_participant=town, to_participant=firm, priority="must", source_match=match
    )
    from helix.wheel.domain import dayof

    meeting = dayof.create_meeting(
        user=staff_user, wheel=wheel, a=town, b=firm, slot=wheel.slots.first(), table=1, status="scheduled"
    )
    meeting.request = request
    meeting.save(update_fields=["request"])
    # Both sides record "agreement": one agreement, confirmed by both.
    record_outcome(user=town_user, meeting=meeting, participant=town, outcome="agreement")
    record_outcome(user=firm_user, meeting=meeting, participant=firm, outcome="agreement")
    agreement = Agreement.objects.get()
    assert value("international_entities_under_agreement") == 0  # pending: not active yet
    confirm_agreement(actor=town_user, agreement=agreement)
    confirm_agreement(actor=firm_user, agreement=agreement)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ACTIVE
    assert value("international_entities_under_agreement") == 1
    assert value("municipalities_with_new_solutions") == 1
    # Two organisations, two representatives, each once (meeting, agreement, challenge, solution).
    assert value("actors_connected") == 4


def test_breakdowns_by_year_region_sector_and_country(staff_user):
    town = OrganisationFactory(kind="municipality", commune=commune(13101))
    firm = OrganisationFactory(kind="sme", country="AR", commune=None, region=None)
    held_meeting(staff_user, town, firm)
    result = breakdown(BY_KEY["companies_linked_to_public_sector"], this_period())
    assert result["country"] == [{"value": "AR", "label": "Argentina", "count": 1}]
    assert result["sector"] == [{"value": "company", "label": "Empresa", "count": 1}]
    assert result["region"] == [{"value": None, "label": "Sin registrar", "count": 1}]
    assert sum(row["count"] for row in result["year"]) == 1
    actors = breakdown(BY_KEY["actors_connected"], this_period())
    assert {row["label"]: row["count"] for row in actors["sector"]} == {"Gobierno": 1, "Empresa": 1}
