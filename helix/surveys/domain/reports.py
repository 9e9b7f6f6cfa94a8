"""Reports: a respondent's scores against regional and national medians, and a campaign's
distributions (for pick-top-N questions: how often each option was chosen and its average rank).

Figures come from submitted responses only. Public (non-staff) figures require at least
`MIN_PUBLIC_RESPONDENTS` respondents in the filtered group (`permissions.can_see_aggregate`).
"""

from __future__ import annotations

import statistics
from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from helix.core.errors import HelixError
from helix.network.models import Topic

from .. import scoring
from ..models import Answer, Area, Campaign, Question, Response
from ..permissions import MIN_PUBLIC_RESPONDENTS, can_see_aggregate, can_view_response
from .campaigns import questions_of

# Commune population bands for the "population size" filter.
SIZES = {
    "small": (_("Under 20,000 inhabitants"), 0, 20_000),
    "medium": (_("20,000 to 100,000 inhabitants"), 20_000, 100_000),
    "large": (_("Over 100,000 inhabitants"), 100_000, None),
}


def submitted(campaign: Campaign, *, region: int | None = None, size: str | None = None, sector: str | None = None):
    qs = campaign.responses.filter(status=Response.Status.SUBMITTED)
    if region:
        qs = qs.filter(organisation__region__code=region)
    if size in SIZES:
        _label, low, high = SIZES[size]
        qs = qs.filter(organisation__commune__population__gte=low)
        if high is not None:
            qs = qs.filter(organisation__commune__population__lt=high)
    if sector:
        qs = qs.filter(organisation__sector=sector)
    return qs


def dimension_labels() -> dict[str, str]:
    return {t.code: t.name for t in Topic.objects.filter(kind=Topic.Kind.DIMENSION)}


def _label(question: Question, value, labels: dict[str, str]) -> str:
    if isinstance(value, list):
        return ", ".join(labels.get(str(v), str(v)) for v in value)
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if question.kind == Question.Kind.NUMBER and question.unit:
        return f"{value:g} {question.unit}"
    return labels.get(str(value), str(value))


def answer_label(question: Question, value) -> str:
    """An answer as a person reads it: option labels (ranking: "1. …, 2. …"), Sí/No, number and unit."""
    labels = {o.code: o.label for o in question.options.all()}
    if question.kind == Question.Kind.RANKING and isinstance(value, list):
        return "; ".join(f"{rank}. {labels.get(code, code)}" for rank, code in enumerate(value, start=1))
    if isinstance(value, float) and question.kind != Question.Kind.NUMBER:
        value = int(value)
    return _label(question, value, labels)


def municipality_report(*, actor, response: Response) -> dict:
    """One respondent's report: dimension and area scores, the regional and national medians of the
    campaign, its strongest and weakest dimensions, and the answers behind them."""
    if not can_view_response(actor, response):
        raise PermissionDenied
    if response.status != Response.Status.SUBMITTED:
        raise HelixError(_("This response has not been submitted yet."), code="not_submitted")
    peers = list(submitted(response.campaign).values_list("scores", "organisation__region_id"))
    national = scoring.medians(s.get("dimensions", {}) for s, _r in peers)
    region_id = response.organisation.region_id
    regional = scoring.medians(s.get("dimensions", {}) for s, r in peers if r == region_id and region_id)
    dims = response.scores.get("dimensions", {})
    strongest, weakest = scoring.strongest_and_weakest(dims, n=2)
    labels = dimension_labels()
    questions = questions_of(response.campaign.questionnaire)
    values = dict(response.answers.values_list("question_id", "value"))

    def behind(code: str) -> list[dict]:
        return [
            {"question": q.text, "answer": answer_label(q, values[q.pk])}
            for q in questions
            if q.dimension_id and q.dimension.code == code and q.pk in values
        ]

    order = [code for code in labels if code in dims]
    return {
        "response": response,
        "overall": response.scores.get("overall"),
        "level": response.scores.get("level"),
        "dimensions": [
            {
                "code": c,
                "label": labels[c],
                "score": dims[c],
                "regional": regional.get(c),
                "national": national.get(c),
                "answers": behind(c),
            }
            for c in order
        ],
        "areas": [
            {"code": c, "label": label, "score": response.scores.get("areas", {}).get(c)}
            for c, label in Area.choices
            if c in response.scores.get("areas", {})
        ],
        "strongest": [{"code": c, "label": labels[c], "score": dims[c], "answers": behind(c)} for c in strongest],
        "weakest": [{"code": c, "label": labels[c], "score": dims[c], "answers": behind(c)} for c in weakest],
        "peers": len(peers),
        "regional_peers": sum(1 for _s, r in peers if r == region_id and region_id),
        "answers": [
            {"section": q.section.title, "question": q.text, "answer": answer_label(q, values[q.pk])}
            for q in questions
            if q.pk in values
        ],
    }


def _numbers(values: list) -> dict:
    numbers = [float(v) for v in values]
    return {
        "count": len(numbers),
        "median": round(statistics.median(numbers), 2),
        "min": min(numbers),
        "max": max(numbers),
    }


def campaign_report(
    *, actor, campaign: Campaign, region: int | None = None, size: str | None = None, sector: str | None = None
) -> dict:
    """Distributions of every question over the campaign's submitted responses (filtered).

    Raises HelixError "too_few" when a non-staff actor asks about fewer than 5 respondents, so no
    figure can be traced to one organisation. Free-text answers are counted, never shown."""
    responses = submitted(campaign, region=region, size=size, sector=sector)
    ids = list(responses.values_list("pk", flat=True))
    n = len(ids)
    if not can_see_aggregate(actor, n):
        raise HelixError(
            _("Figures are shown only for groups of at least %(n)s respondents.") % {"n": MIN_PUBLIC_RESPONDENTS},
            code="too_few",
        )
    questions = questions_of(campaign.questionnaire)
    by_question: dict[int, list] = defaultdict(list)
    for start in range(0, n, 500):
        for question_id, value in Answer.objects.filter(response_id__in=ids[start : start + 500]).values_list(
            "question_id", "value"
        ):
            by_question[question_id].append(value)
    items = []
    for q in questions:
        values = by_question.get(q.pk, [])
        labels = {o.code: o.label for o in q.options.all()}
        item = {"question": q, "answered": len(values), "rows": [], "numbers": None}
        if q.kind == Question.Kind.RANKING:
            summary = scoring.ranking_summary(values, respondents=len(values))
            item["rows"] = sorted(
                (
                    {
                        "label": labels.get(code, code),
                        "count": s["count"],
                        "share": s["share"],
                        "average_rank": s["average_rank"],
                    }
                    for code, s in summary.items()
                ),
                key=lambda row: (-row["count"], row["average_rank"], row["label"]),
            )
        elif q.kind == Question.Kind.NUMBER:
            item["numbers"] = _numbers(values) if values else None
        elif q.kind not in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT):
            counts = scoring.distribution(values)
            if q.kind == Question.Kind.YES_NO:
                keys = [(True, _("Yes")), (False, _("No"))]
            elif q.kind == Question.Kind.LIKERT:
                keys = [(i, str(i)) for i in range(1, 6)]
            elif q.kind == Question.Kind.MATURITY:
                keys = [(int(o.code), o.label) for o in q.options.all()]
            else:
                keys = [(o.code, o.label) for o in q.options.all()]
            item["rows"] = [
                {
                    "label": str(label),
                    "count": counts.get(key, 0),
                    "share": round(counts.get(key, 0) / len(values), 4) if values else 0.0,
                }
                for key, label in keys
            ]
        items.append(item)
    scores = list(responses.values_list("scores", flat=True))
    labels = dimension_labels()
    medians = scoring.medians(s.get("dimensions", {}) for s in scores)
    return {
        "campaign": campaign,
        "respondents": n,
        "questions": items,
        "dimensions": [{"code": c, "label": labels[c], "median": medians[c]} for c in labels if c in medians],
        "overall_median": round(statistics.median([s["overall"] for s in scores if s.get("overall") is not None]), 2)
        if scores
        else None,
    }


def region_scores(*, actor, campaign: Campaign) -> list[dict]:
    """Per region: respondents and the median overall and dimension scores of the campaign. For the
    coverage map and expansion rankings; a non-staff actor gets only regions with ≥5 respondents."""
    rows: dict[int, list] = defaultdict(list)
    names: dict[int, str] = {}
    for scores, code, name in (
        submitted(campaign)
        .filter(organisation__region__isnull=False)
        .values_list("scores", "organisation__region__code", "organisation__region__name")
    ):
        rows[code].append(scores)
        names[code] = name
    result = []
    for code in sorted(rows):
        group = rows[code]
        if not can_see_aggregate(actor, len(group)):
            continue
        overall = [s["overall"] for s in group if s.get("overall") is not None]
        result.append(
            {
                "region_code": code,
                "region": names[code],
                "respondents": len(group),
                "overall_median": round(statistics.median(overall), 2) if overall else None,
                "dimensions": scoring.medians(s.get("dimensions", {}) for s in group),
            }
        )
    return result
