"""Export the filtered directory as CSV or XLSX, row by row, so 100,000 rows fit in little memory.

The columns are the import columns (same header names), so an export can be edited and imported back.
CSV is streamed while the database cursor is read; XLSX is written by openpyxl's write-only mode
to a temporary file (a zip cannot be streamed before it is complete) and then streamed from disk.
"""

import csv
import re
import tempfile
from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet
from django.utils.translation import get_language

from helix.network.models import Membership, Organisation, Person, Topic

from .columns import ORGANISATION_COLUMNS, PERSON_COLUMNS

CHUNK = 2000
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def organisation_rows(queryset: QuerySet[Organisation]) -> Iterator[list]:
    qs = queryset.select_related("commune", "region").prefetch_related(
        Prefetch("topics", queryset=Topic.objects.only("id", "code"))
    )
    for org in qs.iterator(chunk_size=CHUNK):
        yield [
            org.name,
            org.get_kind_display(),
            org.get_sector_display(),
            org.commune.name if org.commune_id else "",
            org.region.name if org.region_id else "",
            org.website,
            org.email,
            org.phone,
            org.description,
            "; ".join(t.code for t in org.topics.all()),
            org.country,
        ]


def person_rows(queryset: QuerySet[Person]) -> Iterator[list]:
    memberships = Membership.objects.filter(status=Membership.Status.APPROVED).select_related("organisation")
    qs = queryset.select_related("commune").prefetch_related(
        Prefetch("expertise", queryset=Topic.objects.only("id", "code")),
        Prefetch("memberships", queryset=memberships.order_by("pk"), to_attr="approved"),
    )
    for person in qs.iterator(chunk_size=CHUNK):
        first = person.approved[0] if person.approved else None
        yield [
            person.first_name,
            person.last_name,
            person.email or "",
            person.phone,
            person.commune.name if person.commune_id else "",
            first.organisation.name if first else "",
            first.position if first else "",
            "; ".join(t.code for t in person.expertise.all()),
            person.get_gender_display() if person.gender else "",
            "sí" if person.public_profile else "no",
            person.bio,
        ]


def headers(kind: str) -> list[str]:
    columns = ORGANISATION_COLUMNS if kind == "organisations" else PERSON_COLUMNS
    return [c.header(get_language()) for c in columns]


def _safe(value) -> str:
    """Neutralise spreadsheet formulas (CSV injection) and characters XLSX cannot hold.

    A leading "+" or "-" followed by a digit is kept: it is a phone number, not a formula.
    """
    text = _ILLEGAL.sub("", str(value or ""))
    if text[:1] in ("=", "@") or (text[:1] in ("+", "-") and not text[1:2].isdigit() and len(text) > 1):
        return "'" + text
    return text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(kind: str, rows: Iterator[list]) -> Iterator[str]:
    """Lines of CSV; starts with a BOM so Excel opens the UTF-8 accents correctly."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(headers(kind))
    for row in rows:
        yield writer.writerow([_safe(v) for v in row])


def xlsx_file(kind: str, rows: Iterator[list]):
    """A temporary file holding the workbook, positioned at its start (deleted when closed)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=kind[:31])
    sheet.append(headers(kind))
    for row in rows:
        sheet.append([_safe(v) for v in row])
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by FileResponse
    workbook.save(handle)
    handle.seek(0)
    return handle
