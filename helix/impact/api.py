"""API of the impact figures. Figures, funnel and breakdowns are aggregates and public; the records
behind a figure (named organisations and people) are for staff only. Periods: ``?from=&to=`` (ISO
dates; this year so far by default); a bad period is a 400 naming the field."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from helix.apitokens.auth import signed_in
from helix.core.api import Count, ShortText

from .figures import BY_KEY, breakdown, cached, overview
from .figures.funnel import DEFINITION as FUNNEL_DEFINITION
from .figures.funnel import DEFINITION_VERSION as FUNNEL_VERSION
from .figures.manual import manual_figures
from .figures.permissions import can_see_records
from .figures.sources import region_threshold
from .period import Period

router = Router(tags=["impact"])
PER_PAGE = 50


class PeriodIn(Schema):
    start: str = Field("", alias="from")
    end: str = Field("", alias="to")

    def period(self) -> Period:
        return Period.parse(self.start, self.end)


class FigureOut(Schema):
    key: str
    label: str
    unit: str
    value: int
    definition: str
    definition_version: int


class StageOut(Schema):
    stage: str
    label: str
    count: int
    conversion: float | None
    median_days: float | None


class ManualFigureOut(Schema):
    label: str
    value: float
    unit: str
    source: str
    date: str
    manual: bool = True


class FiguresOut(Schema):
    period: dict
    figures: list[FigureOut]
    funnel: list[StageOut]
    manual: list[ManualFigureOut]


class FunnelOut(Schema):
    period: dict
    definition: str
    definition_version: int
    stages: list[StageOut]


class BreakdownRow(Schema):
    value: str | int | None
    label: str = ""
    count: int


class BreakdownOut(Schema):
    period: dict
    key: str
    breakdowns: dict[str, list[BreakdownRow]]


class RecordOut(Schema):
    id: int
    name: str
    url: str | None


class RecordsOut(Schema):
    period: dict
    key: str
    set: str
    count: int
    page: int
    pages: int
    records: list[RecordOut]


def _period_dict(period: Period) -> dict:
    return {"from": period.start.isoformat(), "to": period.end.isoformat()}


def _figure(key: str):
    figure = BY_KEY.get(key)
    if figure is None:
        raise HttpError(404, _("There is no figure with that key."))
    return figure


@router.get(
    "/figures", response=FiguresOut, summary="Every impact figure with its definition, the funnel and manual figures"
)
def figures(request, params: Query[PeriodIn]):
    period = params.period()
    data = overview(period)
    manual = [
        {"label": m.label, "value": float(m.value), "unit": m.unit, "source": m.source, "date": m.date.isoformat()}
        for m in manual_figures(period)
    ]
    return {"period": _period_dict(period), "figures": data["figures"], "funnel": data["funnel"], "manual": manual}


@router.get("/funnel", response=FunnelOut, summary="The challenge funnel with conversions and median days")
def funnel(request, params: Query[PeriodIn]):
    period = params.period()
    return {
        "period": _period_dict(period),
        "definition": str(FUNNEL_DEFINITION),
        "definition_version": FUNNEL_VERSION,
        "stages": overview(period)["funnel"],
    }


@router.get("/figures/{key}/breakdown", response=BreakdownOut, summary="A figure by year, region, sector and country")
def figure_breakdown(request, key: str, params: Query[PeriodIn]):
    figure = _figure(key)
    period = params.period()
    name = f"breakdown:{key}:{get_language()}:t{region_threshold()}:{period.start.isoformat()}:{period.end.isoformat()}"
    return {"period": _period_dict(period), "key": key, "breakdowns": cached(name, lambda: breakdown(figure, period))}


@router.get(
    "/figures/{key}/records", response=RecordsOut, auth=signed_in, summary="The records behind a figure (staff)"
)
def figure_records(request, key: ShortText, params: Query[PeriodIn], set: ShortText = "", page: Count = 1):  # noqa: A002
    if not can_see_records(request.user):
        raise PermissionDenied(_("Only staff can see the records behind a figure."))
    figure = _figure(key)
    period = params.period()
    record_set = figure.record_set(set or None)
    current = Paginator(record_set.records(period), PER_PAGE).get_page(page)
    return {
        "period": _period_dict(period),
        "key": key,
        "set": record_set.slug,
        "count": current.paginator.count,
        "page": current.number,
        "pages": current.paginator.num_pages,
        "records": [
            {"id": record.pk, "name": str(record), "url": getattr(record, "get_absolute_url", lambda: None)()}
            for record in current.object_list
        ],
    }
