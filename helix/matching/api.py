"""HTTP API for challenges, solutions and matches (django-ninja). Same rules as the pages.

Reads are open with the visibility rules of the site (staff-only challenges and drafts are 404 to
others); writes need a session (or staff) and follow `helix.matching.permissions`.
"""

from datetime import date, datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from helix.apitokens.auth import signed_in
from helix.core.api import Amount, Id, LongText, Pagination, ShortText, topic_codes
from helix.network.models import Organisation, Person, Topic
from helix.territory.models import Commune, Region

from . import queries
from .domain.agreements import mark_challenge_solved
from .domain.pipeline import dismiss_match, express_interest, move_pipeline
from .domain.records import save_challenge, save_solution
from .models import Challenge, Match, PipelineEntry, Solution, Stage
from .permissions import can_see_pipeline_entry, can_view_challenge, can_view_solution
from .reasons import reason_items, reason_texts

router = Router(tags=["matching"])


class ChallengeOut(Schema):
    id: int
    organisation: int = Field(..., alias="organisation_id")
    organisation_name: str = Field(..., alias="organisation.name")
    title: str
    description: str
    commune: int | None = None
    region: int | None = None
    topics: list[str]
    status: str
    visibility: str
    budget_min: int | None
    budget_max: int | None
    deadline: date | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_commune(obj) -> int | None:
        return obj.commune.cut if obj.commune_id else None

    @staticmethod
    def resolve_region(obj) -> int | None:
        return obj.region.code if obj.region_id else None

    resolve_topics = staticmethod(topic_codes)


class ChallengeIn(Schema):
    organisation: Id
    title: ShortText
    description: LongText
    commune: Id | None = Field(None, description="CUT code of the commune")
    region: Id | None = Field(None, description="region code (1-16); taken from the commune when given")
    topics: list[ShortText] = Field(default_factory=list, max_length=50, description="topic codes")
    status: Challenge.Status = Challenge.Status.DRAFT
    visibility: Challenge.Visibility = Challenge.Visibility.PUBLIC
    budget_min: Amount | None = None
    budget_max: Amount | None = None
    deadline: date | None = None


class ChallengePatch(Schema):
    """Only the fields sent change; a field that cannot be empty refuses ``null`` (422)."""

    organisation: Id = None
    title: ShortText = None
    description: LongText = None
    commune: Id | None = None
    region: Id | None = None
    topics: list[ShortText] = Field(None, max_length=50)
    status: Challenge.Status = None
    visibility: Challenge.Visibility = None
    budget_min: Amount | None = None
    budget_max: Amount | None = None
    deadline: date | None = None


class SolutionOut(Schema):
    id: int
    provider: int = Field(..., alias="provider_id")
    provider_name: str = Field(..., alias="provider.name")
    title: str
    description: str
    language: str
    topics: list[str]
    regions: list[int]
    all_chile: bool
    maturity: str
    references: str
    contact: int | None = Field(None, alias="contact_id")
    status: str
    created_at: datetime
    updated_at: datetime

    resolve_topics = staticmethod(topic_codes)

    @staticmethod
    def resolve_regions(obj) -> list[int]:
        return [r.code for r in obj.regions.all()]


class SolutionIn(Schema):
    provider: Id
    title: ShortText
    description: LongText
    language: Solution.Language = Solution.Language.SPANISH
    topics: list[ShortText] = Field(default_factory=list, max_length=50)
    regions: list[Id] = Field(default_factory=list, max_length=50, description="region codes (1-16)")
    all_chile: bool = False
    maturity: Solution.Maturity = Solution.Maturity.IDEA
    references: LongText = ""
    contact: Id | None = None
    status: Solution.Status = Solution.Status.DRAFT


class SolutionPatch(Schema):
    """Only the fields sent change; a field that cannot be empty refuses ``null`` (422)."""

    provider: Id = None
    title: ShortText = None
    description: LongText = None
    language: Solution.Language = None
    topics: list[ShortText] = Field(None, max_length=50)
    regions: list[Id] = Field(None, max_length=50)
    all_chile: bool = None
    maturity: Solution.Maturity = None
    references: LongText = None
    contact: Id | None = None
    status: Solution.Status = None


class ReasonOut(Schema):
    kind: str = Field(..., description="concept, term, topic, similar, region, outside_region, outside_regions")
    value: str = Field(..., description="concept id, word, topic code or region codes")
    label: str = Field(..., description="in the interface language (cookie django_language; Spanish by default)")


class MatchOut(Schema):
    id: int
    challenge: int = Field(..., alias="challenge_id")
    solution: int = Field(..., alias="solution_id")
    score: float
    why: list[str] = Field(..., description="short reasons in the interface language")
    reasons: list[ReasonOut]
    rank: int | None
    solution_rank: int | None
    region_fit: bool
    state: str
    interested_challenge_side: bool
    interested_provider_side: bool
    computed_at: datetime

    @staticmethod
    def resolve_why(obj) -> list[str]:
        return reason_texts(obj.why)

    @staticmethod
    def resolve_reasons(obj) -> list[dict]:
        return reason_items(obj.why)


class MoveIn(Schema):
    challenge: Id
    solution: Id
    to_stage: Stage
    note: LongText = ""


class EntryOut(Schema):
    id: int
    challenge: int = Field(..., alias="challenge_id")
    solution: int = Field(..., alias="solution_id")
    stage: str
    updated_at: datetime


class Filters(Schema):
    region: Id | None = None
    topic: ShortText | None = None
    status: Challenge.Status | None = None
    q: ShortText = ""


class SolutionFilters(Schema):
    region: Id | None = None
    topic: ShortText | None = None
    language: Solution.Language | None = None
    q: ShortText = ""


# -- helpers ---------------------------------------------------------------------------------


def _unprocessable(message) -> HttpError:
    return HttpError(422, message if isinstance(message, str) else "; ".join(message))


def _topics(codes: list[str]) -> list[Topic]:
    topics = list(Topic.objects.filter(code__in=codes))
    unknown = set(codes) - {t.code for t in topics}
    if unknown:
        raise _unprocessable(f"unknown topics: {', '.join(sorted(unknown))}")
    return topics


def _organisation(pk: int) -> Organisation:
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise _unprocessable(f"unknown organisation: {pk}")
    return organisation


def _challenge_values(data: dict) -> dict:
    if "commune" in data:
        cut = data.pop("commune")
        commune = Commune.objects.filter(cut=cut).first() if cut is not None else None
        if cut is not None and commune is None:
            raise _unprocessable(f"unknown commune: {cut}")
        data["commune"] = commune
    if "region" in data:
        code = data.pop("region")
        region = Region.objects.filter(code=code).first() if code is not None else None
        if code is not None and region is None:
            raise _unprocessable(f"unknown region: {code}")
        data["region"] = region
    return data


def _visible_challenge(request, pk: int) -> Challenge:
    challenge = get_object_or_404(
        Challenge.objects.select_related("organisation", "commune", "region").prefetch_related("topics"), pk=pk
    )
    if not can_view_challenge(request.user, challenge):
        raise HttpError(404, "Not Found")
    return challenge


def _visible_solution(request, pk: int) -> Solution:
    solution = get_object_or_404(
        Solution.objects.select_related("provider").prefetch_related("topics", "regions"), pk=pk
    )
    if not can_view_solution(request.user, solution):
        raise HttpError(404, "Not Found")
    return solution


def _visible_match(request, pk: int) -> Match:
    match = get_object_or_404(Match.objects.select_related("challenge", "solution"), pk=pk)
    if not (can_view_challenge(request.user, match.challenge) and can_view_solution(request.user, match.solution)):
        raise HttpError(404, "Not Found")
    return match


# -- challenges ------------------------------------------------------------------------------


@router.get("/challenges", response=list[ChallengeOut])
@paginate(Pagination)
def list_challenges(request, filters: Query[Filters]):
    return queries.challenges_for(request.user, **filters.dict())


@router.get("/challenges/{challenge_id}", response=ChallengeOut)
def get_challenge(request, challenge_id: Id):
    return _visible_challenge(request, challenge_id)


@router.post("/challenges", response={201: ChallengeOut}, auth=signed_in)
def create_challenge(request, payload: ChallengeIn):
    data = _challenge_values(payload.dict())
    organisation, topics = _organisation(data.pop("organisation")), _topics(data.pop("topics"))
    if not request.user.is_staff:
        data["visibility"] = Challenge.Visibility.PUBLIC  # staff-only is staff's call, as in the form
    challenge = save_challenge(actor=request.user, organisation=organisation, topics=topics, **data)
    return Status(201, _visible_challenge(request, challenge.pk))


@router.patch("/challenges/{challenge_id}", response=ChallengeOut, auth=signed_in)
def update_challenge(request, challenge_id: Id, payload: ChallengePatch):
    challenge = _visible_challenge(request, challenge_id)
    data = _challenge_values(payload.dict(exclude_unset=True))
    organisation = _organisation(data.pop("organisation")) if "organisation" in data else challenge.organisation
    topics = _topics(data.pop("topics")) if data.get("topics") is not None else data.pop("topics", None)
    if not request.user.is_staff:
        data.pop("visibility", None)
    save_challenge(actor=request.user, organisation=organisation, challenge=challenge, topics=topics, **data)
    return _visible_challenge(request, challenge_id)


@router.post("/challenges/{challenge_id}/solved", response=ChallengeOut, auth=signed_in)
def challenge_solved(request, challenge_id: Id):
    """The challenge's organisation (or staff) declares it solved."""
    return mark_challenge_solved(actor=request.user, challenge=_visible_challenge(request, challenge_id))


@router.get("/challenges/{challenge_id}/matches", response=list[MatchOut])
@paginate(Pagination)
def challenge_matches(request, challenge_id: Id):
    return queries.matches_for_challenge(_visible_challenge(request, challenge_id))


# -- solutions -------------------------------------------------------------------------------


def _solution_relations(data: dict) -> dict:
    if data.get("regions") is not None:
        codes = data["regions"]
        regions = list(Region.objects.filter(code__in=codes))
        if len(regions) != len(set(codes)):
            raise _unprocessable("unknown region code")
        data["regions"] = regions
    if data.get("topics") is not None:
        data["topics"] = _topics(data["topics"])
    if "contact" in data:
        pk = data["contact"]
        contact = Person.objects.filter(pk=pk).first() if pk is not None else None
        if pk is not None and contact is None:
            raise _unprocessable(f"unknown person: {pk}")
        data["contact"] = contact
    return data


@router.get("/solutions", response=list[SolutionOut])
@paginate(Pagination)
def list_solutions(request, filters: Query[SolutionFilters]):
    return queries.solutions_for(request.user, **filters.dict())


@router.get("/solutions/{solution_id}", response=SolutionOut)
def get_solution(request, solution_id: Id):
    return _visible_solution(request, solution_id)


@router.post("/solutions", response={201: SolutionOut}, auth=signed_in)
def create_solution(request, payload: SolutionIn):
    data = _solution_relations(payload.dict())
    provider = _organisation(data.pop("provider"))
    topics, regions = data.pop("topics"), data.pop("regions")
    solution = save_solution(actor=request.user, provider=provider, topics=topics, regions=regions, **data)
    return Status(201, _visible_solution(request, solution.pk))


@router.patch("/solutions/{solution_id}", response=SolutionOut, auth=signed_in)
def update_solution(request, solution_id: Id, payload: SolutionPatch):
    solution = _visible_solution(request, solution_id)
    data = _solution_relations(payload.dict(exclude_unset=True))
    provider = _organisation(data.pop("provider")) if data.get("provider") is not None else solution.provider
    data.pop("provider", None)
    topics, regions = data.pop("topics", None), data.pop("regions", None)
    save_solution(actor=request.user, provider=provider, solution=solution, topics=topics, regions=regions, **data)
    return _visible_solution(request, solution_id)


@router.get("/solutions/{solution_id}/matches", response=list[MatchOut])
@paginate(Pagination)
def solution_matches(request, solution_id: Id):
    return queries.matches_for_solution(_visible_solution(request, solution_id), request.user)


# -- matches and pipeline --------------------------------------------------------------------


@router.get("/matches/{match_id}", response=MatchOut)
def get_match(request, match_id: Id):
    return _visible_match(request, match_id)


@router.post("/matches/{match_id}/interest", response=MatchOut, auth=signed_in)
def interest(request, match_id: Id, side: ShortText | None = None):
    match = _visible_match(request, match_id)
    return express_interest(actor=request.user, match=match, side=side)


@router.post("/matches/{match_id}/dismiss", response=MatchOut, auth=signed_in)
def dismiss(request, match_id: Id, side: ShortText | None = None):
    match = _visible_match(request, match_id)
    return dismiss_match(actor=request.user, match=match, side=side)


@router.post("/pipeline/move", response=EntryOut, auth=signed_in)
def pipeline_move(request, payload: MoveIn):
    challenge = _visible_challenge(request, payload.challenge)
    solution = _visible_solution(request, payload.solution)
    return move_pipeline(
        actor=request.user, challenge=challenge, solution=solution, to_stage=payload.to_stage, note=payload.note
    )


@router.get("/challenges/{challenge_id}/pipeline", response=list[EntryOut], auth=signed_in)
@paginate(Pagination)
def challenge_pipeline(request, challenge_id: Id):
    """The pipeline entries of a challenge: staff see all, each party only its own pairs."""
    challenge = _visible_challenge(request, challenge_id)
    entries = PipelineEntry.objects.filter(challenge=challenge).select_related("challenge", "solution").order_by("pk")
    return [entry for entry in entries if can_see_pipeline_entry(request.user, entry)]
