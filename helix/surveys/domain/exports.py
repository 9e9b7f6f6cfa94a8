"""The campaign export: one row per submitted response, as a generator (header first, then rows).

Ranking questions get one column per rank ("… — rank 1") holding the option's label, so the file
reads without a codebook; other choices are exported as labels too. Staff only.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Answer, Area, Campaign, Question
from ..permissions import can_manage_surveys
from .campaigns import questions_of
from .reports import answer_label, dimension_labels, submitted

BATCH = 500


def response_rows(
    *, actor, campaign: Campaign, region: int | None = None, size: str | None = None, sector: str | None = None
) -> Iterator[list]:
    """Yields the header, then one list of cells per submitted response (filtered like the report)."""
    if not can_manage_surveys(actor):
        raise PermissionDenied
    questions = questions_of(campaign.questionnaire)
    dims = dimension_labels()
    areas = dict(Area.choices)
    header = [_("Organisation"), _("Region"), _("Commune"), _("Sector"), _("Submitted"), _("Overall score"), _("Level")]
    header += [_("Score: %(dimension)s") % {"dimension": label} for label in dims.values()]
    header += [_("Score: %(area)s") % {"area": label} for label in areas.values()]
    for q in questions:
        if q.kind == Question.Kind.RANKING:
            header += [
                _("%(question)s — rank %(rank)s") % {"question": q.text, "rank": r}
                for r in range(1, (q.max_choices or 3) + 1)
            ]
        else:
            header.append(f"{q.text} ({q.unit})" if q.unit else q.text)
    yield header
    responses = (
        submitted(campaign, region=region, size=size, sector=sector)
        .select_related("organisation__region", "organisation__commune")
        .order_by("organisation__name", "pk")
    )
    ids = list(responses.values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        values: dict[int, dict[int, object]] = {pk: {} for pk in chunk}
        for response_id, question_id, value in Answer.objects.filter(response_id__in=chunk).values_list(
            "response_id", "question_id", "value"
        ):
            values[response_id][question_id] = value
        for response in responses.filter(pk__in=chunk):
            org = response.organisation
            scores = response.scores or {}
            row = [
                org.name,
                org.region.name if org.region_id else "",
                org.commune.name if org.commune_id else "",
                org.get_sector_display(),
                timezone.localtime(response.submitted_at).strftime("%Y-%m-%d %H:%M") if response.submitted_at else "",
                scores.get("overall", ""),
                scores.get("level", ""),
            ]
            row += [scores.get("dimensions", {}).get(code, "") for code in dims]
            row += [scores.get("areas", {}).get(code, "") for code in areas]
            answers = values[response.pk]
            for q in questions:
                value = answers.get(q.pk)
                if q.kind == Question.Kind.RANKING:
                    labels = {o.code: o.label for o in q.options.all()}
                    ranked = list(value or [])
                    row += [
                        labels.get(ranked[i], ranked[i]) if i < len(ranked) else "" for i in range(q.max_choices or 3)
                    ]
                elif value is None:
                    row.append("")
                elif q.kind == Question.Kind.NUMBER:
                    row.append(value)
                else:
                    row.append(answer_label(q, value))
            yield row
