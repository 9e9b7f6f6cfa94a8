"""Impact figures pages: the public page (aggregates only), the staff dashboard with last year's figures
for comparison, the drill-downs behind each number, manual figures and the PDF/XLSX report."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from helix.core.errors import HelixError
from helix.core.pagination import paginate
from helix.core.staff import is_staff, staff_required
from helix.core.tabular import export_filename, export_response

from .figures import BY_KEY, breakdown, charts, current_version, overview
from .figures.dashboard import dashboard_data
from .figures.funnel import DEFINITION as FUNNEL_DEFINITION
from .figures.manual import manual_figures, record_manual_figure
from .figures.report import period_text, render_pdf, table_rows
from .forms_figures import ManualFigureForm
from .models import ManualFigure
from .period import Period

PER_PAGE = 50


def _period(request) -> tuple[Period, str]:
    """The period asked for, or this year so far with the reason the request's was refused."""
    try:
        return Period.from_request(request), ""
    except HelixError as error:
        reasons = [str(message) for message in error.field_errors.values()]
        return Period.default(), " ".join([error.text, *reasons])


def _context(request, period: Period, error: str) -> dict:
    return {"period": period, "period_error": error, "period_text": period_text(period)}


def public(request):
    """Aggregates only: the figures with their definitions, the funnel and the manual figures."""
    period, error = _period(request)
    data = overview(period)
    context = _context(request, period, error) | {
        "figures": data["figures"],
        "funnel": data["funnel"],
        "funnel_definition": FUNNEL_DEFINITION,
        "manual": list(manual_figures(period)),
        "staff": is_staff(request.user),
    }
    return render(request, "impact/public.html", context)


@staff_required
def dashboard(request):
    period, error = _period(request)
    earlier = period.previous_year()
    context = _context(request, period, error) | dashboard_data(period, version=current_version())
    context |= {
        "funnel_definition": FUNNEL_DEFINITION,
        "earlier": earlier,
        "earlier_text": period_text(earlier),
        "manual": list(manual_figures(period)),
    }
    return render(request, "impact/dashboard.html", context)


@staff_required
def drilldown(request, key: str):
    figure = BY_KEY.get(key)
    if figure is None:
        raise Http404
    period, error = _period(request)
    record_set = figure.record_set(request.GET.get("set"))
    records = record_set.records(period)
    if related := _related(record_set.slug):
        records = records.select_related(*related)
    page = paginate(request, records, PER_PAGE)
    breakdowns = breakdown(figure, period)
    context = _context(request, period, error) | {
        "figure": figure,
        "value": figure.value(period),
        "record_set": record_set,
        "page": page,
        "breakdowns": [(dimension, _dimension_label(dimension), rows) for dimension, rows in breakdowns.items()],
        "year_chart": charts.by_year(breakdowns["year"], "year-chart"),
    }
    return render(request, "impact/drilldown.html", context)


def _related(slug: str) -> list[str]:
    return {"organisations": ["region"], "people": ["commune__region"]}.get(slug, [])


def _dimension_label(dimension: str) -> str:
    return {"year": _("By year"), "region": _("By region"), "sector": _("By sector"), "country": _("By country")}[
        dimension
    ]


@staff_required
def manual(request):
    form = ManualFigureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record_manual_figure(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Manual figure saved."))
        return redirect("impact:manual")
    page = paginate(request, ManualFigure.objects.select_related("entered_by"), PER_PAGE)
    return render(request, "impact/manual.html", {"form": form, "page": page})


@staff_required
def report(request, file_format: str):
    period, error = _period(request)
    if error:
        messages.error(request, error)
        return redirect("impact:dashboard")
    data = overview(period)
    manual_rows = list(manual_figures(period))
    filename = export_filename(
        "helix-impacto", period.start.isoformat(), period.end.isoformat(), file_format=file_format
    )
    if file_format == "pdf":
        response = HttpResponse(render_pdf(period, data, manual_rows), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    header, rows = table_rows(data, manual_rows)
    return export_response(header=header, rows=rows, file_format="xlsx", filename=filename, title=_("Impact"))
