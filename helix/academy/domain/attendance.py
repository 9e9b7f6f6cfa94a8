"""Attendance per session, final marks, and the completion evaluation that issues certificates."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helix.certificates.domain import issue_certificates_for
from helix.core.errors import HelixError
from helix.core.seats import SeatStatus

from ..models import Attendance, Cohort, Enrolment, Session
from ..permissions import can_manage_cohort
from .completion import CompletionCheck, check_completion


def check_can_manage_cohort(*, actor, cohort: Cohort) -> None:
    """Raise ``PermissionDenied`` (translated) unless `actor` is staff or one of the cohort's instructors."""
    if not can_manage_cohort(actor, cohort):
        raise PermissionDenied(_("Only staff and the cohort's instructors can do this."))


def _confirmed(cohort_id: int, enrolment_id: int) -> Enrolment:
    enrolment = Enrolment.objects.filter(pk=enrolment_id, cohort_id=cohort_id).first()
    if enrolment is None or enrolment.status != SeatStatus.CONFIRMED:
        raise HelixError(_("Only confirmed participants of this cohort can be marked."), code="not_confirmed")
    return enrolment


def mark_attendance(
    *, session: Session, enrolment_id: int, present: bool, actor, now: dt.datetime | None = None
) -> Attendance:
    """Record presence or absence of a confirmed participant at a session (last mark wins)."""
    check_can_manage_cohort(actor=actor, cohort=session.cohort)
    enrolment = _confirmed(session.cohort_id, enrolment_id)
    attendance, _created = Attendance.objects.update_or_create(
        session=session,
        enrolment=enrolment,
        defaults={"present": present, "marked_by": actor, "marked_at": now or timezone.now()},
    )
    return attendance


def set_final_mark(*, cohort: Cohort, enrolment_id: int, mark: Decimal | None, actor) -> Enrolment:
    """Store the final assessment mark (1.0–7.0) of a confirmed participant."""
    check_can_manage_cohort(actor=actor, cohort=cohort)
    if mark is not None and not (Decimal("1.0") <= Decimal(mark) <= Decimal("7.0")):
        raise HelixError(_("The mark must be between 1.0 and 7.0."), code="mark_range")
    enrolment = _confirmed(cohort.pk, enrolment_id)
    enrolment.final_mark = mark
    enrolment.save(update_fields=["final_mark"])
    return enrolment


def completion_checks(cohort: Cohort) -> dict[int, CompletionCheck]:
    """The completion rule applied to every confirmed participant (enrolment id → check); 2 queries."""
    sessions = cohort.sessions.count()
    rows = (
        cohort.enrolments.filter(status=SeatStatus.CONFIRMED)
        .annotate(attended=Count("attendance", filter=Q(attendance__present=True)))
        .values_list("pk", "attended", "final_mark")
    )
    course = cohort.course
    return {
        pk: check_completion(
            attended=attended,
            sessions=sessions,
            threshold=course.attendance_threshold,
            mark=mark,
            pass_mark=course.pass_mark,
        )
        for pk, attended, mark in rows
    }


def evaluate_completion(*, cohort: Cohort, actor, now: dt.datetime | None = None, issue: bool = True) -> list:
    """Apply the completion rule to the cohort; set or clear `completed_at`; issue completion
    certificates (and their e-mails, in the background) to everyone who completed.

    Idempotent: re-running keeps the first completion date and issues no duplicate certificate.
    Returns the enrolments that are complete. Staff and the cohort's instructors only (``PermissionDenied``).
    """
    check_can_manage_cohort(actor=actor, cohort=cohort)
    now = now or timezone.now()
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().select_related("course").get(pk=cohort.pk)
        checks = completion_checks(cohort)
        done_ids = [pk for pk, check in checks.items() if check.completed]
        not_done = [pk for pk, check in checks.items() if not check.completed]
        Enrolment.objects.filter(pk__in=done_ids, completed_at__isnull=True).update(completed_at=now)
        Enrolment.objects.filter(pk__in=not_done).update(completed_at=None)
        cohort.completion_evaluated_at = now
        cohort.save(update_fields=["completion_evaluated_at"])
        completed = list(Enrolment.objects.filter(pk__in=done_ids).select_related("person"))
    if issue and completed:
        course = cohort.course
        issue_certificates_for(
            subject=cohort,
            people=[e.person for e in completed],
            kind="completion",
            title=course.title,
            hours=course.hours or None,
            by=actor,
        )
    return completed
