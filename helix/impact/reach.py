"""Which municipalities a challenge of theirs took somewhere: shared by the coverage map and the impact
figure "municipalities with access to new solutions"."""

from __future__ import annotations

from django.db.models import Q

from helix.matching.models import Outcome
from helix.network.models import Agreement, Organisation
from helix.network.models.organisations import OrganisationKind
from helix.wheel.models import DirectMeeting, Meeting

from .period import Period

HELD = (Meeting.Status.HELD, Meeting.Status.WALK_IN)
# Outcomes that mean the challenge reached a pilot or an agreement (a "no deal" does not).
REACHING_OUTCOMES = (Outcome.Kind.PILOT, Outcome.Kind.AGREEMENT, Outcome.Kind.PURCHASE, Outcome.Kind.SOLVED)
LIVE_AGREEMENTS = (Agreement.Status.ACTIVE, Agreement.Status.EXPIRED, Agreement.Status.TERMINATED)


def municipalities_reached(period: Period, country: str | None = None) -> set[int]:
    """Primary keys of the municipalities with a challenge that, within the period, reached a held
    meeting (wheel or direct), a pilot or an agreement. A municipality counts once however many of its
    challenges did. `country` (ISO alpha-2) limits it to that country's municipalities."""
    first, after = period.bounds()
    in_days = Q(date__gte=period.start, date__lte=period.end)
    sources = (
        # a wheel meeting held about the challenge (the request came from its match)
        Meeting.objects.filter(status__in=HELD, slot__starts_at__gte=first, slot__starts_at__lt=after).values_list(
            "request__source_match__challenge__organisation_id", flat=True
        ),
        # a direct meeting confirmed for a date in the period
        DirectMeeting.objects.filter(
            status=DirectMeeting.Status.CONFIRMED, starts_at__gte=first, starts_at__lt=after
        ).values_list("match__challenge__organisation_id", flat=True),
        Outcome.objects.filter(in_days, kind__in=REACHING_OUTCOMES).values_list(
            "challenge__organisation_id", flat=True
        ),
        # an agreement reached from the challenge, counted when confirmed (or created, if never confirmed)
        Agreement.objects.filter(challenge__isnull=False, status__in=LIVE_AGREEMENTS)
        .filter(
            Q(confirmed_at__gte=first, confirmed_at__lt=after)
            | Q(confirmed_at__isnull=True, created_at__gte=first, created_at__lt=after)
        )
        .values_list("challenge__organisation_id", flat=True),
    )
    ids: set[int] = set()
    for source in sources:
        ids.update(pk for pk in source.distinct() if pk is not None)
    municipalities = Organisation.objects.filter(pk__in=ids, kind=OrganisationKind.MUNICIPALITY)
    if country:
        municipalities = municipalities.filter(country=country.upper())
    return set(municipalities.values_list("pk", flat=True))
