import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_import_errors_are_in_spanish_by_default(staff_client, settings):
    settings.LANGUAGE_CODE = "es-cl"
    with translation.override("es-cl"):
        response = staff_client.post(
            "/directory/transfer/import/",
            {"kind": "organisations", "file": SimpleUploadedFile("vacio.csv", b"   \n", content_type="text/csv")},
        )
    assert "El archivo está vacío." in response.content.decode()
