"""Read the first sheet of an XLSX workbook under hard limits, streaming, never padding missing cells.

Order of the checks, each before the work it protects: the zip's entry count (from its end record,
before the central directory is parsed), the unpacked size of its entries (``zipfile`` never inflates
an entry past its declared size), the sheet's declared ``<dimension>`` (met before the first row),
then rows, columns and cells counted as their tags open while the sheet XML is parsed, so a sheet
that declares nothing, or lies, stops at the limit too.

openpyxl is not used to open the workbook: its read-only mode scans a whole sheet that has no
``<dimension>`` just to size it, and ``iter_rows`` pads every row to the declared width (16,384
columns × 5,001 rows became 82 million ``None`` values). Only its date helpers are used.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
from xml.etree.ElementTree import ParseError, XMLPullParser, fromstring

from django.utils.translation import gettext_lazy as _

from helix.core.errors import HelixError

from .reading import (
    Limits,
    RowCounter,
    Table,
    clean_cell,
    empty_file,
    limit_error,
    too_many_cells,
    too_many_columns,
)

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ROW, _CELL, _VALUE, _INLINE, _TEXT, _RUN = (f"{_NS}{tag}" for tag in ("row", "c", "v", "is", "t", "r"))
_SHEET_DATA, _DIMENSION, _SI = f"{_NS}sheetData", f"{_NS}dimension", f"{_NS}si"
_CHUNK = 64 * 1024


def not_a_workbook() -> HelixError:
    return HelixError(_("The file is not a valid Excel workbook (.xlsx)."), code="not_xlsx")


def too_big_unpacked(limits: Limits) -> HelixError:
    message = _("The workbook unpacks to more than %(size)s MB. Save it as CSV or split it, and upload it again.")
    return limit_error(message, code="too_large_unpacked", size=limits.max_unpacked_bytes // (1024 * 1024))


def sheet_too_long(limits: Limits) -> HelixError:
    message = _(
        "The sheet spans more than %(rows)s rows, empty rows included. Delete the empty rows below your data "
        "(or save it as CSV) and upload it again."
    )
    return limit_error(message, code="sheet_too_long", rows=limits.max_rows)


def sheet_too_wide(limits: Limits) -> HelixError:
    message = _(
        "The sheet spans more than %(columns)s columns, empty columns included. Delete the empty columns to the "
        "right of your data (or save it as CSV) and upload it again."
    )
    return limit_error(message, code="sheet_too_wide", columns=limits.max_columns)


def _zip_entry_count(data: bytes) -> int | None:
    """Entries announced by the zip's end-of-central-directory record, or None if there is none."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return None
    return struct.unpack("<H", data[end + 10 : end + 12])[0]


def _open_archive(data: bytes, limits: Limits) -> zipfile.ZipFile:
    """The zip, once its entry count and unpacked size are known to be within the limits."""
    entries = _zip_entry_count(data)
    if entries is None:
        raise not_a_workbook()
    if entries > limits.max_zip_entries:
        raise too_big_unpacked(limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, struct.error) as error:
        raise not_a_workbook() from error
    infos = archive.infolist()
    if len(infos) > limits.max_zip_entries or sum(i.file_size for i in infos) > limits.max_unpacked_bytes:
        archive.close()
        raise too_big_unpacked(limits)
    return archive


def read_xlsx(data: bytes, *, limits: Limits) -> Table:
    archive = _open_archive(data, limits)
    try:
        book = _Workbook(archive, limits)
        table = RowCounter(limits)
        with archive.open(book.sheet_path) as source:
            for line, row in book.rows(source):
                table.add(line, row)
    except HelixError:
        raise
    except (KeyError, ValueError, IndexError, ParseError, zipfile.BadZipFile, EOFError, OSError) as error:
        raise not_a_workbook() from error  # a missing part, bad XML, a bad shared-string index…
    finally:
        archive.close()
    if table.headers is None:
        raise empty_file()
    result = Table(headers=table.headers, rows=table.rows, file_format="xlsx")
    result.notes.append(_("Excel workbook: first sheet “%(sheet)s” read.") % {"sheet": book.sheet_title})
    return result


def _column_number(reference: str) -> int:
    number = 0
    for char in reference:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        else:
            break
    return number


def _row_number(reference: str) -> int:
    digits = reference.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ$").replace("$", "")
    return int(digits) if digits.isdigit() else 0


def _number_text(text: str) -> str:
    """How the import sees a number: 5 → "5", 5.0 → "5", 5.25 → "5.25"."""
    try:
        number = float(text)
    except ValueError:
        return text
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return str(number)


def _string_item(element) -> str:
    """The text of a shared or inline string: its ``t``, or its rich-text runs (not the phonetic hints)."""
    return (element.findtext(_TEXT) or "") + "".join(run.findtext(_TEXT) or "" for run in element.findall(_RUN))


class _Cursor:
    """Where `_Workbook.rows` is in the sheet: rows and cells seen so far and the row being read."""

    __slots__ = ("rows_seen", "cells_seen", "line", "column", "row", "sheet_data")

    def __init__(self) -> None:
        self.rows_seen = self.cells_seen = self.line = self.column = 0
        self.row: dict[int, str] = {}
        self.sheet_data = None


class _Workbook:
    """Where the first sheet is, its shared strings and date styles; then its rows, streamed."""

    def __init__(self, archive: zipfile.ZipFile, limits: Limits) -> None:
        self.archive, self.limits = archive, limits
        workbook_path = self._office_document()
        workbook = fromstring(archive.read(workbook_path))
        sheet = workbook.find(f"{_NS}sheets/{_NS}sheet")
        if sheet is None:
            raise empty_file()
        self.sheet_title = sheet.get("name", "")
        properties = workbook.find(f"{_NS}workbookPr")
        date1904 = properties is not None and properties.get("date1904", "0") in ("1", "true")
        by_id, by_type = self._relations(workbook_path)
        self.sheet_path = by_id[sheet.get(f"{_REL_NS}id")]
        self.shared = self._shared_strings(by_type.get("sharedStrings"))
        self.date_styles, self.duration_styles = self._date_styles(by_type.get("styles"))
        from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH

        self.epoch = MAC_EPOCH if date1904 else WINDOWS_EPOCH

    def _office_document(self) -> str:
        try:
            root = fromstring(self.archive.read("_rels/.rels"))
        except KeyError:
            return "xl/workbook.xml"
        for rel in root.iter(f"{_PKG_NS}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                return rel.get("Target", "").lstrip("/")
        return "xl/workbook.xml"

    def _relations(self, part: str) -> tuple[dict[str, str], dict[str, str]]:
        """The part's relationships: target path by id, and by type ("worksheet", "sharedStrings", …)."""
        folder, name = posixpath.split(part)
        root = fromstring(self.archive.read(posixpath.join(folder, "_rels", name + ".rels")))
        by_id, by_type = {}, {}
        for rel in root.iter(f"{_PKG_NS}Relationship"):
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            by_id[rel.get("Id")] = path
            by_type.setdefault(rel.get("Type", "").rsplit("/", 1)[-1], path)
        return by_id, by_type

    def _shared_strings(self, path: str | None) -> list[str]:
        if not path:
            return []
        strings: list[str] = []
        parser = XMLPullParser(events=("start", "end"))
        root = None
        with self.archive.open(path) as source:
            while chunk := source.read(_CHUNK):
                parser.feed(chunk)
                for event, element in parser.read_events():
                    if root is None:
                        root = element
                    elif event == "end" and element.tag == _SI:
                        strings.append(_string_item(element))
                        root.clear()  # drop the finished item from the tree: memory holds the strings only
                        if len(strings) > self.limits.max_cells:
                            raise too_many_cells(self.limits)
        parser.close()
        return strings

    def _date_styles(self, path: str | None) -> tuple[set[int], set[int]]:
        if not path:
            return set(), set()
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

        root = fromstring(self.archive.read(path))
        formats = dict(BUILTIN_FORMATS)
        for number_format_element in root.iter(f"{_NS}numFmt"):
            formats[int(number_format_element.get("numFmtId", -1))] = number_format_element.get("formatCode", "")
        dates, durations = set(), set()
        cell_formats = root.find(f"{_NS}cellXfs")
        for index, xf in enumerate(cell_formats if cell_formats is not None else ()):
            code = formats.get(int(xf.get("numFmtId", 0)), "")
            if code and is_date_format(code):
                dates.add(index)
                if is_timedelta_format(code):
                    durations.add(index)
        return dates, durations

    def _check_declared(self, element) -> None:
        """Refuse a sheet whose own ``<dimension>`` is beyond the limits, before reading one row."""
        last = element.get("ref", "").split(":")[-1].upper()
        rows, columns, limits = _row_number(last), _column_number(last), self.limits
        if rows > limits.max_lines:
            raise sheet_too_long(limits)
        if columns > limits.max_columns:
            raise sheet_too_wide(limits)
        if rows * columns > limits.max_cells_scanned:
            raise too_many_cells(limits)

    def rows(self, source):
        """``(line, cells)`` for each row with a value; rows and cells are counted as their tags open."""
        parser = XMLPullParser(events=("start", "end"))
        cursor = _Cursor()
        while chunk := source.read(_CHUNK):
            parser.feed(chunk)
            for event, element in parser.read_events():
                if event == "start":
                    self._opened(element, cursor)
                elif (finished := self._closed(element, cursor)) is not None:
                    yield finished
        parser.close()

    def _opened(self, element, cursor: _Cursor) -> None:
        """Count a cell or a row as its tag opens, before its content is read; check the declared size."""
        limits = self.limits
        tag = element.tag
        if tag == _CELL:
            cursor.cells_seen += 1
            if cursor.cells_seen > limits.max_cells_scanned:
                raise too_many_cells(limits)
        elif tag == _ROW:
            cursor.rows_seen += 1
            cursor.line = int(element.get("r") or cursor.line + 1)
            if cursor.rows_seen > limits.max_lines or cursor.line > 1_048_576:
                raise sheet_too_long(limits)
            cursor.row, cursor.column = {}, 0
        elif tag == _DIMENSION:
            self._check_declared(element)
        elif tag == _SHEET_DATA:
            cursor.sheet_data = element

    def _closed(self, element, cursor: _Cursor) -> tuple[int, list[str]] | None:
        """Keep a finished cell's value; a finished row with a value is returned as ``(line, cells)``."""
        tag = element.tag
        if tag == _CELL:
            reference = element.get("r")
            cursor.column = _column_number(reference) if reference else cursor.column + 1
            text = self._value(element)
            if text:
                if cursor.column > self.limits.max_columns:
                    raise too_many_columns(self.limits)
                cursor.row[cursor.column] = text
            element.clear()
        elif tag == _ROW:
            row = cursor.row
            finished = (cursor.line, [row.get(n, "") for n in range(1, max(row) + 1)]) if row else None
            element.clear()
            if cursor.sheet_data is not None:
                cursor.sheet_data.clear()  # drop finished rows from the tree: memory stays flat
            return finished
        return None

    def _value(self, cell) -> str:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            inline = cell.find(_INLINE)
            return clean_cell(_string_item(inline)) if inline is not None else ""
        value = cell.findtext(_VALUE)
        if not value:
            return ""
        if kind == "s":
            return clean_cell(self.shared[int(value)])
        if kind == "b":
            return str(value.strip() not in ("0", "false"))
        if kind == "n":
            return self._number(value.strip(), int(cell.get("s") or 0))
        return clean_cell(value)  # "str" (a formula's text), "e" (an error such as #N/A), "d" (ISO date)

    def _number(self, value: str, style: int) -> str:
        if style in self.date_styles:
            from openpyxl.utils.datetime import from_excel

            try:
                moment = from_excel(float(value), self.epoch, timedelta=style in self.duration_styles)
            except (OverflowError, ValueError):
                return value
            return str(moment) if style in self.duration_styles else moment.isoformat()
        return _number_text(value)
