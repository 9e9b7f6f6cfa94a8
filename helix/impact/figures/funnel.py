"""The challenge funnel over a period: of the challenges published in it, how many were matched, met a
provider, reached a pilot or agreement, and were solved — with the conversion and the median days
between steps (see funnel_math). A handful of grouped queries, one per kind of record."""

from __future__ import annotations

import datetime as dt

from django.db.models import Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from helix.matching.models import Challenge, Match, Outcome, PipelineEntry, PipelineEvent, Stage
from helix.network.models import Agreement
from helix.wheel.models import DirectMeeting, Meeting

from ..period import Period
from . import records as r
from .funnel_math import STAGES, summarise

STAGE_LABELS = {
    "published": _("Challenges published"),
    "matched": _("Matched with a solution"),
    "meetings_held": _("Meetings held"),
    "pilots_agreements": _("Pilots or agreements"),
    "solved": pgettext_lazy("impact funnel", "Solved"),
}

DEFINITION = _(
    "Challenges published in the period, followed to where they got: matched (a party showed interest "
    "in a suggested solution or put it on the pipeline), met a provider (a held wheel or direct meeting), "
    "reached a pilot or agreement, and were solved. Conversion is from the previous step; days are the "
    "median between the two steps."
)
DEFINITION_VERSION = 1


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def _first(reached: dict, stage: str, rows) -> None:
    for challenge_id, when in rows:
        if challenge_id is None or when is None or challenge_id not in reached:
            continue
        when = _as_date(when)
        current = reached[challenge_id].get(stage)
        if current is None or when < current:
            reached[challenge_id][stage] = when


def _grouped(queryset: QuerySet, challenge_path: str, date_path: str, cohort: QuerySet):
    return (
        queryset.filter(**{f"{challenge_path}__in": cohort})
        .order_by()
        .values_list(challenge_path)
        .annotate(first=Min(date_path))
    )


def stage_dates(period: Period) -> dict[int, dict[str, dt.date]]:
    """For each challenge published in the period, the first date of each stage it has a record of."""
    cohort_qs = r.published_challenges(period)
    reached = {pk: {"published": _as_date(created)} for pk, created in cohort_qs.values_list("pk", "created_at")}
    if not reached:
        return reached
    cohort = cohort_qs.values("pk")
    now = timezone.now()
    _first(
        reached,
        "matched",
        _grouped(Match.objects.filter(state=Match.State.INTERESTED), "challenge", "computed_at", cohort),
    )
    taken_up = PipelineEntry.objects.exclude(stage__in=[Stage.SUGGESTED, Stage.DISCARDED])
    _first(reached, "matched", _grouped(taken_up, "challenge", "created_at", cohort))
    held = Meeting.objects.filter(status__in=r.HELD)
    _first(reached, "meetings_held", _grouped(held, "request__source_match__challenge", "wheel__date", cohort))
    direct = DirectMeeting.objects.filter(status=DirectMeeting.Status.CONFIRMED, starts_at__lte=now)
    _first(reached, "meetings_held", _grouped(direct, "match__challenge", "starts_at", cohort))
    deals = Outcome.objects.filter(kind__in=[Outcome.Kind.PILOT, Outcome.Kind.AGREEMENT, Outcome.Kind.PURCHASE])
    _first(reached, "pilots_agreements", _grouped(deals, "challenge", "date", cohort))
    agreements = Agreement.objects.exclude(status=Agreement.Status.DRAFT)
    _first(reached, "pilots_agreements", _grouped(agreements, "challenge", "created_at", cohort))
    pilot_moves = PipelineEvent.objects.filter(to_stage=Stage.PILOT)
    _first(reached, "pilots_agreements", _grouped(pilot_moves, "entry__challenge", "created_at", cohort))
    _first(reached, "solved", _grouped(Outcome.objects.filter(kind=Outcome.Kind.SOLVED), "challenge", "date", cohort))
    solved_moves = PipelineEvent.objects.filter(to_stage=Stage.SOLVED)
    _first(reached, "solved", _grouped(solved_moves, "entry__challenge", "created_at", cohort))
    solved_now = Challenge.objects.filter(pk__in=cohort, status=Challenge.Status.SOLVED)
    _first(reached, "solved", solved_now.values_list("pk", "updated_at"))
    return reached


def funnel_stages(period: Period) -> list[dict]:
    """The funnel rows without labels (stage, count, conversion, median_days), widest first."""
    return summarise(stage_dates(period))


def with_labels(rows: list[dict]) -> list[dict]:
    """The rows with each stage's label in the current language."""
    return [row | {"label": str(STAGE_LABELS[row["stage"]])} for row in rows]


def funnel(period: Period) -> list[dict]:
    """The funnel rows (stage, label, count, conversion, median_days), widest first."""
    return with_labels(funnel_stages(period))


__all__ = [
    "DEFINITION",
    "DEFINITION_VERSION",
    "STAGES",
    "STAGE_LABELS",
    "funnel",
    "funnel_stages",
    "stage_dates",
    "with_labels",
]
