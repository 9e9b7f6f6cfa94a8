"""Staff import (upload → preview → confirm) and the directory export (anyone for organisations,
staff for people because the export includes e-mails)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from helix.core.errors import HelixError
from helix.core.staff import staff_required
from helix.core.tabular import export_filename, export_response
from helix.network import domain as network_domain

from .domain import (
    COLUMNS,
    ImportRejectedError,
    cancel_import,
    confirm_import,
    pending_import,
    stage_import,
)
from .exporting import headers, organisation_rows, person_rows
from .forms import ImportForm

PREVIEW_ROWS = 1000


def _pending(request, token: str):
    pending = pending_import(actor=request.user, token=token)
    if pending is None:
        raise Http404
    return pending


@staff_required
def import_start(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                token = stage_import(
                    actor=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
                )
            except HelixError as error:
                form.add_error("file", error)
            else:
                return redirect("transfer:import_preview", token=token)
        status = 400
    return render(request, "transfer/import.html", {"form": form, "columns": COLUMNS}, status=status)


@staff_required
@require_GET
def import_preview(request, token: str):
    pending = _pending(request, token)
    return _render_preview(request, token, pending, pending.plan())


def _render_preview(request, token, pending, plan, status=200):
    context = {
        "token": token,
        "stored": pending,
        "plan": plan,
        "rows": plan.rows[:PREVIEW_ROWS],
        "hidden_rows": max(0, len(plan.rows) - PREVIEW_ROWS),
        "rejected_beyond": [r for r in plan.rows[PREVIEW_ROWS:] if r.action == "reject"],
    }
    return render(request, "transfer/preview.html", context, status=status)


@staff_required
@require_POST
def import_confirm(request, token: str):
    pending = _pending(request, token)
    try:
        result = confirm_import(actor=request.user, pending=pending)
    except ImportRejectedError as rejected:
        messages.error(request, _("Nothing was imported: some rows are rejected. Fix the file and upload it again."))
        return _render_preview(request, token, pending, rejected.plan, status=409)
    messages.success(
        request,
        _("Import done: %(created)s created, %(updated)s updated.")
        % {"created": result.created, "updated": result.updated},
    )
    return redirect("transfer:import")


@staff_required
@require_POST
def import_cancel(request, token: str):
    cancel_import(actor=request.user, token=token)
    messages.info(request, _("Import cancelled; nothing was written."))
    return redirect("transfer:import")


# --- export ---------------------------------------------------------------------------------------

FILTERS = ("q", "sector", "kind", "region", "topic")


def _filters(request) -> dict:
    return {key: request.GET.get(key, "").strip() for key in FILTERS if request.GET.get(key, "").strip()}


def _export(kind: str, rows, file_format: str, actor=None):
    return export_response(
        header=headers(kind),
        rows=rows,
        file_format=file_format,
        filename=export_filename("helix", kind, timezone.localdate().isoformat(), file_format=file_format),
        title=kind,
        actor=actor,
    )


@require_GET
def export_organisations(request, file_format: str):
    queryset = network_domain.search_organisations(**_filters(request))
    return _export("organisations", organisation_rows(queryset), file_format)


@staff_required
@require_GET
def export_people(request, file_format: str):
    filters = {k: v for k, v in _filters(request).items() if k in ("q", "region", "topic")}
    queryset = network_domain.search_people(public_only=False, **filters)
    return _export("people", person_rows(queryset), file_format, actor=request.user)
