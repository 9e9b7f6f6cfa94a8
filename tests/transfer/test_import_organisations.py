import pytest
from django.urls import reverse

from helix.network.models import Organisation
from tests.factories import OrganisationFactory

from .conftest import csv_upload, xlsx_upload

pytestmark = pytest.mark.usefixtures("english")

HEADER = "nombre,tipo,comuna,región,correo,sitio web,temas\n"


def _rows(response):
    return {row.line: row for row in response.context["plan"].rows}


@pytest.mark.django_db
def test_preview_then_confirm_creates_organisations(upload, staff_client):
    text = HEADER + (
        "Municipalidad de Quilpué,municipalidad,Quilpué,Valparaíso,contacto@quilpue.cl,www.quilpue.cl,agua; energía\n"
        "Sensores del Sur SpA,startup,13101,RM,,,ODS 6\n"
    )
    response = upload(csv_upload(text))
    assert response.status_code == 200
    rows = _rows(response)
    assert [rows[2].action, rows[3].action] == ["create", "create"]
    body = response.content.decode()
    assert "Municipalidad de Quilpué" in body and "UTF-8" in body
    assert not Organisation.objects.filter(name="Municipalidad de Quilpué").exists()  # nothing written yet

    token = response.context["token"]
    done = staff_client.post(reverse("transfer:import_confirm", args=[token]), follow=True)
    assert done.status_code == 200
    quilpue = Organisation.objects.get(name="Municipalidad de Quilpué")
    assert (quilpue.kind, quilpue.sector, quilpue.commune.name, quilpue.region.code) == (
        "municipality",
        "government",
        "Quilpué",
        5,
    )
    assert quilpue.website == "https://www.quilpue.cl" and quilpue.email == "contacto@quilpue.cl"
    assert sorted(t.code for t in quilpue.topics.all()) == ["energy", "water"]
    sensores = Organisation.objects.get(name="Sensores del Sur SpA")
    assert sensores.commune.cut == 13101 and [t.code for t in sensores.topics.all()] == ["sdg-6"]
    # The token is spent: confirming again finds nothing.
    assert staff_client.post(reverse("transfer:import_confirm", args=[token])).status_code == 404
    assert Organisation.objects.filter(name="Sensores del Sur SpA").count() == 1


@pytest.mark.django_db
def test_existing_organisation_in_same_commune_is_updated(upload, staff_client):
    org = OrganisationFactory(name="Municipalidad de Valparaíso", kind="municipality", description="Antigua")
    text = "name,kind,commune,description\nMUNICIPALIDAD DE VALPARAISO,,Valparaíso,Nueva descripción\n"
    response = upload(csv_upload(text))
    row = _rows(response)[2]
    assert row.action == "update" and row.target == org
    assert "Antigua → Nueva descripción" in response.content.decode()
    staff_client.post(reverse("transfer:import_confirm", args=[response.context["token"]]))
    org.refresh_from_db()
    assert org.description == "Nueva descripción"
    assert org.name == "Municipalidad de Valparaíso"  # the directory's spelling is kept
    assert org.kind == "municipality"  # empty cell keeps the value
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_same_name_in_another_commune_is_a_new_organisation(upload):
    OrganisationFactory(name="Fundación Mar Limpio", kind="ngo")  # Valparaíso
    response = upload(csv_upload("nombre,tipo,comuna\nFundación Mar Limpio,ong,Santiago\n"))
    assert _rows(response)[2].action == "create"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (",pyme,Valparaíso,,,", "name is missing"),
        ("Empresa A,pyme,Narnia,,,", "Unknown commune"),
        ("Empresa B,pyme,,Región 99,,", "Unknown region"),
        ("Empresa C,pyme,Santiago,Valparaíso,,", "is in the region"),
        ("Empresa D,cooperativa espacial,Valparaíso,,,", "Unknown kind"),
        ("Empresa E,,Valparaíso,,,", "kind is missing"),
        ("Empresa F,pyme,Valparaíso,,no-es-correo,", "Malformed e-mail"),
        ("Empresa G,pyme,Valparaíso,,,agua;teletransporte", "Unknown topics: teletransporte"),
    ],
)
def test_every_rejection_reason_is_reported_with_its_line_and_nothing_is_written(upload, staff_client, line, expected):
    text = "nombre,tipo,comuna,región,correo,temas\nEmpresa Buena,pyme,Valparaíso,,,\n" + line + "\n"
    response = upload(csv_upload(text))
    rows = _rows(response)
    assert rows[2].action == "create"
    assert rows[3].action == "reject"
    assert any(expected in e for e in rows[3].errors), rows[3].errors
    assert not response.context["plan"].can_confirm
    assert "Confirm the import" not in response.content.decode()
    # Forcing the confirm writes nothing either.
    forced = staff_client.post(reverse("transfer:import_confirm", args=[response.context["token"]]))
    assert forced.status_code == 409
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_duplicate_organisation_within_the_file(upload):
    text = "nombre,tipo,comuna\nAgua Viva,pyme,Valparaíso\nagua  viva,pyme,Valparaiso\n"
    rows = _rows(upload(csv_upload(text)))
    assert rows[3].action == "reject"
    assert "line 2" in rows[3].errors[0]


@pytest.mark.django_db
def test_sector_must_agree_with_kind_and_website_must_be_valid(upload):
    text = "nombre,tipo,sector,sitio web\nX,universidad,empresa,\nY,pyme,,http://exa mple\n"
    rows = _rows(upload(csv_upload(text)))
    assert "does not match" in rows[2].errors[0]
    assert "Malformed website" in rows[3].errors[0]


@pytest.mark.django_db
def test_confirm_revalidates_and_is_all_or_nothing(upload, staff_client):
    response = upload(csv_upload("nombre,tipo,comuna\nNueva Uno,pyme,Valparaíso\nNueva Dos,pyme,Valparaíso\n"))
    assert response.context["plan"].can_confirm
    # Meanwhile someone creates "Nueva Dos": at confirm time it becomes an update, still valid …
    OrganisationFactory(name="Nueva Dos")
    staff_client.post(reverse("transfer:import_confirm", args=[response.context["token"]]))
    assert Organisation.objects.filter(normalized_name="nueva dos").count() == 1
    assert Organisation.objects.filter(name="Nueva Uno").exists()


@pytest.mark.django_db
def test_a_row_refused_by_the_domain_at_confirm_rolls_back_every_row(upload, staff_client, monkeypatch):
    from django.core.exceptions import ValidationError

    from helix.network import domain as network_domain

    response = upload(csv_upload("nombre,tipo\nPrimera,pyme\nSegunda,pyme\n"))
    real = network_domain.create_organisation

    def refuse_second(**kwargs):
        if kwargs["name"] == "Segunda":
            raise ValidationError("refused")
        return real(**kwargs)

    monkeypatch.setattr(network_domain, "create_organisation", refuse_second)
    result = staff_client.post(reverse("transfer:import_confirm", args=[response.context["token"]]))
    assert result.status_code == 409
    assert "refused" in result.content.decode()
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_xlsx_import(upload, staff_client):
    file = xlsx_upload(
        [["Nombre", "Tipo", "Comuna", "Región"], ["Universidad del Litoral", "Universidad", 5101, "V"], [None, None]]
    )
    response = upload(file)
    rows = _rows(response)
    assert list(rows) == [2]
    assert rows[2].action == "create"
    assert "Excel" in response.content.decode()
    staff_client.post(reverse("transfer:import_confirm", args=[response.context["token"]]))
    org = Organisation.objects.get(name="Universidad del Litoral")
    assert (org.kind, org.sector, org.commune.cut, org.region.code) == ("university", "academia", 5101, 5)


@pytest.mark.django_db
def test_preview_lists_ignored_columns(upload):
    response = upload(csv_upload("nombre,tipo,color favorito\nX,pyme,azul\n"))
    assert response.context["plan"].unknown_headers == ["color favorito"]
