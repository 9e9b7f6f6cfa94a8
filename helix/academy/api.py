"""Academy API: course catalogue, cohorts, and the signed-in user's own enrolments."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status

from helix.apitokens.auth import signed_in
from helix.core.api import Id, Pagination, ShortText

from . import domain, queries
from .models import Cohort, Enrolment

router = Router(tags=["academy"])


class CohortOut(Schema):
    id: int
    name: str
    starts_on: dt.date
    ends_on: dt.date
    mode: str
    capacity: int | None
    seats_taken: int
    waiting: int
    commune: str | None
    enrolment_open: bool

    @staticmethod
    def resolve_seats_taken(obj) -> int:
        return getattr(obj, "taken", 0)

    @staticmethod
    def resolve_waiting(obj) -> int:
        return getattr(obj, "waiting", 0)

    @staticmethod
    def resolve_commune(obj) -> str | None:
        return obj.commune.name if obj.commune_id else None


class CourseOut(Schema):
    slug: str
    title: str
    kind: str
    summary: str
    hours: Decimal
    attendance_threshold: int
    pass_mark: Decimal | None
    url: str
    cohorts: list[CohortOut]

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_cohorts(obj) -> list:
        return getattr(obj, "open_cohorts", [])


class EnrolmentOut(Schema):
    id: int
    cohort_id: Id
    course: str
    status: str
    position: int | None
    offer_expires_at: dt.datetime | None
    completed_at: dt.datetime | None

    @staticmethod
    def resolve_course(obj) -> str:
        return obj.cohort.course.title


@router.get("/courses", response=list[CourseOut], summary="Published courses with their upcoming cohorts")
@paginate(Pagination)
def list_courses(request, kind: ShortText | None = None):
    return list(queries.catalogue(kind=kind, today=timezone.localdate()))


@router.get("/courses/{slug}", response=CourseOut)
def get_course(request, slug: ShortText):
    courses = queries.catalogue(today=timezone.localdate()).filter(slug=slug)
    return get_object_or_404(courses)


@router.get("/cohorts/{cohort_id}", response=CohortOut)
def get_cohort(request, cohort_id: Id):
    return get_object_or_404(
        queries.with_seats(Cohort.objects.select_related("commune")), pk=cohort_id, course__published=True
    )


@router.get("/enrolments", response=list[EnrolmentOut], auth=signed_in, summary="My enrolments")
@paginate(Pagination)
def my_enrolments(request):
    return list(queries.my_enrolments(request.user))


@router.post("/cohorts/{cohort_id}/enrol", response={201: EnrolmentOut}, auth=signed_in, summary="Enrol")
def enrol(request, cohort_id: Id):
    cohort = get_object_or_404(Cohort.objects.select_related("course"), pk=cohort_id)
    enrolment = domain.enrol(cohort=cohort, person=domain.person_for_user(request.user), actor=request.user)
    return Status(201, Enrolment.objects.select_related("cohort__course").get(pk=enrolment.pk))


@router.post("/enrolments/{enrolment_id}/cancel", response=EnrolmentOut, auth=signed_in)
def cancel(request, enrolment_id: Id):
    enrolment = get_object_or_404(Enrolment.objects.select_related("cohort__course", "person"), pk=enrolment_id)
    try:
        domain.cancel_enrolment(enrolment=enrolment, actor=request.user)
    except PermissionDenied:
        # Same answer as for an unknown id: do not reveal other people's enrolments.
        raise HttpError(404, "Not found") from None
    return Enrolment.objects.select_related("cohort__course").get(pk=enrolment.pk)
