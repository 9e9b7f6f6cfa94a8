"""Turn an uploaded CSV or XLSX file into a header and rows of text, or a clear :class:`HelixError`.

Every import in Helix reads its file here, under hard :class:`Limits` checked *before* anything is
expanded: the file's size first (before reading the upload), then for XLSX the zip's own entry count
and unpacked sizes and the sheet's declared dimension (``<dimension ref="A1:XFD5001">``), then rows,
columns and cells counted again while the sheet is streamed, stopping at the limit. Missing cells are
never padded, so empty rows and empty trailing columns cost nothing.

CSV: UTF-8 (with or without BOM), UTF-16 and Windows-1252 are detected (Excel in Chile writes
Windows-1252 and semicolons); the separator is guessed among comma, semicolon, tab and ``|`` and the
guess never fails (a one-column file is one column). Every row keeps the line number a user sees in
their spreadsheet, and a leading apostrophe that an export added to neutralise a formula is removed.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from helix.core.errors import HelixError

from .export import FORMULA_TRIGGERS

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls
DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": _("comma"), ";": _("semicolon"), "\t": _("tab"), "|": _("vertical bar")}


@dataclass(frozen=True)
class Limits:
    """Hard bounds on one uploaded table. ``max_rows`` counts data rows (the header is extra)."""

    max_bytes: int = 10 * 1024 * 1024
    max_rows: int = 20_000
    max_columns: int = 100
    max_cells: int = 1_000_000
    # XLSX only: what the zip may unpack to, and how many entries it may hold.
    max_unpacked_bytes: int = 100 * 1024 * 1024
    max_zip_entries: int = 1_000

    # Blank rows tolerated past the row limit before a sheet counts as too long: formatting left below
    # the data is common, a million such rows is not a table.
    BLANK_ROW_SLACK = 1_000

    @property
    def max_lines(self) -> int:
        """Rows a sheet may span, blank ones included (header and slack added)."""
        return self.max_rows + 1 + self.BLANK_ROW_SLACK

    @property
    def max_cells_scanned(self) -> int:
        """Cells that may be looked at, empty ones included, before the file counts as too big."""
        return self.max_cells + self.max_columns * self.BLANK_ROW_SLACK


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (line number, cells); header on its own line, blank rows left out
    file_format: str  # "csv" or "xlsx"
    encoding: str = ""  # for CSV: what was detected
    notes: list[str] = field(default_factory=list)

    def records(self) -> list[tuple[int, dict[str, str]]]:
        """Rows as ``(line, {lower-case header: cell})``, for imports keyed by column name."""
        keys = [header.lower() for header in self.headers]
        return [(line, dict(zip(keys, cells, strict=False))) for line, cells in self.rows]


def limit_error(message, *, code: str, **counts: int) -> HelixError:
    """A HelixError whose parameters are counts, written the reader's way (20.000 in Spanish)."""
    return HelixError(message, code=code, params={k: number_format(v, force_grouping=True) for k, v in counts.items()})


def too_large(limits: Limits) -> HelixError:
    message = _("The file is larger than %(size)s MB. Split it into smaller files.")
    return limit_error(message, code="too_large", size=limits.max_bytes // (1024 * 1024))


def too_many_rows(limits: Limits) -> HelixError:
    message = _("The file has more than %(rows)s rows. Split it into smaller files.")
    return limit_error(message, code="too_many_rows", rows=limits.max_rows)


def too_many_columns(limits: Limits) -> HelixError:
    message = _("The file has more than %(columns)s columns. Keep only the columns of the import and upload it again.")
    return limit_error(message, code="too_many_columns", columns=limits.max_columns)


def too_many_cells(limits: Limits) -> HelixError:
    message = _("The file has more than %(cells)s cells. Split it into smaller files.")
    return limit_error(message, code="too_many_cells", cells=limits.max_cells)


def empty_file() -> HelixError:
    return HelixError(_("The file is empty."), code="empty")


def not_a_table() -> HelixError:
    return HelixError(
        _("The file is not a CSV text file or a spreadsheet (unknown encoding or binary content)."), code="not_a_table"
    )


def upload_bytes(upload, *, limits: Limits = Limits()) -> bytes:
    """The bytes of an uploaded file (Django ``UploadedFile``), refusing an oversized one before reading it."""
    if upload.size is not None and upload.size > limits.max_bytes:
        raise too_large(limits)
    upload.seek(0)
    data = upload.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise too_large(limits)
    return data


def read_upload(upload, *, limits: Limits = Limits()) -> Table:
    """Read an uploaded file, refusing an oversized one before reading it."""
    return read_table(upload_bytes(upload, limits=limits), upload.name or "", limits=limits)


def read_table(data: bytes, filename: str = "", *, limits: Limits = Limits()) -> Table:
    """The table in ``data`` (CSV or XLSX, recognised by content), or a HelixError saying why not."""
    if len(data) > limits.max_bytes:
        raise too_large(limits)
    if not data or not data.strip():
        raise empty_file()
    if data.startswith(_OLE_MAGIC):
        raise HelixError(
            _("This is an old Excel file (.xls). Save it as “Excel workbook (.xlsx)” or as CSV and upload it again."),
            code="legacy_xls",
        )
    if data.startswith(_ZIP_MAGIC):
        from .xlsx import read_xlsx

        return read_xlsx(data, limits=limits)
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise HelixError(_("The file has an .xlsx name but is not an Excel workbook."), code="not_xlsx")
    return _read_csv(data, limits)


def clean_cell(text: str) -> str:
    """A cell as the import sees it: without the apostrophe an export put before a formula sign, stripped."""
    if text[:1] == "'" and text[1:2] in FORMULA_TRIGGERS:
        text = text[1:]
    return text.strip()


class RowCounter:
    """Collects the header and the data rows, enforcing the limits as rows arrive."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.headers: list[str] | None = None
        self.rows: list[tuple[int, list[str]]] = []
        self.cells = 0

    def add(self, line: int, cells: list[str]) -> None:
        """Add one row of cleaned cells; trailing empty cells are dropped, blank rows skipped."""
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            return
        if len(cells) > self.limits.max_columns:
            raise too_many_columns(self.limits)
        self.cells += len(cells)
        if self.cells > self.limits.max_cells:
            raise too_many_cells(self.limits)
        if self.headers is None:
            self.headers = cells
            return
        self.rows.append((line, cells))
        if len(self.rows) > self.limits.max_rows:
            raise too_many_rows(self.limits)


def _decode(data: bytes) -> tuple[str, str]:
    """Decode the bytes and name the encoding found (shown to the user in the preview)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "UTF-8 (BOM)"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    if b"\x00" in data:
        raise not_a_table()
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252 (Latin-1)"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "ISO-8859-1 (Latin-1)"


def detect_delimiter(sample: str) -> str:
    """The separator that splits the header into columns (> 1) that the most of the first rows agree with.

    Never raises (``csv.Sniffer`` does, on a one-column file): without a better candidate, a comma.
    """
    lines = sample.splitlines()
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # the sample may cut the last line in half
    lines = [line for line in lines if line.strip()][:50]
    best, best_score = ",", (False, 0, 0)
    for delimiter in DELIMITERS:
        try:
            widths = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        if not widths:
            continue
        # The header decides: it splits into several columns, and the most rows agree with it.
        width = widths[0]
        score = (width > 1, widths.count(width), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(data: bytes, limits: Limits) -> Table:
    try:
        text, encoding = _decode(data)
    except UnicodeDecodeError as error:
        raise HelixError(
            _("The file's text encoding could not be read. Save it as CSV UTF-8."), code="encoding"
        ) from error
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t")
    if controls > 2:
        raise not_a_table()
    delimiter = detect_delimiter(text[:8192])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table = RowCounter(limits)
    scanned = 0
    try:
        # Numbered by record, as a spreadsheet shows them: a quoted cell with line breaks is still one row.
        for number, cells in enumerate(reader, start=1):
            scanned += len(cells)  # empty trailing cells too, before each one is cleaned
            if scanned > limits.max_cells_scanned:
                raise too_many_cells(limits)
            table.add(number, [clean_cell(cell) for cell in cells])
    except csv.Error as error:
        raise HelixError(
            _("The CSV file is malformed near line %(line)s."), code="malformed", params={"line": reader.line_num}
        ) from error
    if table.headers is None:
        raise empty_file()
    result = Table(headers=table.headers, rows=table.rows, file_format="csv", encoding=encoding)
    result.notes.append(
        _("CSV file, encoding %(encoding)s, columns separated by %(delimiter)s.")
        % {"encoding": encoding, "delimiter": DELIMITER_NAMES[delimiter]}
    )
    if encoding.startswith(("Windows", "ISO")):
        result.notes.append(
            _("The file is not UTF-8: it was read as Latin-1 (the usual Excel export). Check that accents look right.")
        )
    return result
