"""Directory API: public data only (no e-mails of people, no gender, no private profiles), plus the
signed-in caller's own organisations' agreements and their confirmation."""

from datetime import date, datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from helix.apitokens.auth import signed_in
from helix.core.api import Id, Pagination, ShortText, record_url, topic_codes
from helix.territory.models import Region

from . import domain, queries
from .models import Agreement, Topic
from .permissions import acting_organisation_ids

router = Router(tags=["directory"])


class TopicOut(Schema):
    code: str
    kind: str
    name_es: str
    name_en: str
    parent: str | None = Field(None, alias="parent.code")
    sdg_number: int | None = None


class RegionOut(Schema):
    code: int
    name: str
    capital: str
    population: int


class OrganisationOut(Schema):
    slug: str
    name: str
    sector: str
    kind: str
    country: str
    commune: str | None = Field(None, alias="commune.name")
    commune_cut: int | None = Field(None, alias="commune.cut")
    region_code: int | None = Field(None, alias="region.code")
    website: str
    topics: list[str]
    url: str

    resolve_topics = staticmethod(topic_codes)

    resolve_url = staticmethod(record_url)


class MemberOut(Schema):
    person_id: int = Field(alias="person.pk")
    name: str = Field(alias="person.full_name")
    position: str


class OrganisationDetailOut(OrganisationOut):
    description: str
    email: str
    phone: str
    operating_regions: list[int]
    members: list[MemberOut]

    @staticmethod
    def resolve_operating_regions(obj) -> list[int]:
        return [r.code for r in obj.operating_regions.all()]

    @staticmethod
    def resolve_members(obj) -> list:
        return obj.public_members


class PersonOut(Schema):
    id: int
    name: str = Field(alias="full_name")
    commune: str | None = Field(None, alias="commune.name")
    bio: str
    expertise: list[str]
    organisations: list[str]

    @staticmethod
    def resolve_expertise(obj) -> list[str]:
        return [t.code for t in obj.expertise.all()]

    @staticmethod
    def resolve_organisations(obj) -> list[str]:
        return [m.organisation.slug for m in obj.approved_memberships]


@router.get("/organisations", response=list[OrganisationOut], summary="Search organisations")
@paginate(Pagination)
def list_organisations(
    request,
    q: ShortText = "",
    sector: ShortText | None = None,
    kind: ShortText | None = None,
    region: Id | None = None,
    topic: ShortText | None = None,
):
    """Accent- and case-insensitive search, best match first; filters as on the directory page."""
    return queries.organisation_list(
        queries.search_organisations(q=q, sector=sector, kind=kind, region=region, topic=topic)
    )


@router.get("/organisations/{slug}", response=OrganisationDetailOut, summary="One organisation")
def organisation_detail(request, slug: ShortText):
    return get_object_or_404(queries.organisation_page(slug))


@router.get("/people", response=list[PersonOut], summary="Search public expert profiles")
@paginate(Pagination)
def list_people(request, q: ShortText = "", region: Id | None = None, topic: ShortText | None = None):
    return queries.people_list(queries.search_people(q=q, region=region, topic=topic))


@router.get("/topics", response=list[TopicOut], summary="The shared topic taxonomy")
@paginate(Pagination)
def list_topics(request):
    return Topic.objects.select_related("parent")


@router.get("/regions", response=list[RegionOut], summary="Chile's regions")
@paginate(Pagination)
def list_regions(request):
    return Region.objects.all()


# -- agreements (signed-in): the caller's organisations' agreements, and confirming one ---------


class AgreementOut(Schema):
    id: int
    title: str
    status: str
    parties: list[int]
    confirmed_by: list[int | None] = Field(..., description="parties that confirmed (null: staff for everyone)")
    challenge: int | None = Field(None, alias="challenge_id")
    match: int | None = Field(None, alias="match_id")
    meeting: int | None = Field(None, alias="meeting_id")
    direct_meeting: int | None = Field(None, alias="direct_meeting_id")
    start_date: date | None
    confirmed_at: datetime | None

    @staticmethod
    def resolve_parties(obj) -> list[int]:
        return sorted(p.pk for p in obj.parties.all())

    @staticmethod
    def resolve_confirmed_by(obj) -> list[int | None]:
        return [c.organisation_id for c in obj.confirmations.all()]


@router.get("/agreements/mine", response=list[AgreementOut], auth=signed_in, summary="My organisations' agreements")
@paginate(Pagination)
def my_agreements(request, status: ShortText | None = None):
    agreements = queries.agreements_of(acting_organisation_ids(request.user))
    return agreements.filter(status=status) if status else agreements


@router.post("/agreements/{agreement_id}/confirm", response=AgreementOut, auth=signed_in)
def confirm_agreement(request, agreement_id: Id):
    """Confirm a pending agreement for the parties the caller represents (staff: for everyone)."""
    agreement = domain.confirm_agreement(actor=request.user, agreement=get_object_or_404(Agreement, pk=agreement_id))
    return queries.agreements_of(agreement.parties.values("pk")).get(pk=agreement.pk)
