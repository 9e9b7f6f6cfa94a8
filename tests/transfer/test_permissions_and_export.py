import csv
import io

import pytest
from django.urls import reverse

from helix.network.models import Organisation
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory, topic

from .conftest import csv_upload


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in_and_nothing_is_written(client):
    response = client.post(
        reverse("transfer:import"), {"kind": "organisations", "file": csv_upload("nombre,tipo\nX,pyme\n")}
    )
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_non_staff_representative_cannot_import(client):
    user = UserFactory()
    MembershipFactory(person=PersonFactory(user=user), role="admin")
    client.force_login(user)
    assert client.get(reverse("transfer:import")).status_code == 403
    response = client.post(
        reverse("transfer:import"), {"kind": "organisations", "file": csv_upload("nombre,tipo\nX,pyme\n")}
    )
    assert response.status_code == 403
    assert client.post(reverse("transfer:import_confirm", args=["whatever"])).status_code == 403
    assert not Organisation.objects.filter(name="X").exists()


@pytest.mark.django_db
def test_a_token_from_another_session_is_unknown(upload, staff_user, client):
    response = upload(csv_upload("nombre,tipo\nX,pyme\n"))
    other_staff = UserFactory(is_staff=True)
    client.force_login(other_staff)
    assert client.post(reverse("transfer:import_confirm", args=[response.context["token"]])).status_code == 404
    assert not Organisation.objects.filter(name="X").exists()


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.django_db
def test_organisation_csv_export_follows_the_directory_filters(client):
    water = OrganisationFactory(name="Aguas Andinas Digital", kind="large_company", description="agua potable")
    water.topics.set([topic("water")])
    OrganisationFactory(name="Universidad Costera", kind="university")
    rows = _csv(client.get(reverse("transfer:export_organisations", args=["csv"]), {"topic": "water"}))
    assert rows[0][:3] == ["nombre", "tipo", "sector"]
    assert [r[0] for r in rows[1:]] == ["Aguas Andinas Digital"]
    assert rows[1][3:5] == ["Valparaíso", "Valparaíso"] and rows[1][9] == "Agua"  # topic names, not codes
    everything = _csv(client.get(reverse("transfer:export_organisations", args=["csv"])))
    assert sorted(r[0] for r in everything[1:]) == ["Aguas Andinas Digital", "Universidad Costera"]
    by_sector = _csv(client.get(reverse("transfer:export_organisations", args=["csv"]), {"sector": "academia"}))
    assert [r[0] for r in by_sector[1:]] == ["Universidad Costera"]


@pytest.mark.django_db
def test_export_neutralises_formulas(client):
    OrganisationFactory(name='=HYPERLINK("http://evil")', phone="+56 9 1234 5678")
    row = _csv(client.get(reverse("transfer:export_organisations", args=["csv"])))[1]
    # A phone number is text starting with "+": inert too (the import removes the apostrophe again).
    assert row[0] == '\'=HYPERLINK("http://evil")' and row[7] == "'+56 9 1234 5678"


@pytest.mark.django_db
def test_organisation_xlsx_export(client):
    from openpyxl import load_workbook

    OrganisationFactory(name="Municipalidad de Valparaíso", kind="municipality")
    response = client.get(reverse("transfer:export_organisations", args=["xlsx"]), {"q": "valparaiso"})
    assert "spreadsheetml" in response["Content-Type"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "nombre" and rows[1][0] == "Municipalidad de Valparaíso"


@pytest.mark.django_db
def test_people_export_is_staff_only_and_round_trips(staff_user):
    from django.test import Client

    client, staff_client = Client(), Client()
    staff_client.force_login(staff_user)
    person = PersonFactory(first_name="Ana", last_name="Soto", email="ana@valpo.cl", public_profile=False)
    MembershipFactory(
        person=person, organisation=OrganisationFactory(name="Municipalidad de Valparaíso"), position="Alcaldesa"
    )
    person.expertise.set([topic("water")])
    assert client.get(reverse("transfer:export_people", args=["csv"])).status_code == 302
    rows = _csv(staff_client.get(reverse("transfer:export_people", args=["csv"])))
    assert rows[1][:8] == ["Ana", "Soto", "ana@valpo.cl", "", "", "Municipalidad de Valparaíso", "Alcaldesa", "Agua"]
    # The export is an importable file: re-importing it is one update with no change.
    text = "\n".join(",".join(f'"{c}"' for c in r) for r in rows) + "\n"
    response = staff_client.post(reverse("transfer:import"), {"kind": "people", "file": csv_upload(text)}, follow=True)
    plan = response.context["plan"]
    assert plan.counts == {"create": 0, "update": 1, "reject": 0}
    assert plan.rows[0].changes == []


@pytest.mark.django_db
def test_export_links_template_keeps_filters(rf, staff_user):
    from django.template.loader import render_to_string

    request = rf.get("/directory/", {"q": "agua", "region": "5"})
    request.user = staff_user
    html = render_to_string("transfer/_export_links.html", {"request": request, "user": staff_user})
    assert "/directory/transfer/export/organisations.csv?q=agua&amp;region=5" in html
    assert "/directory/transfer/export/people.xlsx" in html


@pytest.mark.django_db
def test_xlsx_export_imports_back_without_changes(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    org = OrganisationFactory(name="Municipalidad de Viña del Mar", kind="municipality", phone="+56 32 218 5000")
    org.topics.set([topic("water"), topic("energy")])
    response = staff_client.get(reverse("transfer:export_organisations", args=["xlsx"]))
    data = b"".join(response.streaming_content)
    preview = staff_client.post(
        reverse("transfer:import"),
        {"kind": "organisations", "file": SimpleUploadedFile("export.xlsx", data)},
        follow=True,
    )
    plan = preview.context["plan"]
    assert plan.counts == {"create": 0, "update": 1, "reject": 0}, [r.errors for r in plan.rows]
    assert plan.rows[0].changes == []
