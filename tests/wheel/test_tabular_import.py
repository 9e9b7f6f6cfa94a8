import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from helix.wheel.models import MeetingRequest, Participant, Side
from tests.factories import OrganisationFactory
from tests.factories.wheel import ParticipantFactory, represented

pytestmark = pytest.mark.django_db


def _post(client, wheel, kind, name, raw):
    file = io.BytesIO(raw)
    file.name = name
    return client.post(reverse("wheel:import_table", args=[wheel.pk]), {"kind": kind, "file": file})


def test_participants_csv_imports_valid_rows_and_reports_the_others(staff_client, wheel):
    OrganisationFactory(name="Municipalidad de Quilpué", slug="muni-quilpue")
    OrganisationFactory(name="Sensores del Pacífico", slug="sensores-pacifico")
    csv_text = (
        "organisation,side,available,cap,seeks,offers\n"
        "muni-quilpue,buyer,09:00 09:40,4,Gestión de residuos,\n"
        "Sensores del Pacífico,supplier,,,,Sensores LoRa\n"
        "no-such-org,buyer,,,,\n"
        "muni-quilpue,alien,,,,\n"
        "sensores-pacifico,supplier,13:00,,,\n"
    )
    response = _post(staff_client, wheel, "participants", "p.csv", csv_text.encode())
    body = response.content.decode()
    buyer = Participant.objects.get(organisation__slug="muni-quilpue")
    assert (buyer.side, buyer.cap, [s.code for s in buyer.available_slots.all()]) == ("buyer", 4, ["09:00", "09:40"])
    assert Participant.objects.get(organisation__slug="sensores-pacifico").available_slots.count() == 3
    assert Participant.objects.count() == 2
    for row in ("4", "5", "6"):
        assert f"{row}:" in body or f" {row} " in body
    assert "no-such-org" in body and "13:00" in body


def test_requests_xlsx_import(staff_client, wheel):
    b = ParticipantFactory(wheel=wheel, side=Side.BUYER, organisation__slug="muni-a")
    s = ParticipantFactory(wheel=wheel, side=Side.SUPPLIER)
    book = Workbook()
    sheet = book.active
    sheet.append(["from", "to", "priority"])
    sheet.append(["muni-a", s.code, "must"])
    sheet.append([b.code, b.code, "like"])
    sheet.append([b.code, "p999999", "like"])
    raw = io.BytesIO()
    book.save(raw)
    body = _post(staff_client, wheel, "requests", "r.xlsx", raw.getvalue()).content.decode()
    request = MeetingRequest.objects.get()
    assert (request.from_participant, request.to_participant, request.priority) == (b, s, "must")
    assert "p999999" in body


def test_unreadable_files_are_explained(staff_client, wheel):
    response = _post(staff_client, wheel, "requests", "r.xlsx", b"not a spreadsheet")
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
    response = _post(staff_client, wheel, "requests", "r.csv", "from,to\n".encode("utf-16"))
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()


def test_import_is_for_organisers_only(client, wheel):
    p, user = represented(wheel)
    client.force_login(user)
    assert _post(client, wheel, "requests", "r.csv", b"from,to\n").status_code == 403
