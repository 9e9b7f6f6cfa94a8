"""Staff pages: check-in at the door, exports, minutes and commitments, attendance certificates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from helix.core.errors import HelixError
from helix.core.forms import CapacityForm
from helix.core.staff import staff_required
from helix.events import exports, queries
from helix.events.domain import capacity as capacity_domain
from helix.events.domain import certificates as cert_domain
from helix.events.domain import checkin as checkin_domain
from helix.events.domain import minutes as minutes_domain
from helix.events.forms import CommitmentForm, MinutesForm, WalkInForm
from helix.events.models import Attendance, Commitment, Event, Registration, Session
from helix.events.permissions import can_edit_minutes


def _event(slug: str) -> Event:
    return get_object_or_404(Event.objects.select_related("commune"), slug=slug)


def _session(event: Event, value) -> Session | None:
    if not value or not str(value).isdigit():
        return None
    return get_object_or_404(Session, pk=int(value), event=event)


@staff_required
@require_http_methods(["GET", "POST"])
def checkin(request, slug: str):
    """Phone-friendly check-in: camera scan / typed code (POST ``code``), name search (GET ``q``,
    POST ``registration``), walk-in form (POST ``walk_in``). Answers htmx with the result partial."""
    event = _event(slug)
    sessions = list(event.sessions.all())
    session = _session(event, request.POST.get("session") or request.GET.get("session"))
    result, error = None, None
    walk_in_form = WalkInForm(request.POST if "walk_in" in request.POST else None)
    if request.method == "POST":
        try:
            if "code" in request.POST:
                result = checkin_domain.check_in_code(
                    event=event,
                    code=request.POST["code"],
                    session=session,
                    actor=request.user,
                    typed=request.POST.get("source") == "typed",
                )
            elif "registration" in request.POST:
                raw_id = request.POST.get("registration", "")
                registration = get_object_or_404(Registration, pk=int(raw_id) if raw_id.isdigit() else 0, event=event)
                result = checkin_domain.check_in(
                    event=event,
                    registration=registration,
                    session=session,
                    actor=request.user,
                    method=Attendance.Method.SEARCH,
                )
            elif walk_in_form.is_valid():
                result = checkin_domain.walk_in(
                    event=event, session=session, actor=request.user, **walk_in_form.cleaned_data
                )
                walk_in_form = WalkInForm()
            else:
                error = _("Please correct the walk-in form.")
        except HelixError as exc:
            error = exc.message
    context = {
        "event": event,
        "sessions": sessions,
        "session": session,
        "result": result,
        "error": error,
        "walk_in_form": walk_in_form,
        "q": request.GET.get("q", ""),
        "matches": queries.checkin_search(event, request.GET["q"]) if request.GET.get("q") else [],
        "checked_in": Attendance.objects.filter(registration__event=event, session=session).count(),
    }
    template = "events/checkin.html"
    if request.htmx:
        template = "events/_checkin_search.html" if request.method == "GET" else "events/_checkin_result.html"
    return render(request, template, context, status=200)


@staff_required
def export(request, slug: str, what: str, fmt: str):
    event = _event(slug)
    if what not in exports.EXPORTS or fmt not in ("csv", "xlsx"):
        raise Http404
    return exports.response(event=event, what=what, fmt=fmt, actor=request.user)


@staff_required
def staff_dashboard(request, slug: str, capacity_form: CapacityForm | None = None):
    event = _event(slug)
    return render(
        request,
        "events/staff.html",
        {
            "event": event,
            "exports": exports.EXPORTS,
            "batches": event.certificate_batches.all()[:5],
            "attendees": queries.attendees(event).count(),
            "capacity_form": capacity_form or CapacityForm(initial={"capacity": event.capacity}),
        },
    )


@staff_required
@require_POST
def set_capacity(request, slug: str):
    """Change the event's seats; seats it frees go to the waiting list (offers e-mailed)."""
    event = _event(slug)
    form = CapacityForm(request.POST)
    if not form.is_valid():
        return staff_dashboard(request, slug, capacity_form=form)
    capacity_domain.set_event_capacity(actor=request.user, event_id=event.pk, capacity=form.cleaned_data["capacity"])
    messages.success(request, _("Capacity saved. Any seats it freed were offered to the waiting list."))
    return redirect("events:staff", slug=slug)


@staff_required
@require_POST
def issue_certificates(request, slug: str):
    event = _event(slug)
    try:
        cert_domain.start_certificate_batch(event=event, actor=request.user)
    except HelixError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Certificates are being issued in the background."))
    return redirect("events:staff", slug=slug)


@require_http_methods(["GET", "POST"])
def minutes(request, slug: str):
    event = get_object_or_404(queries.public_events().select_related("commune"), slug=slug)
    if event.kind != Event.Kind.TECHNICAL_TABLE:
        raise Http404
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    can_edit = can_edit_minutes(request.user)
    record = getattr(event, "minutes", None)
    if record is None and can_edit:
        record = minutes_domain.minutes_for(event=event, actor=request.user)
    if record is None or (not record.published and not can_edit):
        raise Http404
    if request.method == "POST":
        minutes_domain.check_can_edit_minutes(actor=request.user)
    minutes_form = commitment_form = None
    if can_edit:  # visitors only read: no forms, no extra queries
        minutes_form = MinutesForm(
            event=event,
            initial={
                "summary": record.summary,
                "conclusions": record.conclusions,
                "published": record.published,
                "topics": list(record.topics.all()),
                "challenges": list(record.challenges.all()),
            },
        )
        commitment_form = CommitmentForm()
    if request.method == "POST":
        if "description" in request.POST:
            commitment_form = CommitmentForm(request.POST)
            if commitment_form.is_valid():
                minutes_domain.add_commitment(minutes=record, actor=request.user, **commitment_form.cleaned_data)
                messages.success(request, _("Commitment added."))
                return redirect("events:minutes", slug=slug)
        else:
            minutes_form = MinutesForm(request.POST, event=event)
            if minutes_form.is_valid():
                minutes_domain.save_minutes(minutes=record, actor=request.user, **minutes_form.cleaned_data)
                messages.success(request, _("Minutes saved."))
                return redirect("events:minutes", slug=slug)
    return render(
        request,
        "events/minutes.html",
        {
            "event": event,
            "minutes": record,
            "attendees": queries.attendees(event),
            "commitments": record.commitments.select_related("owner_person", "owner_organisation"),
            "topics": record.topics.all(),
            "challenges": record.challenges.all(),
            "can_edit": can_edit,
            "minutes_form": minutes_form,
            "commitment_form": commitment_form,
            "today": timezone.localdate(),
        },
    )


@staff_required
@require_POST
def commitment_done(request, pk: int):
    commitment = get_object_or_404(Commitment.objects.select_related("minutes__event"), pk=pk)
    minutes_domain.set_commitment_done(
        commitment_id=commitment.pk, actor=request.user, done=request.POST.get("done", "1") == "1"
    )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "events:commitments"
    return redirect(target)


@staff_required
def commitments(request):
    today = timezone.localdate()
    items = queries.open_commitments(today=today)
    if request.GET.get("overdue"):
        items = items.filter(due_on__lt=today)
    return render(
        request,
        "events/commitments.html",
        {"commitments": items, "today": today, "overdue_only": bool(request.GET.get("overdue"))},
    )
