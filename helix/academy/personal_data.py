"""The academy's part of the personal-data download and of account deletion.

Enrolments are exported with their attendance and marks. On deletion, an enrolment in a cohort that
has not started, or a waiting-list place or offer that can still move, is cancelled first (the seat
goes to the first person waiting). Every enrolment is then kept, with its attendance, for the
academy's figures ("professionals trained", completion rates): it points to the directory person,
who becomes a tombstone with no name or contact data.
The person stops being an instructor of any cohort; attendance they marked forgets who marked it.
"""

from typing import Any

from django.db.models import Q
from django.utils import timezone

from helix.core.personal_data import DataSubject, register, unlink
from helix.core.seats import ACTIVE, SeatStatus

from .domain.enrolment import cancel_enrolment
from .models import Attendance, Cohort, Enrolment


def export_enrolments(subject: DataSubject) -> list[dict[str, Any]]:
    if subject.person is None:
        return []
    rows = (
        Enrolment.objects.filter(person=subject.person)
        .select_related("cohort__course")
        .prefetch_related("attendance__session")
        .order_by("created_at", "pk")
    )
    return [
        {
            "course": e.cohort.course.title,
            "cohort": e.cohort.name,
            "starts_on": e.cohort.starts_on,
            "ends_on": e.cohort.ends_on,
            "status": e.status,
            "waiting_position": e.position,
            "enrolled_at": e.created_at,
            "final_mark": e.final_mark,
            "completed_at": e.completed_at,
            "attendance": [
                {"session": a.session.title, "starts_at": a.session.starts_at, "present": a.present}
                for a in sorted(e.attendance.all(), key=lambda a: a.session.starts_at)
            ],
        }
        for e in rows
    ]


def erase_enrolments(subject: DataSubject) -> None:
    if subject.person is None:
        return
    today = timezone.localdate()
    live = Enrolment.objects.filter(person=subject.person).filter(
        Q(status__in=ACTIVE, cohort__starts_on__gt=today)
        | Q(status__in=[SeatStatus.WAITING, SeatStatus.OFFERED], cohort__ends_on__gte=today)
    )
    for enrolment in live:
        cancel_enrolment(enrolment=enrolment, actor=subject.user)


def export_teaching(subject: DataSubject) -> list[dict[str, Any]]:
    if subject.person is None:
        return []
    cohorts = Cohort.objects.filter(instructors=subject.person).select_related("course").order_by("starts_on")
    return [{"course": c.course.title, "cohort": c.name, "starts_on": c.starts_on} for c in cohorts]


def erase_teaching(subject: DataSubject) -> None:
    if subject.person is not None:
        Cohort.instructors.through.objects.filter(person=subject.person).delete()
    unlink(subject.user, (Attendance, "marked_by"))


register(
    "academy_enrolments",
    export=export_enrolments,
    erase=erase_enrolments,
    covers={"academy.Enrolment": ("person", "final_mark"), "academy.Attendance": ("enrolment", "present")},
)
register(
    "academy_teaching",
    export=export_teaching,
    erase=erase_teaching,
    covers={"academy.Cohort": ("instructors",), "academy.Attendance": ("marked_by",)},
)
