"""Annotated querysets for academy lists and the "professionals trained" figures."""

import datetime as dt

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, ExtractYear

from helix.certificates.models import Certificate
from helix.core.seats import HOLDING, SeatStatus
from helix.network.models import Membership
from helix.network.models.organisations import Sector
from helix.territory.models import Region

from .models import Cohort, Course, Enrolment


def with_seats(qs: QuerySet[Cohort]) -> QuerySet[Cohort]:
    """Cohorts with `taken` (confirmed + offered) and `waiting` counts."""
    return qs.annotate(
        taken=Count("enrolments", filter=Q(enrolments__status__in=HOLDING), distinct=True),
        waiting=Count("enrolments", filter=Q(enrolments__status=SeatStatus.WAITING), distinct=True),
    )


def catalogue(*, kind: str | None = None, today: dt.date) -> QuerySet[Course]:
    """Published courses with their not-yet-finished cohorts (seat counts included) prefetched."""
    courses = Course.objects.filter(published=True).select_related("organiser").order_by("title")
    if kind:
        courses = courses.filter(kind=kind)
    upcoming = with_seats(Cohort.objects.filter(ends_on__gte=today).select_related("commune")).order_by("starts_on")
    return courses.prefetch_related(Prefetch("cohorts", queryset=upcoming, to_attr="open_cohorts"))


def my_enrolments(user) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(person__user=user)
        .select_related("cohort__course", "cohort__commune")
        .order_by("-cohort__starts_on", "-pk")
    )


def my_cohort_certificates(user) -> dict[int, str]:
    """Cohort id → verification code of the user's completion certificates (one query)."""
    rows = Certificate.objects.filter(
        person__user=user,
        kind=Certificate.Kind.COMPLETION,
        subject_type__app_label=Cohort._meta.app_label,
        subject_type__model=Cohort._meta.model_name,
    ).values_list("subject_id", "code")
    return dict(rows)


# --- professionals trained -----------------------------------------------------------------------
# A professional trained is a distinct person with at least one completed enrolment. Their region is
# the region of their commune, or else of the organisation of their first approved membership; their
# sector is that organisation's sector.


def _first_org(field: str):
    return Subquery(
        Membership.objects.filter(person=OuterRef("person"), status=Membership.Status.APPROVED)
        .order_by("pk")
        .values(f"organisation__{field}")[:1]
    )


def completions(*, year: int | None = None, region_id: int | None = None, sector: str | None = None):
    """Completed enrolments annotated with `region_id`, `sector` and `year`, optionally filtered."""
    qs = Enrolment.objects.filter(completed_at__isnull=False).annotate(
        region_id=Coalesce(F("person__commune__region_id"), _first_org("region_id"), output_field=IntegerField()),
        sector=_first_org("sector"),
        year=ExtractYear("completed_at"),
    )
    if year is not None:
        qs = qs.filter(year=year)
    if region_id is not None:
        qs = qs.filter(region_id=region_id)
    if sector is not None:
        qs = qs.filter(sector=sector)
    return qs


def professionals_trained(*, year: int | None = None, region_id: int | None = None, sector: str | None = None) -> int:
    """Distinct people who completed at least one course (within the filters given)."""
    return completions(year=year, region_id=region_id, sector=sector).aggregate(n=Count("person", distinct=True))["n"]


def professionals_trained_by(dimension: str) -> list[tuple]:
    """[(key, count)] of distinct people per `region_id`, `sector` or `year`; a person counts once
    per key (someone who completed courses in two years counts in each year)."""
    if dimension not in {"region_id", "sector", "year"}:
        raise ValueError(dimension)
    rows = (
        completions()
        .values(dimension)
        .annotate(n=Count("person", distinct=True))
        .order_by(dimension)
        .values_list(dimension, "n")
    )
    return list(rows)


def professionals_dashboard() -> dict:
    """Everything the staff dashboard shows, in a fixed number of queries (5)."""
    by_region = professionals_trained_by("region_id")
    regions = Region.objects.in_bulk([key for key, _n in by_region if key])
    return {
        "total": professionals_trained(),
        "by_region": [(regions.get(key), n) for key, n in by_region],
        "by_sector": [(Sector(key).label if key else None, n) for key, n in professionals_trained_by("sector")],
        "by_year": professionals_trained_by("year"),
    }
