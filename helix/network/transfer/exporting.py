"""Rows of the filtered directory for the export, read in chunks so 100,000 rows fit in little memory.

The columns are the import columns (same header names), so an export can be edited and imported back.
The file itself (CSV or XLSX, streamed, formulas neutralised) is written by ``helix.core.tabular``.
"""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import get_language

from helix.network.models import Membership, Organisation, Person
from helix.network.models.organisations import OrganisationKind, Sector

from .domain.columns import ORGANISATION_COLUMNS, PERSON_COLUMNS

CHUNK = 2000


def _chunked(rows: Iterator[tuple], size: int = CHUNK) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _topic_name_field() -> str:
    """Topics are exported by name in the file's language (issue 12 §9: not codes such as sdg-6);
    the importer reads names in either language back."""
    return "topic__name_en" if (get_language() or "").startswith("en") else "topic__name_es"


def _codes_by_owner(through_rows) -> dict[int, list[str]]:
    codes: dict[int, list[str]] = {}
    for owner_id, code in through_rows:
        codes.setdefault(owner_id, []).append(code)
    return codes


# Plain tuples (values_list), not model instances: building 100,000 models with their commune,
# region and topics cost most of the export time. Topics come in one query per chunk of rows.
def organisation_rows(queryset: QuerySet[Organisation]) -> Iterator[list]:
    kinds = {value: str(label) for value, label in OrganisationKind.choices}
    sectors = {value: str(label) for value, label in Sector.choices}
    fields = ("pk", "name", "kind", "sector", "commune__name", "region__name", "website", "email", "phone")
    rows = queryset.values_list(*fields, "description", "country").iterator(chunk_size=CHUNK)
    through = Organisation.topics.through.objects
    for chunk in _chunked(rows):
        topics = _codes_by_owner(
            through.filter(organisation_id__in=[r[0] for r in chunk])
            .order_by("topic__code")
            .values_list("organisation_id", _topic_name_field())
        )
        for pk, name, kind, sector, commune, region, website, email, phone, description, country in chunk:
            yield [
                name,
                kinds.get(kind, kind),
                sectors.get(sector, sector),
                commune or "",
                region or "",
                website,
                email,
                phone,
                description,
                "; ".join(topics.get(pk, ())),
                country,
            ]


def person_rows(queryset: QuerySet[Person]) -> Iterator[list]:
    genders = {value: str(label) for value, label in Person.Gender.choices}
    fields = ("pk", "first_name", "last_name", "email", "phone", "commune__name", "gender", "public_profile", "bio")
    rows = queryset.values_list(*fields).iterator(chunk_size=CHUNK)
    through = Person.expertise.through.objects
    for chunk in _chunked(rows):
        pks = [r[0] for r in chunk]
        expertise = _codes_by_owner(
            through.filter(person_id__in=pks).order_by("topic__code").values_list("person_id", _topic_name_field())
        )
        first_membership: dict[int, tuple[str, str]] = {}
        memberships = (
            Membership.objects.filter(person_id__in=pks, status=Membership.Status.APPROVED)
            .order_by("pk")
            .values_list("person_id", "organisation__name", "position")
        )
        for person_id, organisation, position in memberships:
            first_membership.setdefault(person_id, (organisation, position))
        for pk, first, last, email, phone, commune, gender, public, bio in chunk:
            organisation, position = first_membership.get(pk, ("", ""))
            yield [
                first,
                last,
                email or "",
                phone,
                commune or "",
                organisation,
                position,
                "; ".join(expertise.get(pk, ())),
                genders.get(gender, gender) if gender else "",
                "sí" if public else "no",
                bio,
            ]


def headers(kind: str) -> list[str]:
    columns = ORGANISATION_COLUMNS if kind == "organisations" else PERSON_COLUMNS
    return [c.header(get_language()) for c in columns]
