"""Organisers may write the wheel import's columns and values in Spanish (issue 12 §7)."""

import io

import pytest
from django.urls import reverse

from helix.wheel.models import MeetingRequest, Participant
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _post(client, wheel, kind, text):
    file = io.BytesIO(text.encode())
    file.name = "rueda.csv"
    return client.post(reverse("wheel:import_table", args=[wheel.pk]), {"kind": kind, "file": file})


def test_spanish_columns_and_values(staff_client, wheel):
    OrganisationFactory(name="Municipalidad de Quilpué", slug="muni-quilpue")
    OrganisationFactory(name="Sensores del Pacífico", slug="sensores-pacifico")
    body = _post(
        staff_client,
        wheel,
        "participants",
        "Organización,Lado,Disponible,Máximo,Busca,Ofrece\n"
        "muni-quilpue,Comprador,09:00,3,Residuos,\n"
        "Sensores del Pacífico,proveedor,,,,Sensores\n",
    ).content.decode()
    assert "Las columnas y sus valores también se pueden escribir en español" in body
    buyer = Participant.objects.get(organisation__slug="muni-quilpue")
    assert (buyer.side, buyer.cap, buyer.seeks) == ("buyer", 3, "Residuos")
    assert Participant.objects.get(organisation__slug="sensores-pacifico").side == "supplier"
    _post(staff_client, wheel, "requests", "De,Para,Prioridad\nmuni-quilpue,sensores-pacifico,Imprescindible\n")
    request = MeetingRequest.objects.get()
    assert request.priority == "must" and request.from_participant == buyer
