"""The source records the figures read, each filtered to a period. One place for "what happened when":
a held meeting, a signed agreement, a published challenge — so every figure reads them the same way."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce

from helix.academy.models import Cohort, Enrolment
from helix.core.seats import SeatStatus
from helix.events.models import Attendance, Event, Registration, Speaker
from helix.matching.models import Challenge, Outcome, PipelineEvent, Solution, Stage
from helix.network.models import Agreement
from helix.surveys.models import Response
from helix.wheel.models import DirectMeeting, Meeting

from ..period import Period

HELD = (Meeting.Status.HELD, Meeting.Status.WALK_IN)
# An agreement that was signed (confirmed by its parties) at some point, whatever its state today.
SIGNED = (Agreement.Status.ACTIVE, Agreement.Status.EXPIRED, Agreement.Status.TERMINATED)
# Outcomes that put a solution in the municipality's hands.
REACHED_OUTCOMES = (Outcome.Kind.PILOT, Outcome.Kind.AGREEMENT, Outcome.Kind.PURCHASE, Outcome.Kind.SOLVED)


def event_region(prefix: str = "") -> Coalesce:
    """The region an event sits in: its own (an event abroad sits in its country's region), else its
    commune's, else its organiser's (events saved before they had a region of their own)."""
    return Coalesce(f"{prefix}region_id", f"{prefix}commune__region_id", f"{prefix}organiser__region_id")


def _in(period: Period, path: str) -> Q:
    """A DateTimeField `path` within the period's days (current time zone)."""
    first, after = period.bounds()
    return Q(**{f"{path}__gte": first, f"{path}__lt": after})


def _days(period: Period, path: str) -> Q:
    """A DateField `path` within the period."""
    return Q(**{f"{path}__gte": period.start, f"{path}__lte": period.end})


def held_meetings(period: Period) -> QuerySet:
    """Wheel meetings that took place on a day of the period."""
    return Meeting.objects.filter(_days(period, "wheel__date"), status__in=HELD)


def held_direct_meetings(period: Period) -> QuerySet:
    """Direct meetings both sides agreed on, at a time in the period."""
    return DirectMeeting.objects.filter(_in(period, "starts_at"), status=DirectMeeting.Status.CONFIRMED)


def signed_agreements(period: Period) -> QuerySet:
    """Agreements signed (started) in the period; pending and in-negotiation ones are not signed."""
    return Agreement.objects.filter(_days(period, "start_date"), status__in=SIGNED)


def agreements_in_force(period: Period) -> QuerySet:
    """Agreements active today and in force at the end of the period (expired or ended ones are not)."""
    return Agreement.objects.filter(status=Agreement.Status.ACTIVE, start_date__lte=period.end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=period.end)
    )


def attended_registrations(period: Period) -> QuerySet:
    """Event registrations checked in (to the event or one of its sessions) during the period."""
    return Registration.objects.filter(
        pk__in=Attendance.objects.filter(_in(period, "checked_in_at")).values("registration")
    )


def published_challenges(period: Period) -> QuerySet:
    return Challenge.objects.filter(_in(period, "created_at")).exclude(status=Challenge.Status.DRAFT)


def published_solutions(period: Period) -> QuerySet:
    return Solution.objects.filter(_in(period, "created_at"), status=Solution.Status.PUBLISHED)


def submitted_responses(period: Period) -> QuerySet:
    return Response.objects.filter(_in(period, "submitted_at"), status=Response.Status.SUBMITTED)


def taught_enrolments(period: Period) -> QuerySet:
    """Confirmed places in cohorts that ran (at least partly) during the period."""
    return Enrolment.objects.filter(
        status=SeatStatus.CONFIRMED, cohort__starts_on__lte=period.end, cohort__ends_on__gte=period.start
    )


def completed_enrolments(period: Period) -> QuerySet:
    return Enrolment.objects.filter(_in(period, "completed_at"))


def event_speakers(period: Period) -> QuerySet:
    """Speakers and moderators of published events that started in the period."""
    return Speaker.objects.filter(_in(period, "event__starts_at"), event__status=Event.Status.PUBLISHED)


def held_events(period: Period) -> QuerySet:
    return Event.objects.filter(_in(period, "starts_at"), status=Event.Status.PUBLISHED)


def running_cohorts(period: Period) -> QuerySet:
    return Cohort.objects.filter(starts_on__lte=period.end, ends_on__gte=period.start)


def challenges_reaching_solutions(period: Period) -> QuerySet:
    """Challenges that, during the period, reached a held meeting, a pilot or an agreement."""
    via = (
        Q(
            pk__in=held_meetings(period)
            .filter(request__source_match__isnull=False)
            .values("request__source_match__challenge")
        )
        | Q(pk__in=held_direct_meetings(period).values("match__challenge"))
        | Q(pk__in=Outcome.objects.filter(_days(period, "date"), kind__in=REACHED_OUTCOMES).values("challenge"))
        | Q(pk__in=signed_agreements(period).filter(challenge__isnull=False).values("challenge"))
        | Q(
            pk__in=PipelineEvent.objects.filter(
                _in(period, "created_at"), to_stage__in=[Stage.PILOT, Stage.SOLVED]
            ).values("entry__challenge")
        )
    )
    return Challenge.objects.filter(via)
