"""The one tabular reader: hard limits before anything expands, encodings, separators, clear errors."""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from helix.core.errors import HelixError
from helix.core.tabular import Limits, detect_delimiter, read_table
from helix.network.transfer.domain import LIMITS as DIRECTORY_LIMITS
from helix.wheel.domain.table_import import LIMITS as WHEEL_LIMITS
from helix.wheel.models import Participant
from tests.factories import OrganisationFactory
from tests.factories.wheel import WheelFactory

_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="xl/workbook.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Datos" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>'
    ),
}
_SHEET = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def _text(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def workbook(sheet_data: str, dimension: str = "") -> bytes:
    """A small XLSX written by hand, so it can declare (or hold) far more than it weighs."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        dim = f'<dimension ref="{dimension}"/>' if dimension else ""
        archive.writestr("xl/worksheets/sheet1.xml", f"{_SHEET}{dim}<sheetData>{sheet_data}</sheetData></worksheet>")
    return buffer.getvalue()


HEADER = f'<row r="1">{_text("A1", "organisation")}{_text("B1", "side")}</row>'
# 16,384 columns × 5,001 rows: declared, and as a sparse cell in the far corner (without a dimension).
DECLARED_HUGE = workbook(HEADER + '<row r="5001"><c r="XFD5001"><v>1</v></c></row>', dimension="A1:XFD5001")
SPARSE_CORNER = workbook(HEADER + '<row r="5001"><c r="XFD5001"><v>1</v></c></row>')


def _empty_rows_workbook(target_bytes: int = 200_000) -> bytes:
    """About 200 KB of XLSX holding a header and then only empty, styled rows (no dimension)."""
    rows, n = [HEADER], 2
    while True:
        rows.append("".join(f'<row r="{i}"><c r="A{i}" s="1"/><c r="B{i}" s="1"/></row>' for i in range(n, n + 20_000)))
        n += 20_000
        data = workbook("".join(rows))
        if len(data) >= target_bytes:
            return data


def _measured(read):
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(HelixError) as refused:
            read()
        return refused.value, time.perf_counter() - started, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("data", [DECLARED_HUGE, SPARSE_CORNER], ids=["declared", "sparse-corner"])
@pytest.mark.parametrize("limits", [WHEEL_LIMITS, DIRECTORY_LIMITS], ids=["wheel", "directory"])
def test_a_sheet_of_16384_columns_by_5001_rows_is_refused_fast_in_little_memory(data, limits):
    read_table(workbook(HEADER), "warm-up.xlsx", limits=limits)  # imports, translations
    error, seconds, peak = _measured(lambda: read_table(data, "grande.xlsx", limits=limits))
    assert len(data) < 2_000
    assert error.code in {"sheet_too_wide", "too_many_columns"}
    assert seconds < 1.0 and peak < 50 * 1024 * 1024


def test_the_declared_dimension_is_refused_before_any_row_is_read():
    # The rows themselves are unreadable; the dimension alone refuses the sheet.
    data = workbook('<row r="1"><c r="A1" t="s"><v>999</v></c></row>', dimension="A1:XFD5001")
    with pytest.raises(HelixError) as refused:
        read_table(data, "x.xlsx", limits=WHEEL_LIMITS)
    assert refused.value.code == "sheet_too_wide"
    assert refused.value.text == (
        "La hoja abarca más de 100 columnas, contando las vacías. Borra las columnas vacías a la derecha de tus "
        "datos (o guárdala como CSV) y súbela de nuevo."
    )


def test_200_kb_of_empty_rows_is_refused_quickly_with_a_clear_message():
    data = _empty_rows_workbook()
    assert 190_000 <= len(data) <= 400_000
    error, seconds, peak = _measured(lambda: read_table(data, "vacias.xlsx", limits=WHEEL_LIMITS))
    assert error.code == "sheet_too_long"
    assert "contando las vacías" in error.text
    assert seconds < 2.0 and peak < 50 * 1024 * 1024


def test_trailing_empty_rows_and_columns_are_ignored():
    empty_tail = "".join(f'<row r="{i}"><c r="A{i}" s="1"/><c r="ZZ{i}" s="1"/></row>' for i in range(3, 600))
    data = workbook(
        HEADER + f'<row r="2">{_text("A2", "muni")}{_text("B2", "buyer")}<c r="CV2" s="1"/></row>' + empty_tail
    )
    table = read_table(data, "x.xlsx", limits=WHEEL_LIMITS)
    assert table.headers == ["organisation", "side"] and table.rows == [(2, ["muni", "buyer"])]


def test_a_lying_sheet_stops_at_the_row_limit_while_streaming():
    rows = "".join(f'<row r="{i}">{_text(f"A{i}", "x")}</row>' for i in range(2, 40))
    data = workbook(HEADER + rows, dimension="A1:B2")
    with pytest.raises(HelixError) as refused:
        read_table(data, "x.xlsx", limits=Limits(max_rows=30))
    assert refused.value.code == "too_many_rows"
    assert refused.value.text == "El archivo tiene más de 30 filas. Divídelo en archivos más pequeños."


def test_too_many_cells_and_columns_with_values():
    wide = "".join(_text(f"{chr(65 + i)}2", "v") for i in range(8))
    with pytest.raises(HelixError) as refused:
        read_table(workbook(HEADER + f'<row r="2">{wide}</row>'), "x.xlsx", limits=Limits(max_columns=5))
    assert refused.value.code == "too_many_columns"
    with pytest.raises(HelixError) as refused:
        read_table(b"a,b\n" + b"1,2\n" * 10, "x.csv", limits=Limits(max_cells=12))
    assert refused.value.code == "too_many_cells"


def test_a_zip_that_unpacks_too_far_is_refused_before_inflating():
    data = workbook(HEADER + "<row/>" * 3_000_000)  # ~18 MB of XML in a few KB
    with pytest.raises(HelixError) as refused:
        read_table(data, "bomba.xlsx", limits=Limits(max_unpacked_bytes=5 * 1024 * 1024))
    assert refused.value.code == "too_large_unpacked"


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("organisation\nmuni-a\nmuni-b\n", ","),
        ("nombre;tipo\nFoo, Inc;pyme\nBar;ngo\n", ";"),
        ("a\tb\n1\t2\n", "\t"),
        ("a|b|c\n1|2|3\n", "|"),
        ('nombre,descripción\n"Agua; riego",x\n', ","),
        ("", ","),
    ],
)
def test_the_separator_is_detected(text, delimiter):
    assert detect_delimiter(text) == delimiter


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_separator_detection_never_raises(text):
    assert detect_delimiter(text) in {",", ";", "\t", "|"}


def test_a_one_column_csv_is_one_column():
    table = read_table("organisation\nmuni-a\n\nmuni-b\n".encode("utf-16"), "a.csv")
    assert (table.headers, table.rows, table.encoding) == (
        ["organisation"],
        [(2, ["muni-a"]), (4, ["muni-b"])],
        "UTF-16",
    )


def test_an_exported_apostrophe_is_removed_on_reading():
    table = read_table("nombre,teléfono\n'=SUM(A1),'+56 9 1234 5678\n'Hola',x\n".encode(), "a.csv")
    assert table.rows == [(2, ["=SUM(A1)", "+56 9 1234 5678"]), (3, ["'Hola'", "x"])]


# --- through the imports -------------------------------------------------------------------------


def _wheel_import(client, wheel, name: str, data: bytes, kind: str = "participants"):
    return client.post(
        reverse("wheel:import_table", args=[wheel.pk]), {"kind": kind, "file": SimpleUploadedFile(name, data)}
    )


@pytest.mark.django_db
def test_a_one_column_csv_in_the_wheel_import_is_read_not_a_500(staff_client):
    wheel = WheelFactory()
    OrganisationFactory(name="Municipalidad de Quilpué", slug="muni-quilpue")
    response = _wheel_import(staff_client, wheel, "p.csv", b"organisation\nmuni-quilpue\n")
    assert response.status_code == 200
    # The file was read: its one row is reported (csv.Sniffer used to raise on it, a 500).
    assert "Fila 2: en side escribe buyer (compra), supplier (vende) o any (cualquiera)." in response.content.decode()
    assert not Participant.objects.exists()


@pytest.mark.django_db
def test_the_wheel_import_refuses_the_huge_sheet_with_the_message_next_to_the_field(staff_client):
    wheel = WheelFactory()
    started = time.perf_counter()
    response = _wheel_import(staff_client, wheel, "grande.xlsx", DECLARED_HUGE)
    assert time.perf_counter() - started < 1.0
    body = response.content.decode()
    assert response.status_code == 200 and 'class="errorlist' in body
    assert "La hoja abarca más de 100 columnas, contando las vacías." in body


@pytest.mark.django_db
def test_the_directory_import_refuses_the_huge_sheet(staff_client):
    response = staff_client.post(
        reverse("transfer:import"),
        {"kind": "organisations", "file": SimpleUploadedFile("grande.xlsx", SPARSE_CORNER)},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "El archivo tiene más de 100 columnas. Deja solo las columnas de la importación y súbelo de nuevo."
    ]


def test_csv_trailing_empty_cells_are_ignored_and_a_sea_of_commas_is_refused():
    table = read_table(b"organisation,side" + b"," * 300 + b"\nmuni,buyer" + b"," * 300 + b"\n", "a.csv")
    assert (table.headers, table.rows) == (["organisation", "side"], [(2, ["muni", "buyer"])])
    with pytest.raises(HelixError) as refused:
        read_table(b"a,b\n" + (b"," * 5_000 + b"\n") * 200, "a.csv", limits=WHEEL_LIMITS)
    assert refused.value.code == "too_many_cells"


# Text as people type it, minus what XML cannot hold (dropped on export) and a leading apostrophe
# before a formula sign (the reader takes that apostrophe for the export's own).
_typed = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00\x0b\x0c\ufffe\uffff"),
    max_size=12,
).filter(lambda s: not all(ord(c) < 32 for c in s[:1]) or s[:1] in "\t\r\n")
_rows = st.lists(st.lists(_typed.filter(lambda s: not s.strip().startswith("'")), min_size=1, max_size=3), max_size=5)


def _as_read(rows):
    expected = []
    for line, row in enumerate(rows, start=2):
        cells = ["".join(c for c in cell if ord(c) >= 32 or c in "\t\r\n").strip() for cell in row]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            expected.append((line, cells))
    return expected


@settings(max_examples=60, deadline=None)
@given(rows=_rows)
def test_an_xlsx_export_reads_back_as_the_same_cells(rows):
    from helix.core.tabular.export import xlsx_stream

    table = read_table(b"".join(xlsx_stream(["a", "b", "c"], rows)), "x.xlsx")
    assert table.headers == ["a", "b", "c"]
    assert table.rows == _as_read(rows)


@settings(max_examples=60, deadline=None)
@given(rows=_rows.map(lambda rows: [[c.replace(";", "").replace("|", "").replace("\t", "") for c in r] for r in rows]))
def test_a_csv_export_reads_back_as_the_same_cells(rows):
    from helix.core.tabular.export import csv_stream

    table = read_table("".join(csv_stream(["a", "b", "c"], rows)).encode(), "x.csv")
    assert table.headers == ["a", "b", "c"]
    assert table.rows == _as_read(rows)
