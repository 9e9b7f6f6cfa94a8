"""Surveys API: published questionnaires, campaigns (staff) and aggregated results.

Individual responses are not exposed here; aggregated figures follow the same ≥5-respondent rule
as the pages (`permissions.can_see_aggregate`).
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from helix.apitokens.auth import signed_in
from helix.core.api import Id, Pagination, ShortText

from .domain import campaigns, reports
from .models import Campaign, Question, Questionnaire
from .permissions import can_manage_surveys

router = Router(tags=["surveys"])


class OptionOut(Schema):
    code: str
    label: str
    descriptor: str
    score: float | None


class QuestionOut(Schema):
    id: int
    code: str
    text: str
    kind: str
    required: bool
    max_choices: int | None
    unit: str
    area: str
    dimension: str | None
    kpi_code: str
    show_if_question: int | None
    show_if_values: list
    options: list[OptionOut]

    @staticmethod
    def resolve_dimension(obj) -> str | None:
        return obj.dimension.code if obj.dimension_id else None

    @staticmethod
    def resolve_show_if_question(obj) -> int | None:
        return obj.show_if_question_id

    @staticmethod
    def resolve_options(obj) -> list:
        return list(obj.options.all())


class SectionOut(Schema):
    title: str
    description: str
    questions: list[QuestionOut]


class QuestionnaireOut(Schema):
    id: int
    family: str
    version: int
    title: str
    description: str
    built_in: bool
    published_at: dt.datetime | None


class QuestionnaireDetailOut(QuestionnaireOut):
    sections: list[SectionOut]


class CampaignOut(Schema):
    id: int
    title: str
    questionnaire_id: int
    deadline: dt.datetime
    status: str
    invited: int
    started: int
    submitted: int
    rate: float


class RowOut(Schema):
    label: str
    count: int
    share: float
    average_rank: float | None = None


class QuestionResultOut(Schema):
    code: str
    text: str
    kind: str
    answered: int
    rows: list[RowOut]
    numbers: dict | None


class DimensionMedianOut(Schema):
    code: str
    label: str
    median: float


class ResultsOut(Schema):
    campaign_id: int
    respondents: int
    overall_median: float | None
    dimensions: list[DimensionMedianOut]
    questions: list[QuestionResultOut]


class RegionScoresOut(Schema):
    region_code: int
    region: str
    respondents: int
    overall_median: float | None
    dimensions: dict[str, float]


def _published():
    return Questionnaire.objects.filter(status=Questionnaire.Status.PUBLISHED)


@router.get("/questionnaires", response=list[QuestionnaireOut], summary="Published questionnaires")
@paginate(Pagination)
def list_questionnaires(request):
    return list(_published().order_by("family", "-version"))


@router.get("/questionnaires/{questionnaire_id}", response=QuestionnaireDetailOut)
def get_questionnaire(request, questionnaire_id: Id):
    questionnaire = get_object_or_404(_published(), pk=questionnaire_id)
    questions = campaigns.questions_of(questionnaire)
    sections = []
    for section in questionnaire.sections.all():
        sections.append(
            {
                "title": section.title,
                "description": section.description,
                "questions": [q for q in questions if q.section_id == section.pk],
            }
        )
    return {**QuestionnaireOut.from_orm(questionnaire).dict(), "sections": sections}


@router.get("/campaigns", response=list[CampaignOut], auth=signed_in, summary="Campaigns with response rates (staff)")
@paginate(Pagination)
def list_campaigns(request):
    if not can_manage_surveys(request.user):
        raise PermissionDenied
    return [
        {
            "id": c.pk,
            "title": c.title,
            "questionnaire_id": c.questionnaire_id,
            "deadline": c.deadline,
            "status": c.status,
            **campaigns.response_rate(c),
        }
        for c in Campaign.objects.all()
    ]


@router.get(
    "/campaigns/{campaign_id}/results",
    response=ResultsOut,
    summary="Aggregated results (at least 5 respondents unless staff)",
)
def campaign_results(
    request, campaign_id: Id, region: Id | None = None, size: ShortText | None = None, sector: ShortText | None = None
):
    campaign = get_object_or_404(Campaign.objects.select_related("questionnaire"), pk=campaign_id)
    report = reports.campaign_report(
        actor=request.user,
        campaign=campaign,
        region=region,
        size=size if size in reports.SIZES else None,
        sector=sector,
    )
    text_kinds = (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT)
    return {
        "campaign_id": campaign.pk,
        "respondents": report["respondents"],
        "overall_median": report["overall_median"],
        "dimensions": report["dimensions"],
        "questions": [
            {
                "code": item["question"].code,
                "text": item["question"].text,
                "kind": item["question"].kind,
                "answered": item["answered"],
                "rows": item["rows"],
                "numbers": item["numbers"],
            }
            for item in report["questions"]
            if item["question"].kind not in text_kinds
        ],
    }


@router.get(
    "/campaigns/{campaign_id}/regions",
    response=list[RegionScoresOut],
    summary="Median maturity scores per region (for maps and expansion rankings)",
)
@paginate(Pagination)
def campaign_regions(request, campaign_id: Id):
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    return reports.region_scores(actor=request.user, campaign=campaign)
