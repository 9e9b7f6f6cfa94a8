"""On-the-day pages for organisers: check-in (token or name), no-shows, walk-in meetings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helix.core.text import fold

from ..domain import dayof
from ..forms import CheckinForm, WalkInForm
from ..models import Participant, Slot
from .common import int_or_404, managed_wheel


@login_required
def checkin(request, pk: int):
    wheel = managed_wheel(request, pk)
    form = CheckinForm(request.POST or request.GET or None)
    found: list[Participant] = []
    to_confirm = None
    if form.is_bound and form.is_valid():
        token, q = form.cleaned_data["token"], form.cleaned_data["q"]
        if token:
            try:
                participant = dayof.participant_from_token(wheel=wheel, token=token)
            except ValidationError as exc:
                form.add_error("token", exc)
            else:
                if request.method != "POST":
                    # A scanned link (GET) changes nothing: it asks the organiser to confirm with a POST.
                    to_confirm = (participant, token)
                else:
                    dayof.check_in(user=request.user, participant=participant)
                    messages.success(request, _("%(org)s checked in.") % {"org": participant.organisation})
                    return redirect("wheel:checkin", wheel.pk)
        elif q:
            needle = fold(q)
            found = list(
                wheel.participants.filter(organisation__normalized_name__contains=needle)
                .select_related("organisation")
                .order_by("organisation__name")[:30]
            )
    recent = list(
        wheel.participants.filter(checked_in_at__isnull=False)
        .select_related("organisation")
        .order_by("-checked_in_at")[:20]
    )
    counts = {
        "checked_in": wheel.participants.filter(checked_in_at__isnull=False).count(),
        "total": wheel.participants.count(),
    }
    return render(
        request,
        "wheel/checkin.html",
        {
            "wheel": wheel,
            "form": form,
            "to_confirm": to_confirm,
            "found": found,
            "recent": recent,
            "counts": counts,
            "slots": list(wheel.slots.all()),
        },
    )


@login_required
@require_POST
def checkin_participant(request, pk: int):
    participant = get_object_or_404(Participant.objects.select_related("organisation", "wheel__event"), pk=pk)
    managed_wheel(request, participant.wheel_id)
    dayof.check_in(user=request.user, participant=participant)
    messages.success(request, _("%(org)s checked in.") % {"org": participant.organisation})
    return redirect("wheel:checkin", participant.wheel_id)


@login_required
@require_POST
def no_show(request, pk: int):
    participant = get_object_or_404(Participant.objects.select_related("organisation", "wheel__event"), pk=pk)
    wheel = managed_wheel(request, participant.wheel_id)
    slot = None
    if request.POST.get("slot"):
        slot = get_object_or_404(Slot, pk=int_or_404(request.POST["slot"]), wheel=wheel)
    freed = dayof.mark_no_show(user=request.user, participant=participant, from_slot=slot)
    messages.success(
        request,
        _("%(org)s marked as no-show; %(n)d later meetings freed.") % {"org": participant.organisation, "n": freed},
    )
    return redirect("wheel:checkin", wheel.pk)


@login_required
def walk_ins(request, pk: int):
    wheel = managed_wheel(request, pk)
    slots = list(wheel.slots.all())
    slot = None
    slot_id = request.POST.get("slot") or request.GET.get("slot")
    if slot_id:
        slot = get_object_or_404(Slot, pk=int_or_404(slot_id), wheel=wheel)
    free, tables, form = [], [], None
    if slot:
        free = dayof.free_participants(wheel=wheel, slot=slot)
        tables = dayof.free_tables(wheel=wheel, slot=slot)
        form = WalkInForm(request.POST if request.method == "POST" else None, participants=free, tables=tables)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                dayof.create_meeting(
                    user=request.user, wheel=wheel, a=data["a"], b=data["b"], slot=slot, table=data["table"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Walk-in meeting created at table %(table)s.") % {"table": data["table"]})
                return redirect(f"{request.path}?slot={slot.pk}")
    return render(
        request,
        "wheel/walk_ins.html",
        {"wheel": wheel, "slots": slots, "slot": slot, "free": free, "tables": tables, "form": form},
    )
