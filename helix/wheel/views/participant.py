"""Participant-facing pages: wheel list and detail, registration, browsing, requests, agenda, outcomes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from helix.core.calendar import calendar_response
from helix.core.pagination import paginate
from helix.core.qr import qr_svg
from helix.network.models import Organisation, Topic
from helix.network.models.organisations import Sector
from helix.network.permissions import acting_organisation_ids
from helix.territory.models import Region

from ..documents import agenda_ics, agenda_pdf
from ..domain import integrations, registration
from ..domain import requests as requests_domain
from ..domain.dayof import checkin_token
from ..domain.outcomes import record_outcome
from ..forms import OutcomeForm, RegistrationForm
from ..models import Invitation, Meeting, MeetingOutcome, MeetingRequest, Participant, Side, Wheel
from ..permissions import acting_participants, can_manage_wheel
from ..queries import agenda_meetings, participants_for_browse
from .common import own_participant

VISIBLE = [Wheel.Status.OPEN, Wheel.Status.CLOSED, Wheel.Status.SCHEDULED, Wheel.Status.PUBLISHED]


def wheel_list(request):
    qs = Wheel.objects.select_related("event").order_by("-date", "name")
    if not request.user.is_staff:
        qs = qs.filter(status__in=VISIBLE)
    page = paginate(request, qs, 25)
    return render(request, "wheel/list.html", {"page": page})


def wheel_detail(request, pk: int):
    wheel = get_object_or_404(Wheel.objects.select_related("event"), pk=pk)
    manager = can_manage_wheel(request.user, wheel)
    if wheel.status == Wheel.Status.DRAFT and not manager:
        raise PermissionDenied
    mine = acting_participants(request.user, wheel) if request.user.is_authenticated else []
    invited = (
        wheel.invitations.filter(
            organisation_id__in=acting_organisation_ids(request.user), status=Invitation.Status.PENDING
        ).select_related("organisation", "inviter__organisation", "match__challenge", "match__solution")
        if request.user.is_authenticated
        else []
    )
    return render(
        request,
        "wheel/detail.html",
        {
            "wheel": wheel,
            "manager": manager,
            "mine": mine,
            "invited": invited,
            "slots": list(wheel.slots.all()),
            "registration_open": registration.registration_is_open(wheel),
            "can_register": _can_register_more(request.user, wheel, manager),
            "participant_count": wheel.participants.count(),
        },
    )


def _can_register_more(user, wheel: Wheel, manager: bool) -> bool:
    """Whether to offer "Register an organisation": to organisers, to visitors (asked to sign in), and to
    representatives with an organisation not registered yet (issue 12: no button that leads nowhere)."""
    if manager or not user.is_authenticated:
        return True
    own = Organisation.objects.filter(pk__in=acting_organisation_ids(user))
    return own.exclude(wheel_participations__wheel=wheel).exists()


@login_required
def register(request, pk: int):
    wheel = get_object_or_404(Wheel.objects.select_related("event"), pk=pk)
    manager = can_manage_wheel(request.user, wheel)
    if not manager and not registration.registration_is_open(wheel):
        messages.error(request, _("Registration for this wheel is closed."))
        return redirect(wheel)
    orgs = (
        Organisation.objects.order_by("name")
        if manager
        else Organisation.objects.filter(pk__in=acting_organisation_ids(request.user)).order_by("name")
    )
    orgs = orgs.exclude(wheel_participations__wheel=wheel)
    if not manager and not orgs.exists():
        messages.error(request, _("You do not represent an organisation that can still register."))
        return redirect(wheel)
    # The directory search's "Inscribir" button arrives with ?organisation=<id> (issue 12 §3).
    chosen = {}
    if manager and request.GET.get("organisation", "").isdigit():
        chosen = {"organisation": request.GET["organisation"][:20]}
    form = RegistrationForm(request.POST or None, wheel=wheel, organisations=orgs, searchable=manager, initial=chosen)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration.check_can_register(request.user, wheel=wheel, organisation=data["organisation"])
            participant = registration.register_participant(
                wheel=wheel,
                organisation=data["organisation"],
                side=data["side"],
                slots=list(data["slots"]),
                seeks=data["seeks"],
                offers=data["offers"],
                cap=data["cap"],
                by=request.user,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("%(org)s is registered.") % {"org": participant.organisation})
            return redirect("wheel:browse", participant.pk)
    return render(request, "wheel/register.html", {"wheel": wheel, "form": form, "manager": manager})


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def edit_registration(request, pk: int):
    participant = own_participant(request, pk)
    wheel = participant.wheel
    initial = {
        "side": participant.side,
        "slots": list(participant.available_slots.all()),
        "seeks": participant.seeks,
        "offers": participant.offers,
        "cap": participant.cap,
        "links": [f"challenge:{c.pk}" for c in participant.challenges.all()]
        + [f"solution:{s.pk}" for s in participant.solutions.all()],
    }
    form = RegistrationForm(
        request.POST or None,
        wheel=wheel,
        organisations=Organisation.objects.none(),
        editing=True,
        initial=initial,
        link_choices=integrations.offer_choices(participant.organisation_id),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration.update_participant(
                participant=participant,
                side=data["side"],
                slots=list(data["slots"]),
                seeks=data["seeks"],
                offers=data["offers"],
                cap=data["cap"],
                links=data.get("links") if "links" in form.fields else None,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Registration updated."))
            return redirect("wheel:agenda", participant.pk)
    return render(request, "wheel/register.html", {"wheel": wheel, "form": form, "participant": participant})


def _marks(participant: Participant) -> tuple[dict[int, MeetingRequest], dict[int, MeetingRequest]]:
    sent = {r.to_participant_id: r for r in participant.sent_requests.all()}
    received = {r.from_participant_id: r for r in participant.received_requests.all()}
    return sent, received


@login_required
def browse(request, pk: int):
    participant = own_participant(request, pk)
    wheel = participant.wheel
    filters = {key: request.GET.get(key, "").strip() for key in ("q", "topic", "region", "sector", "side")}
    qs = participants_for_browse(wheel, **filters).exclude(pk=participant.pk).filter(withdrawn_at__isnull=True)
    if wheel.audience == Wheel.Audience.BUYERS_SUPPLIERS and participant.side != Side.ANY:
        qs = qs.exclude(side=participant.side)
    page = paginate(request, qs, 30)
    page.object_list = list(page.object_list)  # evaluated once, so the links set below are the ones shown
    integrations.attach_links(page.object_list)
    suggested_ids = integrations.suggestions(participant, limit=10)
    suggested = []
    if suggested_ids and not any(filters.values()) and page.number == 1:
        by_pk = {p.pk: p for p in participants_for_browse(wheel).filter(pk__in=suggested_ids)}
        suggested = [by_pk[i] for i in suggested_ids if i in by_pk]
        integrations.attach_links(suggested)
    integrations.attach_match_titles(participant, [*page.object_list, *suggested])
    sent, received = _marks(participant)
    return render(
        request,
        "wheel/browse.html",
        {
            "participant": participant,
            "wheel": wheel,
            "page": page,
            "filters": filters,
            "suggested": suggested,
            "sent": sent,
            "received": received,
            "priorities": MeetingRequest.Priority.choices,
            "topics": Topic.objects.filter(kind="topic").order_by("code"),
            "regions": Region.objects.all(),  # north to south (Meta.ordering)
            "sectors": Sector.choices,
            "sides": Side.choices,
        },
    )


@login_required
@require_POST
def mark(request, pk: int, target: int):
    participant = own_participant(request, pk)
    other = get_object_or_404(Participant.objects.select_related("organisation"), pk=target, wheel=participant.wheel)
    priority = request.POST.get("priority", "")
    error = ""
    try:
        if priority == "none":
            existing = participant.sent_requests.filter(to_participant=other).first()
            if existing:
                requests_domain.withdraw(user=request.user, request=existing)
        else:
            requests_domain.mark(
                user=request.user,
                source=participant,
                target=other,
                priority=priority,
            )
    except ValidationError as exc:
        error = " ".join(exc.messages)
    sent, received = _marks(participant)
    context = {
        "participant": participant,
        "other": other,
        "sent": sent,
        "received": received,
        "priorities": MeetingRequest.Priority.choices,
        "error": error,
    }
    if request.htmx:
        return render(request, "wheel/_mark.html", context, status=200)
    if error:
        messages.error(request, error)
    return redirect("wheel:browse", participant.pk)


@login_required
def my_requests(request, pk: int):
    participant = own_participant(request, pk)
    incoming = list(
        participant.received_requests.exclude(priority=MeetingRequest.Priority.NO_THANKS)
        .select_related("from_participant__organisation")
        .order_by("status", "-created_at")
    )
    outgoing = list(participant.sent_requests.select_related("to_participant__organisation").order_by("-created_at"))
    return render(
        request,
        "wheel/requests.html",
        {
            "participant": participant,
            "wheel": participant.wheel,
            "incoming": incoming,
            "outgoing": outgoing,
        },
    )


@login_required
@require_POST
def answer(request, pk: int):
    req = get_object_or_404(
        MeetingRequest.objects.select_related("to_participant__wheel__event", "from_participant__organisation"), pk=pk
    )
    accept = request.POST.get("answer") == "accept"
    try:
        req = requests_domain.answer(user=request.user, request=req, accept=accept)
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=400)
    if request.htmx:
        req = MeetingRequest.objects.select_related("from_participant__organisation").get(pk=req.pk)
        return render(request, "wheel/_incoming_row.html", {"r": req, "wheel": req.wheel})
    return redirect("wheel:requests", req.to_participant_id)


@login_required
@never_cache  # it carries the check-in QR code
def agenda(request, pk: int):
    participant = own_participant(request, pk)
    meetings = agenda_meetings(participant, published_only=not can_manage_wheel(request.user, participant.wheel))
    reported = set(participant.outcomes.values_list("meeting_id", flat=True))
    return render(
        request,
        "wheel/agenda.html",
        {
            "participant": participant,
            "wheel": participant.wheel,
            "meetings": meetings,
            "reported": reported,
            "qr": qr_svg(checkin_token(participant)),
        },
    )


@login_required
def agenda_pdf_view(request, pk: int):
    participant = own_participant(request, pk)
    meetings = agenda_meetings(participant, published_only=not can_manage_wheel(request.user, participant.wheel))
    response = HttpResponse(agenda_pdf(participant, meetings), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="agenda-{participant.pk}.pdf"'
    return response


@login_required
def agenda_ics_view(request, pk: int):
    participant = own_participant(request, pk)
    meetings = agenda_meetings(participant, published_only=not can_manage_wheel(request.user, participant.wheel))
    return calendar_response(agenda_ics(participant, meetings), filename=f"agenda-{participant.pk}.ics")


@login_required
def outcome(request, meeting: int, pk: int):
    participant = own_participant(request, pk)
    m = get_object_or_404(
        Meeting.objects.select_related("slot", "a__organisation", "b__organisation", "request"),
        pk=meeting,
        wheel=participant.wheel,
    )
    if participant.pk not in (m.a_id, m.b_id):
        raise PermissionDenied
    existing = MeetingOutcome.objects.filter(meeting=m, participant=participant).first()
    initial = {"outcome": existing.outcome, "note": existing.note} if existing else {}
    form = OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record_outcome(user=request.user, meeting=m, participant=participant, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Outcome recorded. Thank you!"))
            return redirect("wheel:agenda", participant.pk)
    return render(
        request,
        "wheel/outcome.html",
        {
            "participant": participant,
            "meeting": m,
            "other": m.counterpart(participant.pk),
            "form": form,
        },
    )


@login_required
def withdraw(request, pk: int):
    participant = own_participant(request, pk)
    if request.method == "POST":
        registration.withdraw_participant(user=request.user, participant=participant)
        messages.success(
            request,
            _("%(org)s withdrew from the wheel; its meetings were cancelled.") % {"org": participant.organisation},
        )
        return redirect(participant.wheel)
    return render(
        request,
        "wheel/withdraw.html",
        {
            "participant": participant,
            "wheel": participant.wheel,
            "meetings": agenda_meetings(participant, published_only=False),
        },
    )
