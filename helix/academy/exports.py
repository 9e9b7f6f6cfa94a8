"""Rows of the enrolments, attendance and certificates exports (the file: ``helix.core.tabular``)."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from helix.certificates.models import Certificate

from .models import Attendance, Cohort


def enrolment_rows(cohort: Cohort) -> tuple[list[str], Iterable[list]]:
    headers = [
        _("Name"),
        _("E-mail"),
        _("Status"),
        _("Waiting-list position"),
        _("Enrolled at"),
        _("Final mark"),
        _("Completed at"),
    ]
    rows = (
        [
            e.person.full_name,
            e.person.email or "",
            e.get_status_display(),
            e.position or "",
            e.created_at.isoformat(timespec="minutes"),
            e.final_mark if e.final_mark is not None else "",
            e.completed_at.isoformat(timespec="minutes") if e.completed_at else "",
        ]
        for e in cohort.enrolments.select_related("person").order_by("created_at", "pk")
    )
    return headers, rows


def attendance_rows(cohort: Cohort) -> tuple[list[str], Iterable[list]]:
    headers = [_("Session"), _("Starts at"), _("Name"), _("E-mail"), _("Present")]
    rows = (
        [
            a.session.title,
            a.session.starts_at.isoformat(timespec="minutes"),
            a.enrolment.person.full_name,
            a.enrolment.person.email or "",
            _("yes") if a.present else _("no"),
        ]
        for a in Attendance.objects.filter(session__cohort=cohort)
        .select_related("session", "enrolment__person")
        .order_by("session__starts_at", "enrolment__person__last_name", "pk")
    )
    return headers, rows


def certificate_rows(cohort: Cohort) -> tuple[list[str], Iterable[list]]:
    headers = [_("Name"), _("E-mail"), _("Kind"), _("Title"), _("Hours"), _("Issued at"), _("Verification code")]
    rows = (
        [
            c.person.full_name,
            c.person.email or "",
            c.get_kind_display(),
            c.title,
            c.hours if c.hours is not None else "",
            c.issued_at.isoformat(timespec="minutes"),
            c.code,
        ]
        for c in Certificate.objects.filter(
            subject_type=ContentType.objects.get_for_model(Cohort), subject_id=cohort.pk
        ).select_related("person")
    )
    return headers, rows
