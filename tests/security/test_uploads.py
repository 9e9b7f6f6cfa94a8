"""Issue 11, "uploads checked for type and size": every upload form refuses an oversized file before
reading it whole, and a file of the wrong type with a clear message; nothing is written."""

import io

import pytest
from django.urls import reverse

from helix.network.models import Organisation
from helix.wheel.models import MeetingRequest, Participant
from tests.factories.wheel import WheelFactory

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


@pytest.fixture
def wheel():
    return WheelFactory()


def _file(data: bytes, name: str) -> io.BytesIO:
    file = io.BytesIO(data)
    file.name = name
    return file


def test_wheel_json_import_refuses_an_oversized_file(staff_client, wheel):
    big = b'{"format": "helix-wheel/1", "pad": "' + b"x" * (5 * 1024 * 1024) + b'"}'
    response = staff_client.post(reverse("wheel:import_json", args=[wheel.pk]), {"file": _file(big, "wheel.json")})
    assert response.status_code == 400
    assert "El archivo pesa más de 5 MB." in response.content.decode()
    assert not MeetingRequest.objects.filter(wheel=wheel).exists()


def test_wheel_json_import_refuses_a_file_that_is_not_json(staff_client, wheel):
    participants = Participant.objects.filter(wheel=wheel).count()
    response = staff_client.post(reverse("wheel:import_json", args=[wheel.pk]), {"file": _file(PNG, "wheel.json")})
    assert response.status_code == 400 and "El archivo no es JSON en UTF-8" in response.content.decode()
    assert Participant.objects.filter(wheel=wheel).count() == participants


def test_wheel_table_import_refuses_an_image(staff_client, wheel):
    data = {"kind": "participants", "file": _file(PNG, "participants.csv")}
    response = staff_client.post(reverse("wheel:import_table", args=[wheel.pk]), data)
    assert "El archivo no es un CSV de texto ni una planilla" in response.content.decode()
    assert not Participant.objects.filter(wheel=wheel).exists()


def test_directory_import_refuses_an_image_and_an_oversized_file(staff_client):
    url = reverse("transfer:import")
    image = staff_client.post(url, {"kind": "organisations", "file": _file(PNG, "orgs.csv")})
    assert image.status_code == 400 and "El archivo no es un CSV de texto ni una planilla" in image.content.decode()
    big = b"name\n" + b"Municipalidad\n" * (11 * 1024 * 1024 // 14)
    oversized = staff_client.post(url, {"kind": "organisations", "file": _file(big, "orgs.csv")})
    assert oversized.status_code == 400 and "El archivo pesa más de 10 MB." in oversized.content.decode()
    assert not Organisation.objects.exists()
