"""Direct meetings: propose (from a match), the parties' list (answer, agenda, .ics, outcome)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helix.matching.models import Match
from helix.network.permissions import acting_organisation_ids

from ..documents import direct_meeting_ics
from ..domain import direct
from ..forms import DirectMeetingForm, OutcomeForm
from ..models import DirectMeeting, MeetingOutcome
from ..permissions import can_see_direct_meeting, direct_meeting_side, proposing_side
from .common import int_or_404


@login_required
def propose(request, match: int):
    found = get_object_or_404(Match.objects.select_related("challenge__organisation", "solution__provider"), pk=match)
    if proposing_side(request.user, found) is None:
        raise PermissionDenied
    form = DirectMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            direct.propose_direct_meeting(
                actor=request.user,
                match=found,
                options=[data["option_1"], data["option_2"], data["option_3"]],
                place=data["place"],
                minutes=data["minutes"],
                note=data["note"],
            )
        except ValidationError as exc:
            form.add_error(getattr(exc, "field", None), exc)
        else:
            messages.success(request, _("Meeting proposed; the other side chooses one of the times."))
            return redirect("wheel:direct_meetings")
    return render(request, "wheel/direct_propose.html", {"match": found, "form": form})


@login_required
def meetings(request):
    """The direct meetings of the organisations the user represents: to answer, sent, agenda, outcomes."""
    own = acting_organisation_ids(request.user)
    rows = list(
        DirectMeeting.objects.filter(Q(proposer_id__in=own) | Q(invitee_id__in=own))
        .select_related("proposer", "invitee", "match__challenge", "match__solution")
        .prefetch_related("outcomes")
        .order_by("-created_at")[:100]
    )
    now = timezone.now()
    for m in rows:
        m.own = m.invitee if m.invitee_id in own else m.proposer
        m.other = m.proposer if m.own.pk == m.invitee_id else m.invitee
        m.to_answer = m.status == DirectMeeting.Status.PROPOSED and m.invitee_id in own
        m.held = m.status == DirectMeeting.Status.CONFIRMED and m.starts_at <= now
        m.own_outcome = next((o for o in m.outcomes.all() if o.organisation_id == m.own.pk), None)
    return render(
        request,
        "wheel/direct_meetings.html",
        {"rows": rows, "outcomes": MeetingOutcome.Outcome.choices, "outcome_form": OutcomeForm()},
    )


def _meeting(request, pk: int) -> DirectMeeting:
    meeting = get_object_or_404(
        DirectMeeting.objects.select_related("proposer", "invitee", "match__challenge", "match__solution"), pk=pk
    )
    if not can_see_direct_meeting(request.user, meeting):
        raise PermissionDenied
    return meeting


@login_required
@require_POST
def answer(request, pk: int):
    meeting = _meeting(request, pk)
    try:
        if request.POST.get("answer") == "decline":
            direct.decline_direct_meeting(actor=request.user, meeting=meeting)
            messages.success(request, _("Proposal declined."))
        else:
            direct.accept_direct_meeting(
                actor=request.user, meeting=meeting, option=int_or_404(request.POST.get("option"))
            )
            messages.success(request, _("Meeting confirmed; it is in both agendas."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("wheel:direct_meetings")


@login_required
def ics(request, pk: int):
    meeting = _meeting(request, pk)
    if meeting.status != DirectMeeting.Status.CONFIRMED:
        raise PermissionDenied
    own = meeting.invitee if meeting.invitee_id in acting_organisation_ids(request.user) else meeting.proposer
    response = HttpResponse(direct_meeting_ics(meeting, own), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="reunion-{meeting.pk}.ics"'
    return response


@login_required
@require_POST
def outcome(request, pk: int):
    meeting = _meeting(request, pk)
    form = OutcomeForm(request.POST)
    organisation = (
        meeting.invitee if direct_meeting_side(request.user, meeting) == meeting.invitee_id else meeting.proposer
    )
    if not form.is_valid():
        messages.error(request, _("Choose an outcome."))
        return redirect("wheel:direct_meetings")
    try:
        direct.record_direct_outcome(
            actor=request.user, meeting=meeting, organisation=organisation, **form.cleaned_data
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Outcome recorded. Thank you!"))
    return redirect("wheel:direct_meetings")
