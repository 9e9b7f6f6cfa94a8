"""Turn an uploaded CSV or XLSX file into a header and rows of text, or a clear error.

CSV files exported by Excel in Chile are often Windows-1252 and separated by semicolons; both are
detected. Every row keeps the line number a user sees in their spreadsheet (the header is line 1).
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls
TOO_LARGE = _("The file is larger than 10 MB. Split it into smaller files.")


class UnreadableFileError(Exception):
    """The file cannot be read as a spreadsheet; `message` says why, for the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (line number, cells)
    file_format: str  # "csv" or "xlsx"
    encoding: str = ""  # for CSV: what was detected
    notes: list[str] = field(default_factory=list)


def read_table(data: bytes, filename: str = "") -> Table:
    if not data or not data.strip():
        raise UnreadableFileError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise UnreadableFileError(TOO_LARGE)
    if data.startswith(_OLE_MAGIC):
        raise UnreadableFileError(
            _("This is an old Excel file (.xls). Save it as “Excel workbook (.xlsx)” or as CSV and upload it again.")
        )
    if data.startswith(_ZIP_MAGIC):
        return _read_xlsx(data)
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise UnreadableFileError(_("The file has an .xlsx name but is not an Excel workbook."))
    return _read_csv(data)


def _decode(data: bytes) -> tuple[str, str]:
    """Decode the bytes and name the encoding found (shown to the user in the preview)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "UTF-8 (BOM)"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    if b"\x00" in data:
        raise UnreadableFileError(
            _("The file is not a CSV text file or a spreadsheet (unknown encoding or binary content).")
        )
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252 (Latin-1)"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "ISO-8859-1 (Latin-1)"


def _read_csv(data: bytes) -> Table:
    try:
        text, encoding = _decode(data)
    except UnicodeDecodeError as error:
        raise UnreadableFileError(_("The file's text encoding could not be read. Save it as CSV UTF-8.")) from error
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t")
    if controls > 2:
        raise UnreadableFileError(
            _("The file is not a CSV text file or a spreadsheet (unknown encoding or binary content).")
        )
    sample = text[:8192]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = next(reader, None)
        rows = []
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((reader.line_num, cells))
            if len(rows) > MAX_ROWS:
                raise UnreadableFileError(_("The file has more than 20,000 rows. Split it into smaller files."))
    except csv.Error as error:
        raise UnreadableFileError(
            _("The CSV file is malformed near line %(line)s.") % {"line": reader.line_num}
        ) from error
    if headers is None or not any(h.strip() for h in headers):
        raise UnreadableFileError(_("The file is empty."))
    names = {",": _("comma"), ";": _("semicolon"), "\t": _("tab"), "|": _("vertical bar")}
    table = Table(headers=[h.strip() for h in headers], rows=rows, file_format="csv", encoding=encoding)
    table.notes.append(
        _("CSV file, encoding %(encoding)s, columns separated by %(delimiter)s.")
        % {"encoding": encoding, "delimiter": names[delimiter]}
    )
    if encoding.startswith(("Windows", "ISO")):
        table.notes.append(
            _("The file is not UTF-8: it was read as Latin-1 (the usual Excel export). Check that accents look right.")
        )
    return table


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise UnreadableFileError(_("The file is not a valid Excel workbook (.xlsx).")) from error
    try:
        sheet = workbook.worksheets[0]
        iterator = sheet.iter_rows(values_only=True)
        headers = None
        rows = []
        for line, values in enumerate(iterator, start=1):
            cells = [_cell_text(v) for v in values]
            if headers is None:
                if not any(cells):
                    continue  # leading blank rows before the header
                headers = cells
                continue
            if any(cells):
                rows.append((line, cells))
            if len(rows) > MAX_ROWS:
                raise UnreadableFileError(_("The file has more than 20,000 rows. Split it into smaller files."))
    finally:
        workbook.close()
    if headers is None:
        raise UnreadableFileError(_("The file is empty."))
    table = Table(headers=headers, rows=rows, file_format="xlsx")
    table.notes.append(_("Excel workbook: first sheet “%(sheet)s” read.") % {"sheet": sheet.title})
    return table
