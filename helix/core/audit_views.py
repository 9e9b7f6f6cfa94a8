"""The audit log's staff pages: the list with filters and pages, and its CSV export."""

from __future__ import annotations

import datetime

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from helix.core.audit import Action, AuditEvent
from helix.core.pagination import paginate
from helix.core.staff import staff_required
from helix.core.tabular import export_filename, export_response

PER_PAGE = 50


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("All"))] + Action.choices)
    actor = forms.CharField(label=_("Who (e-mail)"), required=False, max_length=254)
    target = forms.CharField(label=_("About"), required=False, max_length=200)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def filtered_events(form: AuditFilterForm):
    """Events matching the valid filters of ``form`` (an invalid filter is ignored, the form shows why)."""
    events = AuditEvent.objects.select_related("actor")
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("action"):
        events = events.filter(action=data["action"])
    if data.get("actor"):
        events = events.filter(actor_email__icontains=data["actor"])
    if data.get("target"):
        events = events.filter(target_label__icontains=data["target"])
    if data.get("since"):
        events = events.filter(created_at__gte=_day_start(data["since"]))
    if data.get("until"):
        events = events.filter(created_at__lt=_day_start(data["until"] + datetime.timedelta(days=1)))
    return events


@staff_required
@require_GET
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    page = paginate(request, filtered_events(form), PER_PAGE)
    return render(request, "core/audit_log.html", {"form": form, "page": page, "events": page.object_list})


@staff_required
@require_GET
def audit_log_export(request):
    form = AuditFilterForm(request.GET or None)
    events = filtered_events(form)
    header = [_("When"), _("Who"), _("Action"), _("Kind"), _("Id"), _("About"), _("Details")]
    rows = (
        [
            timezone.localtime(e.created_at),
            e.actor_email,
            e.get_action_display(),
            e.target_type,
            e.target_id,
            e.target_label,
            ", ".join(f"{key}={value}" for key, value in sorted(e.details.items())),
        ]
        for e in events.iterator(chunk_size=2000)
    )
    filename = export_filename("helix", "audit", timezone.localdate().isoformat(), file_format="csv")
    return export_response(header=header, rows=rows, file_format="csv", filename=filename, actor=request.user)
