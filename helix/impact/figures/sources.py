"""The seven impact figures, each with its written definition. Bump a figure's `definition_version`
whenever what it counts changes: reports quote the version next to the number."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from helix.network.models import Agreement, Organisation, Person
from helix.network.models.organisations import OrganisationKind, Sector
from helix.territory.models import Region

from ..period import Period
from . import records as r
from .base import Figure, RecordSet

ORGANISATION_BREAKDOWNS = {"region": "region__name", "sector": "sector", "country": "country"}
PERSON_BREAKDOWNS = {"region": "commune__region__name"}


def _any_of(*subqueries) -> Q:
    """In any of the subqueries, as one `IN (… UNION …)`: OR-ed `IN` subqueries are re-scanned for every
    row once they outgrow PostgreSQL's work_mem (minutes at scale 30); their union is hashed once."""
    first, *rest = (sq.order_by() for sq in subqueries)
    return Q(pk__in=first.union(*rest)) if rest else Q(pk__in=first)


# --- actors connected -----------------------------------------------------------------------------


def connected_organisations(period: Period) -> QuerySet:
    meetings = r.held_meetings(period)
    direct = r.held_direct_meetings(period)
    return Organisation.objects.filter(
        _any_of(
            r.attended_registrations(period).filter(organisation__isnull=False).values("organisation"),
            meetings.values("a__organisation"),
            meetings.values("b__organisation"),
            direct.values("proposer"),
            direct.values("invitee"),
            r.submitted_responses(period).values("organisation"),
            r.signed_agreements(period).values("parties"),
            r.published_challenges(period).values("organisation"),
            r.published_solutions(period).values("provider"),
        )
    )


def connected_people(period: Period) -> QuerySet:
    meetings = r.held_meetings(period)
    return Person.objects.filter(
        _any_of(
            r.attended_registrations(period).filter(person__isnull=False).values("person"),
            r.taught_enrolments(period).values("person"),
            r.completed_enrolments(period).values("person"),
            r.event_speakers(period).values("person"),
            meetings.values("a__representatives"),
            meetings.values("b__representatives"),
        )
    )


# --- municipalities with access to new solutions --------------------------------------------------


def municipalities_reached(period: Period) -> QuerySet:
    return Organisation.objects.filter(
        kind=OrganisationKind.MUNICIPALITY,
        pk__in=r.challenges_reaching_solutions(period).values("organisation"),
    )


# --- companies linked to the public sector --------------------------------------------------------


def companies_linked(period: Period) -> QuerySet:
    government = Sector.GOVERNMENT
    meetings = r.held_meetings(period)
    direct = r.held_direct_meetings(period)
    return Organisation.objects.filter(sector=Sector.COMPANY).filter(
        _any_of(
            meetings.filter(b__organisation__sector=government).values("a__organisation"),
            meetings.filter(a__organisation__sector=government).values("b__organisation"),
            direct.filter(invitee__sector=government).values("proposer"),
            direct.filter(proposer__sector=government).values("invitee"),
            Agreement.parties.through.objects.filter(
                agreement__in=r.signed_agreements(period).filter(parties__sector=government)
            ).values("organisation"),
        )
    )


# --- regions activated ----------------------------------------------------------------------------


def region_threshold() -> int:
    """Activities a region needs in the period to count as activated (setting HELIX_IMPACT_REGION_THRESHOLD)."""
    return max(1, int(getattr(settings, "HELIX_IMPACT_REGION_THRESHOLD", 20)))


def region_activity(period: Period) -> dict[int, int]:
    """Activities per region id: events held there, academy cohorts run there, challenges published there."""
    counts: dict[int, int] = {}
    sources = (
        (r.held_events(period), r.event_region()),  # an event abroad counts in its own region
        (r.running_cohorts(period), F("commune__region")),
        (r.published_challenges(period), F("region")),
    )
    for queryset, region in sources:
        rows = queryset.annotate(place=region).order_by().values_list("place").annotate(n=Count("pk"))
        for region_id, n in rows:
            if region_id is not None:
                counts[region_id] = counts.get(region_id, 0) + n
    return counts


def activated_regions(period: Period) -> QuerySet:
    threshold = region_threshold()
    ids = [region_id for region_id, n in region_activity(period).items() if n >= threshold]
    return Region.objects.filter(pk__in=ids)


# --- professionals trained ------------------------------------------------------------------------


def trained_people(period: Period) -> QuerySet:
    return Person.objects.filter(pk__in=r.completed_enrolments(period).values("person"))


# --- women experts made visible -------------------------------------------------------------------


def visible_women_experts(period: Period) -> QuerySet:
    """Women by their own declaration *and* with consent to show it (gender_public); without consent a
    person is never counted, whatever she declared."""
    _first, after = period.bounds()
    return Person.objects.filter(gender=Person.Gender.FEMALE, gender_public=True).filter(
        Q(pk__in=r.event_speakers(period).values("person")) | Q(public_profile=True, created_at__lt=after)
    )


# --- international entities under an active agreement ---------------------------------------------


def international_partners(period: Period) -> QuerySet:
    return Organisation.objects.filter(~Q(country="CL") | Q(kind=OrganisationKind.INTERNATIONAL)).filter(
        pk__in=r.agreements_in_force(period).values("parties")
    )


FIGURES: tuple[Figure, ...] = (
    Figure(
        key="actors_connected",
        label=_("Actors connected"),
        unit=_("actors"),
        definition=_(
            "Distinct organisations and people with at least one interaction in the period: event "
            "attendance, a held wheel or direct meeting, an academy enrolment, a submitted survey response, "
            "a signed agreement, or a published challenge or solution. Each one counts once."
        ),
        definition_version=1,
        record_sets=(
            RecordSet("organisations", _("Organisations"), connected_organisations, ORGANISATION_BREAKDOWNS),
            RecordSet("people", _("People"), connected_people, PERSON_BREAKDOWNS),
        ),
    ),
    Figure(
        key="municipalities_with_new_solutions",
        label=_("Municipalities with access to new solutions"),
        unit=_("municipalities"),
        definition=_(
            "Municipalities with a challenge that, in the period, reached a held meeting with a provider, "
            "a pilot or an agreement."
        ),
        definition_version=1,
        record_sets=(RecordSet("organisations", _("Municipalities"), municipalities_reached, ORGANISATION_BREAKDOWNS),),
    ),
    Figure(
        key="companies_linked_to_public_sector",
        label=_("Companies linked to the public sector"),
        unit=_("companies"),
        definition=_(
            "Companies with at least one held meeting or signed agreement with a government organisation in the period."
        ),
        definition_version=1,
        record_sets=(RecordSet("organisations", _("Companies"), companies_linked, ORGANISATION_BREAKDOWNS),),
    ),
    Figure(
        key="regions_activated",
        label=_("Regions activated"),
        unit=_("regions"),
        definition=_(
            "Regions with at least %(threshold)s activities in the period (events held, academy cohorts run "
            "and challenges published there)."
        ),
        definition_version=1,
        definition_params=lambda: {"threshold": region_threshold()},
        record_sets=(RecordSet("regions", _("Regions"), activated_regions, {"region": "name"}),),
    ),
    Figure(
        key="professionals_trained",
        label=_("Professionals trained"),
        unit=_("people"),
        definition=_("Distinct people who completed an academy course in the period."),
        definition_version=1,
        record_sets=(RecordSet("people", _("People"), trained_people, PERSON_BREAKDOWNS),),
    ),
    Figure(
        key="women_experts_visible",
        label=_("Women experts made visible"),
        unit=_("women"),
        definition=_(
            "Distinct women, by the gender they declared and agreed to show, who spoke at or moderated an "
            "event in the period or hold a public expert profile. Without that consent nobody is counted."
        ),
        definition_version=1,
        record_sets=(RecordSet("people", _("Women experts"), visible_women_experts, PERSON_BREAKDOWNS),),
    ),
    Figure(
        key="international_entities_under_agreement",
        label=_("International entities under an active agreement"),
        unit=_("entities"),
        definition=_(
            "Organisations based outside Chile, or international organisations, that are party to an "
            "agreement active at the end of the period. Expired or ended agreements do not count."
        ),
        definition_version=1,
        record_sets=(
            RecordSet(
                "organisations", _("Entities"), international_partners, {"sector": "sector", "country": "country"}
            ),
        ),
    ),
)

BY_KEY = {figure.key: figure for figure in FIGURES}
