"""Malformed and foreign-encoded files: a clear message, the form keeps its state, nothing written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from helix.network.models import Organisation

from .conftest import csv_upload

pytestmark = pytest.mark.usefixtures("english")


def _post(staff_client, file, kind="people"):
    return staff_client.post(reverse("transfer:import"), {"kind": kind, "file": file})


def _file_error(response) -> str:
    return " ".join(response.context["form"].errors["file"])


@pytest.mark.django_db
def test_empty_file(staff_client):
    response = _post(staff_client, SimpleUploadedFile("vacio.csv", b"   \n"))
    assert response.status_code == 400
    assert "empty" in _file_error(response)
    # The form keeps the chosen kind.
    assert response.context["form"]["kind"].value() == "people"
    assert 'value="people" required checked' in response.content.decode() or "checked" in response.content.decode()


@pytest.mark.django_db
def test_not_a_spreadsheet(staff_client):
    response = _post(staff_client, SimpleUploadedFile("foto.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01"))
    assert response.status_code == 400
    assert "not a CSV" in _file_error(response)


@pytest.mark.django_db
def test_fake_xlsx_and_legacy_xls(staff_client):
    assert "not an Excel" in _file_error(_post(staff_client, SimpleUploadedFile("a.xlsx", b"nombre,tipo\nX,pyme\n")))
    legacy = _post(staff_client, SimpleUploadedFile("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64))
    assert ".xls" in _file_error(legacy)
    broken_zip = _post(staff_client, SimpleUploadedFile("a.xlsx", b"PK\x03\x04garbage"))
    assert "not a valid Excel" in _file_error(broken_zip)


@pytest.mark.django_db
def test_missing_required_columns(staff_client, upload):
    response = upload(csv_upload("comuna,correo\nValparaíso,a@b.cl\n"), kind="organisations")
    plan = response.context["plan"]
    assert plan.file_errors and "nombre / name" in plan.file_errors[0] and "tipo / kind" in plan.file_errors[0]
    assert not plan.can_confirm
    assert staff_client.post(reverse("transfer:import_confirm", args=[response.context["token"]])).status_code == 409
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_header_without_rows(upload):
    plan = upload(csv_upload("nombre,tipo\n"), kind="organisations").context["plan"]
    assert "no data rows" in plan.file_errors[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("encoding", "prefix", "detected"),
    [
        ("utf-8", b"", "UTF-8"),
        ("utf-8", b"\xef\xbb\xbf", "UTF-8 (BOM)"),
        ("cp1252", b"", "Windows-1252"),
        ("utf-16", b"", "UTF-16"),
    ],
)
def test_encodings_are_detected_and_accents_survive(upload, staff_client, encoding, prefix, detected):
    text = "Nombre;Tipo;Comuna\nMunicipalidad de Peñalolén;Municipalidad;Peñalolén\n"
    file = SimpleUploadedFile("excel.csv", prefix + text.encode(encoding))
    response = upload(file, kind="organisations")
    body = response.content.decode()
    assert detected in body
    assert "semicolon" in body
    row = response.context["plan"].rows[0]
    assert row.action == "create", row.errors
    assert row.label == "Municipalidad de Peñalolén"
    if encoding == "cp1252":
        assert "not UTF-8" in body
    staff_client.post(reverse("transfer:import_confirm", args=[response.context["token"]]))
    assert Organisation.objects.get(name="Municipalidad de Peñalolén").commune.name == "Peñalolén"


@pytest.mark.django_db
def test_file_error_is_translated(staff_client):
    staff_client.cookies["django_language"] = "es-cl"
    response = staff_client.post(
        reverse("transfer:import"),
        {"kind": "people", "file": SimpleUploadedFile("vacio.csv", b"")},
        HTTP_ACCEPT_LANGUAGE="es-cl",
    )
    # An empty upload is refused by Django's FileField itself, in Spanish.
    assert response.status_code == 400
    assert "vacío" in response.content.decode()


@pytest.mark.django_db
def test_row_errors_are_in_spanish_once_the_transfer_locale_is_loaded(settings, upload, staff_client):
    # The lead adds helix/network/transfer/locale to LOCALE_PATHS (transfer is not an app of its own).
    staff_client.cookies["django_language"] = "es-cl"
    response = staff_client.post(
        reverse("transfer:import"),
        {"kind": "organisations", "file": csv_upload("nombre,tipo,comuna\nX,pyme,Gotham\n")},
        HTTP_ACCEPT_LANGUAGE="es-cl",
        follow=True,
    )
    body = response.content.decode()
    assert "Comuna desconocida: «Gotham»" in body
    assert "Vista previa de la importación" in body


@pytest.mark.django_db
def test_too_large_file_is_refused(staff_client):
    big = "nombre,tipo\n" + "Una empresa bastante larga,pyme\n" * (10 * 1024 * 1024 // 30)
    response = _post(staff_client, csv_upload(big))
    assert response.status_code == 400 and "10 MB" in _file_error(response)
