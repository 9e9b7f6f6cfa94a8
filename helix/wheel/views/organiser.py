"""Organiser pages: wheel setup, dashboard with scheduling runs, requests, meetings, board, files."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helix.core import audit
from helix.core.errors import HelixError
from helix.core.pagination import paginate
from helix.core.tabular import Limits, export_filename, export_response, upload_bytes

from ..documents import table_sheets_pdf
from ..domain import dayof, scheduling, setup, table_import, transfer
from ..domain import requests as requests_domain
from ..domain.outcomes import funnel
from ..domain.sessions import breaks_verdict, participant_breaks, tie_to_session
from ..forms import ImportForm, OrganiserRequestForm, ScheduleForm, TableImportForm, WheelForm
from ..models import Meeting, MeetingRequest, ScheduleRun, Wheel
from ..permissions import can_manage_wheel
from ..queries import board, meetings_with_people, participants_with_counts, requests_of
from .common import int_or_404, managed_wheel

BOARD_ALL_SLOTS_UP_TO = 400  # tables over all slots; above that the live board shows one slot at a time


@login_required
def wheel_form(request, pk: int | None = None):
    wheel = managed_wheel(request, pk) if pk else None
    if wheel is None and not request.user.is_staff:
        raise PermissionDenied
    form = WheelForm(request.POST or None, instance=wheel, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = setup.save_wheel(
                actor=request.user,
                wheel=wheel,
                fields=form.cleaned_data,
                slot_tables=form.cleaned_data.get("slot_tables", {}),
                sessions=form.cleaned_data.get("sessions", []),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Wheel saved."))
            return redirect("wheel:dashboard", saved.pk)
    return render(request, "wheel/wheel_form.html", {"form": form, "wheel": wheel})


@login_required
def dashboard(request, pk: int):
    wheel = managed_wheel(request, pk)
    runs = list(wheel.runs.all()[:5])
    weights = requests_domain.pair_weights(wheel=wheel)
    awaiting = 0
    if wheel.mode == Wheel.Mode.CONFIRM:
        awaiting = (
            wheel.requests.filter(status=MeetingRequest.Status.PENDING)
            .exclude(priority=MeetingRequest.Priority.NO_THANKS)
            .count()
        )
    return render(
        request,
        "wheel/dashboard.html",
        {
            "wheel": wheel,
            "schedulable": len(weights),
            "schedulable_weight": sum(w.weight for w in weights.values()),
            "awaiting": awaiting,
            "funnel": funnel(wheel=wheel),
            "runs": runs,
            "latest": runs[0] if runs else None,
            "participant_count": wheel.participants.count(),
            "form": ScheduleForm(initial={"time_limit": 10}),
        },
    )


@login_required
@require_POST
def schedule_now(request, pk: int):
    wheel = managed_wheel(request, pk)
    form = ScheduleForm(request.POST)
    error = ""
    if not form.is_valid():
        error = " ".join(e for errs in form.errors.values() for e in errs)
    else:
        try:
            run = scheduling.start_run(user=request.user, wheel=wheel, **form.cleaned_data)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if request.htmx:
        if error:  # shown in place of the run panel, next to the form
            return render(request, "wheel/_run_error.html", {"error": error})
        return render(request, "wheel/_run.html", {"run": ScheduleRun.objects.get(pk=run.pk), "wheel": wheel})
    if error:
        messages.error(request, error)
    return redirect("wheel:dashboard", wheel.pk)


@login_required
def run_status(request, pk: int):
    run = get_object_or_404(ScheduleRun.objects.select_related("wheel__event"), pk=pk)
    if not can_manage_wheel(request.user, run.wheel):
        raise PermissionDenied
    return render(request, "wheel/_run.html", {"run": run, "wheel": run.wheel})


@login_required
@require_POST
def publish(request, pk: int):
    wheel = managed_wheel(request, pk)
    try:
        count = scheduling.publish(user=request.user, wheel=wheel)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(n)d meetings published; agendas are being e-mailed.") % {"n": count})
    return redirect("wheel:dashboard", wheel.pk)


@login_required
def manage_requests(request, pk: int):
    wheel = managed_wheel(request, pk)
    form = OrganiserRequestForm(request.POST or None, wheel=wheel)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        session = data.pop("session", None)
        try:
            with transaction.atomic():
                added = requests_domain.organiser_add(user=request.user, wheel=wheel, **data)
                if session is not None:
                    tie_to_session(user=request.user, request=added, session=session)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Request added."))
            return redirect("wheel:manage_requests", wheel.pk)
    page = paginate(request, requests_of(wheel).order_by("-created_at"), 50)
    return render(request, "wheel/manage_requests.html", {"wheel": wheel, "form": form, "page": page})


@login_required
@require_POST
def remove_request(request, pk: int):
    req = get_object_or_404(MeetingRequest.objects.select_related("wheel__event"), pk=pk)
    requests_domain.organiser_remove(user=request.user, request=req)
    if request.htmx:
        return HttpResponse("")
    messages.success(request, _("Request removed."))
    return redirect("wheel:manage_requests", req.wheel_id)


@login_required
def manage_meetings(request, pk: int):
    wheel = managed_wheel(request, pk)
    qs = (
        meetings_with_people()
        .filter(wheel=wheel)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("slot__number", "table")
    )
    page = paginate(request, qs, 60)
    breaks = participant_breaks(wheel=wheel)
    return render(
        request,
        "wheel/manage_meetings.html",
        {
            "wheel": wheel,
            "page": page,
            "statuses": Meeting.Status.choices,
            "breaks": breaks,
            "breaks_total": sum(row["breaks"] for row in breaks),
            "breaks_verdict": breaks_verdict(breaks) if breaks else "",
        },
    )


def _meeting(request, pk: int) -> Meeting:
    m = get_object_or_404(meetings_with_people().select_related("wheel__event"), pk=pk)
    if not can_manage_wheel(request.user, m.wheel):
        raise PermissionDenied
    return m


@login_required
@require_POST
def toggle_lock(request, pk: int):
    m = dayof.set_locked(user=request.user, meeting=_meeting(request, pk), locked=request.POST.get("locked") == "1")
    if request.htmx:
        return render(
            request, "wheel/_meeting_row.html", {"m": _meeting(request, m.pk), "statuses": Meeting.Status.choices}
        )
    return redirect("wheel:meetings", m.wheel_id)


@login_required
@require_POST
def meeting_status(request, pk: int):
    m = _meeting(request, pk)
    error = ""
    try:
        m = dayof.set_meeting_status(user=request.user, meeting=m, status=request.POST.get("status", ""))
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:
        return render(
            request,
            "wheel/_meeting_row.html",
            {"m": _meeting(request, m.pk), "error": error, "statuses": Meeting.Status.choices},
        )
    if error:
        messages.error(request, error)
    return redirect("wheel:meetings", m.wheel_id)


@login_required
def participants(request, pk: int):
    wheel = managed_wheel(request, pk)
    page = paginate(request, participants_with_counts(wheel), 50)
    return render(request, "wheel/manage_participants.html", {"wheel": wheel, "page": page})


@login_required
def live_board(request, pk: int):
    wheel = managed_wheel(request, pk)
    slots = list(wheel.slots.all())
    if request.GET.get("slot"):
        number = int_or_404(request.GET["slot"])
    elif sum(s.table_count(wheel) for s in slots) > BOARD_ALL_SLOTS_UP_TO:
        # A big wheel shows one slot at a time: the one under way (or the next), else the first.
        now = timezone.now()
        number = next((s.number for s in slots if now < s.ends_at), slots[0].number if slots else None)
    else:
        number = None
    template = "wheel/_board.html" if request.htmx else "wheel/board.html"
    return render(
        request,
        template,
        {"wheel": wheel, "board": board(wheel, slot_number=number), "slots": slots, "current": number},
    )


@login_required
def table_sheets(request, pk: int):
    wheel = managed_wheel(request, pk)
    response = HttpResponse(table_sheets_pdf(wheel, board(wheel)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="tables-{wheel.pk}.pdf"'
    return response


@login_required
def export_json(request, pk: int):
    wheel = managed_wheel(request, pk)
    body = json.dumps(transfer.export_instance(wheel), ensure_ascii=False, indent=1)
    audit.record(request.user, audit.Action.EXPORTED, wheel, file=f"wheel-{wheel.pk}.json", format="json")
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="wheel-{wheel.pk}.json"'
    return response


@login_required
def export_table(request, pk: int, kind: str, fmt: str):
    wheel = managed_wheel(request, pk)
    if kind not in transfer.TABLES or fmt not in ("csv", "xlsx"):
        raise Http404
    header, rows = transfer.TABLES[kind](wheel)
    filename = export_filename("wheel", wheel.pk, kind, file_format=fmt)
    return export_response(
        header=header, rows=rows, file_format=fmt, filename=filename, title=kind, actor=request.user, target=wheel
    )


JSON_IMPORT_LIMITS = Limits(max_bytes=5 * 1024 * 1024)


@login_required
def import_json(request, pk: int):
    wheel = managed_wheel(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            # Probe (issue 11): the upload's size is bounded before it is read (its type: JSON, checked by parsing).
            raw = upload_bytes(form.cleaned_data["file"], limits=JSON_IMPORT_LIMITS)
            data = transfer.parse_instance_file(raw)
            counts = transfer.import_instance(user=request.user, wheel=wheel, data=data)
        except ValidationError as exc:
            problems = exc.messages
        else:
            messages.success(
                request,
                _("Imported %(participants)d participants, %(requests)d requests and %(fixed)d fixed meetings.")
                % counts,
            )
            return redirect("wheel:dashboard", wheel.pk)
    status = 400 if problems else 200
    return render(request, "wheel/import.html", {"wheel": wheel, "form": form, "problems": problems}, status=status)


@login_required
def import_table(request, pk: int):
    wheel = managed_wheel(request, pk)
    form = TableImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = table_import.import_table(
                user=request.user, wheel=wheel, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
        except HelixError as exc:
            form.add_error("file", exc)
    return render(request, "wheel/import_table.html", {"wheel": wheel, "form": form, "report": report})
