"""Staff import (upload → preview → confirm) and the directory export (anyone for organisations,
staff for people because the export includes e-mails)."""

import secrets

from django.contrib import messages
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from helix.core.staff import staff_required
from helix.network import domain as network_domain

from .columns import COLUMNS
from .domain import ImportRejectedError, apply_import
from .exporting import csv_stream, organisation_rows, person_rows, xlsx_stream
from .forms import ImportForm
from .planning import plan_import
from .reading import MAX_BYTES, TOO_LARGE, UnreadableFileError, read_table

SESSION_KEY = "transfer_imports"
MAX_PENDING = 3
PREVIEW_ROWS = 1000


def _pending(request) -> dict:
    return request.session.get(SESSION_KEY, {})


def _store(request, stored: dict) -> str:
    """Keep the parsed cells in the (database-backed) session under a random token."""
    pending = _pending(request)
    while len(pending) >= MAX_PENDING:
        pending.pop(min(pending, key=lambda k: pending[k]["at"]))
    token = secrets.token_urlsafe(12)
    pending[token] = stored
    request.session[SESSION_KEY] = pending
    return token


def _get(request, token: str) -> dict:
    stored = _pending(request).get(token)
    if stored is None:
        raise Http404
    return stored


@staff_required
def import_start(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > MAX_BYTES:  # refuse before reading a huge upload into memory
                    raise UnreadableFileError(TOO_LARGE)
                table = read_table(upload.read(), upload.name)
            except UnreadableFileError as error:
                form.add_error("file", error.message)
            else:
                token = _store(
                    request,
                    {
                        "kind": form.cleaned_data["kind"],
                        "filename": upload.name,
                        "headers": table.headers,
                        "rows": table.rows,
                        "notes": [str(n) for n in table.notes],
                        "at": timezone.now().isoformat(),
                    },
                )
                return redirect("transfer:import_preview", token=token)
        status = 400
    return render(request, "transfer/import.html", {"form": form, "columns": COLUMNS}, status=status)


@staff_required
@require_GET
def import_preview(request, token: str):
    stored = _get(request, token)
    plan = plan_import(kind=stored["kind"], headers=stored["headers"], rows=[tuple(r) for r in stored["rows"]])
    return _render_preview(request, token, stored, plan)


def _render_preview(request, token, stored, plan, status=200):
    context = {
        "token": token,
        "stored": stored,
        "plan": plan,
        "rows": plan.rows[:PREVIEW_ROWS],
        "hidden_rows": max(0, len(plan.rows) - PREVIEW_ROWS),
        "rejected_beyond": [r for r in plan.rows[PREVIEW_ROWS:] if r.action == "reject"],
    }
    return render(request, "transfer/preview.html", context, status=status)


@staff_required
@require_POST
def import_confirm(request, token: str):
    stored = _get(request, token)
    rows = [tuple(r) for r in stored["rows"]]
    try:
        result = apply_import(kind=stored["kind"], headers=stored["headers"], rows=rows, actor=request.user)
    except ImportRejectedError as rejected:
        messages.error(request, _("Nothing was imported: some rows are rejected. Fix the file and upload it again."))
        return _render_preview(request, token, stored, rejected.plan, status=409)
    pending = _pending(request)
    pending.pop(token, None)
    request.session[SESSION_KEY] = pending
    messages.success(
        request,
        _("Import done: %(created)s created, %(updated)s updated.")
        % {"created": result.created, "updated": result.updated},
    )
    return redirect("transfer:import")


@staff_required
@require_POST
def import_cancel(request, token: str):
    pending = _pending(request)
    pending.pop(token, None)
    request.session[SESSION_KEY] = pending
    messages.info(request, _("Import cancelled; nothing was written."))
    return redirect("transfer:import")


# --- export ---------------------------------------------------------------------------------------

FILTERS = ("q", "sector", "kind", "region", "topic")


def _filters(request) -> dict:
    return {key: request.GET.get(key, "").strip() for key in FILTERS if request.GET.get(key, "").strip()}


def _export(kind: str, rows, file_format: str):
    stamp = timezone.localdate().isoformat()
    name = f"helix-{kind}-{stamp}.{file_format}"
    if file_format == "csv":
        response = StreamingHttpResponse(csv_stream(kind, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    response = StreamingHttpResponse(
        xlsx_stream(kind, rows), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def export_organisations(request, file_format: str):
    queryset = network_domain.search_organisations(**_filters(request))
    return _export("organisations", organisation_rows(queryset), file_format)


@staff_required
@require_GET
def export_people(request, file_format: str):
    filters = {k: v for k, v in _filters(request).items() if k in ("q", "region", "topic")}
    queryset = network_domain.search_people(public_only=False, **filters)
    return _export("people", person_rows(queryset), file_format)
