"""Staff and organisers create and edit events, sessions, speakers and partners (not in the admin).

The views only call ``helix.events.domain.editing``; its HelixError field messages go next to the field.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from helix.core.errors import HelixError
from helix.events.domain import editing
from helix.events.editing_forms import EventForm, PartnerForm, SessionForm, SpeakerForm
from helix.events.models import Event, Session, Speaker
from helix.events.permissions import can_create_event, can_edit_event
from helix.network.models import Organisation


def _editable(request, slug: str) -> Event:
    event = get_object_or_404(Event, slug=slug)
    if not can_edit_event(request.user, event):
        raise PermissionDenied
    return event


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request):
    if not can_create_event(request.user):
        raise PermissionDenied
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = editing.save_event(actor=request.user, data=form.cleaned_data, topics=None)
        except HelixError as exc:
            exc.show_on(form)
        else:
            messages.success(request, _("Event created. Add its sessions, speakers and partners."))
            return redirect("events:edit", event.slug)
    return render(request, "events/edit.html", {"form": form, "event": None})


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, slug: str):
    event = _editable(request, slug)
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            editing.save_event(actor=request.user, event=event, data=form.cleaned_data)
        except HelixError as exc:
            exc.show_on(form)
        else:
            messages.success(request, _("Event saved."))
            return redirect("events:edit", event.slug)
    if form.errors:
        event.refresh_from_db()
    return render(
        request,
        "events/edit.html",
        {
            "form": form,
            "event": event,
            "sessions": event.sessions.all(),
            "speakers": event.speakers.select_related("person", "session"),
            "partners": event.partners.order_by("name"),
            "speaker_form": SpeakerForm(event=event),
            "partner_form": PartnerForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, slug: str, pk: int | None = None):
    event = _editable(request, slug)
    session = get_object_or_404(Session, pk=pk, event=event) if pk else None
    form = SessionForm(request.POST or None, instance=session, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            editing.save_session(actor=request.user, event=event, session=session, data=form.cleaned_data)
        except HelixError as exc:
            exc.show_on(form)
        else:
            messages.success(request, _("Session saved."))
            return redirect("events:edit", event.slug)
    return render(request, "events/session_edit.html", {"form": form, "event": event, "session": session})


@login_required
@require_POST
def session_delete(request, slug: str, pk: int):
    event = _editable(request, slug)
    editing.delete_session(actor=request.user, session=get_object_or_404(Session, pk=pk, event=event))
    messages.success(request, _("Session removed."))
    return redirect("events:edit", event.slug)


@login_required
@require_POST
def speaker_add(request, slug: str):
    event = _editable(request, slug)
    form = SpeakerForm(request.POST, event=event)
    if form.is_valid():
        try:
            editing.add_speaker(actor=request.user, event=event, **form.cleaned_data)
        except HelixError as exc:
            messages.error(request, exc.text)
        else:
            messages.success(request, _("Speaker added."))
    else:
        messages.error(request, _("Choose a person and a role."))
    return redirect("events:edit", event.slug)


@login_required
@require_POST
def speaker_remove(request, slug: str, pk: int):
    event = _editable(request, slug)
    editing.remove_speaker(actor=request.user, speaker=get_object_or_404(Speaker, pk=pk, event=event))
    messages.success(request, _("Speaker removed."))
    return redirect("events:edit", event.slug)


@login_required
@require_POST
def partner_add(request, slug: str):
    event = _editable(request, slug)
    form = PartnerForm(request.POST)
    if form.is_valid():
        editing.add_partner(actor=request.user, event=event, organisation=form.cleaned_data["organisation"])
        messages.success(request, _("Partner added."))
    else:
        messages.error(request, _("Choose an organisation."))
    return redirect("events:edit", event.slug)


@login_required
@require_POST
def partner_remove(request, slug: str, pk: int):
    event = _editable(request, slug)
    editing.remove_partner(actor=request.user, event=event, organisation=get_object_or_404(Organisation, pk=pk))
    messages.success(request, _("Partner removed."))
    return redirect("events:edit", event.slug)
