import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse


def csv_upload(text: str, name: str = "datos.csv", encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_upload(rows: list[list], name: str = "datos.xlsx") -> SimpleUploadedFile:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def upload(staff_client):
    """POST a file to the import page; returns the preview response (followed)."""

    def _upload(file, kind="organisations"):
        return staff_client.post(reverse("transfer:import"), {"kind": kind, "file": file}, follow=True)

    return _upload


@pytest.fixture
def english(settings):
    """For tests that assert the English wording (test_spanish.py covers the Spanish default)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
