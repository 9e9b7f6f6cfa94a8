"""Export the filtered directory as CSV or XLSX, row by row, so 100,000 rows fit in little memory.

The columns are the import columns (same header names), so an export can be edited and imported back.
Both CSV and XLSX are streamed while the database cursor is read.
"""

import csv
import re
import zipfile
from collections.abc import Iterator
from xml.sax.saxutils import escape

from django.db.models import QuerySet
from django.utils.translation import get_language

from helix.network.models import Membership, Organisation, Person
from helix.network.models.organisations import OrganisationKind, Sector

from .columns import ORGANISATION_COLUMNS, PERSON_COLUMNS

CHUNK = 2000
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _chunked(rows: Iterator[tuple], size: int = CHUNK) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


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
            .values_list("organisation_id", "topic__code")
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
            through.filter(person_id__in=pks).order_by("topic__code").values_list("person_id", "topic__code")
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


class _Sink:
    """A write-only, unseekable file: zipfile then writes data descriptors and we hand out the bytes."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_END = "</sheetData></worksheet>"


def _xlsx_row(values: list) -> str:
    cells = "".join(f'<c t="inlineStr"><is><t xml:space="preserve">{escape(_safe(v))}</t></is></c>' for v in values)
    return f"<row>{cells}</row>"


def xlsx_stream(kind: str, rows: Iterator[list]) -> Iterator[bytes]:
    """An .xlsx workbook (one sheet, text cells) produced while the rows are read.

    Written directly as SpreadsheetML in a zip so the first bytes leave at once and memory stays flat
    for 100,000 rows (openpyxl's write-only mode must finish the file before sending it and is several
    times slower). Text cells only: the import reads them back as text anyway.
    """
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=5) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK.format(name=escape(kind[:31])))
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write((_SHEET_START + _xlsx_row(headers(kind))).encode())
            buffer: list[str] = []
            for row in rows:
                buffer.append(_xlsx_row(row))
                if len(buffer) == 500:
                    sheet.write("".join(buffer).encode())
                    buffer = []
                    yield sink.drain()
            sheet.write(("".join(buffer) + _SHEET_END).encode())
    yield sink.drain()
