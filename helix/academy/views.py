from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from helix.core.errors import HelixError
from helix.core.forms import CapacityForm
from helix.core.seats import ACTIVE, SeatStatus
from helix.core.staff import staff_required
from helix.core.tabular import export_filename, export_response

from . import domain, exports, queries
from .domain.attendance import completion_checks
from .forms import FinalMarkForm
from .models import Attendance, Cohort, Course, Enrolment, Session
from .permissions import can_change_capacity, can_manage_cohort, can_see_online_link


def _cohort_for_staff(request, cohort_id: int) -> Cohort:
    cohort = get_object_or_404(Cohort.objects.select_related("course"), pk=cohort_id)
    domain.check_can_manage_cohort(actor=request.user, cohort=cohort)
    return cohort


# --- public --------------------------------------------------------------------------------------


@require_GET
def catalogue(request):
    kind = request.GET.get("kind") if request.GET.get("kind") in Course.Kind.values else None
    courses = queries.catalogue(kind=kind, today=timezone.localdate())
    return render(request, "academy/catalogue.html", {"courses": courses, "kind": kind, "kinds": Course.Kind.choices})


@require_GET
def course_detail(request, slug: str):
    course = get_object_or_404(Course.objects.select_related("organiser"), slug=slug, published=True)
    cohorts = queries.with_seats(course.cohorts.select_related("commune")).order_by("-starts_on")
    return render(
        request,
        "academy/course.html",
        {"course": course, "modules": course.modules.all(), "cohorts": cohorts, "today": timezone.localdate()},
    )


@require_GET
def cohort_detail(request, slug: str, cohort_id: int):
    cohort = get_object_or_404(
        queries.with_seats(Cohort.objects.select_related("course", "commune")), pk=cohort_id, course__slug=slug
    )
    if not cohort.course.published:
        raise Http404
    enrolment = None
    if request.user.is_authenticated:
        enrolment = cohort.enrolments.filter(person__user=request.user, status__in=ACTIVE).order_by("-pk").first()
    context = {
        "cohort": cohort,
        "course": cohort.course,
        "sessions": cohort.sessions.select_related("module"),
        "instructors": cohort.instructors.all(),
        "enrolment": enrolment,
        "show_link": can_see_online_link(enrolment),
        "can_manage": can_manage_cohort(request.user, cohort),
        "seats_left": None if cohort.capacity is None else max(cohort.capacity - cohort.taken, 0),
    }
    return render(request, "academy/cohort.html", context)


@login_required
@require_POST
def enrol(request, cohort_id: int):
    cohort = get_object_or_404(Cohort.objects.select_related("course"), pk=cohort_id)
    try:
        enrolment = domain.enrol(cohort=cohort, person=domain.person_for_user(request.user), actor=request.user)
    except HelixError as exc:
        messages.error(request, exc.message)
    else:
        if enrolment.status == SeatStatus.CONFIRMED:
            messages.success(request, _("Your seat is confirmed. We have sent you an e-mail."))
        else:
            messages.info(
                request,
                _("The cohort is full: you are number %(n)s on the waiting list.") % {"n": enrolment.position},
            )
    return redirect(cohort.get_absolute_url())


def _enrolment(pk: int) -> Enrolment:
    """Who may act on it is the domain's rule (`can_manage_enrolment`); the views answer a refusal with a 404,
    as for an unknown id, so other people's enrolments are not revealed."""
    return get_object_or_404(Enrolment.objects.select_related("cohort__course", "person"), pk=pk)


def _act_on_own_enrolment(request, pk: int, action, done_message):
    """Run `action(enrolment=…, actor=…)` on the enrolment; refusals look like an unknown id (404)."""
    try:
        action(enrolment=_enrolment(pk), actor=request.user)
    except PermissionDenied:
        raise Http404 from None
    except HelixError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done_message)
    return redirect("academy:mine")


@login_required
@require_POST
def cancel(request, pk: int):
    return _act_on_own_enrolment(request, pk, domain.cancel_enrolment, _("Your enrolment was cancelled."))


@login_required
@require_POST
def accept(request, pk: int):
    return _act_on_own_enrolment(request, pk, domain.accept_offer, _("Your seat is confirmed."))


@login_required
@require_GET
def mine(request):
    enrolments = list(queries.my_enrolments(request.user))
    codes = queries.my_cohort_certificates(request.user)
    for enrolment in enrolments:
        enrolment.certificate_code = codes.get(enrolment.cohort_id)
    return render(request, "academy/mine.html", {"enrolments": enrolments})


# --- staff and instructors -----------------------------------------------------------------------


def _attendance_context(cohort: Cohort) -> dict:
    sessions = list(cohort.sessions.all())
    enrolments = list(
        cohort.enrolments.filter(status=SeatStatus.CONFIRMED).select_related("person").order_by("person__last_name")
    )
    marks = {
        (a.session_id, a.enrolment_id): a.present
        for a in Attendance.objects.filter(session__cohort=cohort).only("session_id", "enrolment_id", "present")
    }
    checks = completion_checks(cohort)
    rows = [
        {
            "enrolment": e,
            "cells": [{"session": s, "present": marks.get((s.pk, e.pk))} for s in sessions],
            "check": checks.get(e.pk),
        }
        for e in enrolments
    ]
    return {"cohort": cohort, "course": cohort.course, "sessions": sessions, "rows": rows}


@login_required
@require_GET
def attendance(request, cohort_id: int):
    return _attendance_page(request, _cohort_for_staff(request, cohort_id))


def _attendance_page(request, cohort: Cohort, capacity_form: CapacityForm | None = None):
    context = _attendance_context(cohort)
    if can_change_capacity(request.user, cohort):
        context["capacity_form"] = capacity_form or CapacityForm(initial={"capacity": cohort.capacity})
    return render(request, "academy/attendance.html", context)


@login_required
@require_POST
def set_capacity(request, cohort_id: int):
    """Change the cohort's seats; seats it frees go to the waiting list (offers e-mailed)."""
    form = CapacityForm(request.POST)
    if not form.is_valid():
        return _attendance_page(request, _cohort_for_staff(request, cohort_id), capacity_form=form)
    domain.set_cohort_capacity(actor=request.user, cohort_id=cohort_id, capacity=form.cleaned_data["capacity"])
    messages.success(request, _("Capacity saved. Any seats it freed were offered to the waiting list."))
    return redirect("academy:attendance", cohort_id=cohort_id)


@login_required
@require_POST
def mark(request, cohort_id: int, session_id: int, enrolment_id: int):
    """htmx: toggle one cell of the attendance grid and return the refreshed row."""
    cohort = _cohort_for_staff(request, cohort_id)
    session = get_object_or_404(Session, pk=session_id, cohort=cohort)
    present = request.POST.get("present") == "1"
    try:
        domain.mark_attendance(session=session, enrolment_id=enrolment_id, present=present, actor=request.user)
    except HelixError as exc:
        return render(request, "academy/_error.html", {"message": exc.message}, status=400)
    return _attendance_row(request, cohort, enrolment_id)


def _attendance_row(request, cohort, enrolment_id: int):
    """The refreshed attendance-grid row of one enrolment (htmx swap)."""
    context = _attendance_context(cohort)
    row = next(r for r in context["rows"] if r["enrolment"].pk == enrolment_id)
    return render(request, "academy/_attendance_row.html", {**context, "row": row})


@login_required
@require_POST
def final_mark(request, cohort_id: int, enrolment_id: int):
    cohort = _cohort_for_staff(request, cohort_id)
    form = FinalMarkForm(request.POST)
    if not form.is_valid():
        return render(request, "academy/_error.html", {"message": form.errors["mark"][0]}, status=400)
    try:
        domain.set_final_mark(
            cohort=cohort, enrolment_id=enrolment_id, mark=form.cleaned_data["mark"], actor=request.user
        )
    except HelixError as exc:
        return render(request, "academy/_error.html", {"message": exc.message}, status=400)
    return _attendance_row(request, cohort, enrolment_id)


@login_required
@require_POST
def complete(request, cohort_id: int):
    cohort = _cohort_for_staff(request, cohort_id)
    completed = domain.evaluate_completion(cohort=cohort, actor=request.user)
    messages.success(
        request,
        _("%(n)s participants completed the course; their certificates are being e-mailed.") % {"n": len(completed)},
    )
    return redirect("academy:attendance", cohort_id=cohort.pk)


EXPORTS = {
    "enrolments": exports.enrolment_rows,
    "attendance": exports.attendance_rows,
    "certificates": exports.certificate_rows,
}


@login_required
@require_GET
def export(request, cohort_id: int, what: str, fmt: str):
    if what not in EXPORTS or fmt not in {"csv", "xlsx"}:
        raise Http404
    cohort = _cohort_for_staff(request, cohort_id)
    headers, rows = EXPORTS[what](cohort)
    return export_response(
        header=headers,
        rows=rows,
        file_format=fmt,
        filename=export_filename(cohort.course.slug, cohort.pk, what, file_format=fmt),
        title=what,
        actor=request.user,
        target=cohort,
    )


@staff_required
@require_GET
def dashboard(request):
    return render(request, "academy/dashboard.html", queries.professionals_dashboard())
