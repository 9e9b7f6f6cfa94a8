import pytest
from django.urls import reverse

from helix.network.models import Membership, Person
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory

from .conftest import csv_upload, xlsx_upload

pytestmark = pytest.mark.usefixtures("english")

HEADER = "nombre,apellido,correo,comuna,organización,cargo,temas,género,perfil público\n"


def _rows(response):
    return {row.line: row for row in response.context["plan"].rows}


@pytest.mark.django_db
def test_people_are_created_with_membership_and_updated_by_email(upload, staff_client):
    org = OrganisationFactory(name="Municipalidad de Valparaíso", kind="municipality")
    known = PersonFactory(email="ana@valpo.cl", first_name="Ana", last_name="Soto", bio="")
    text = HEADER + (
        "Ana,Soto Pérez,ANA@valpo.cl,Valparaíso,municipalidad de valparaiso,Directora SECPLA,agua,femenino,sí\n"
        "Luis,Mora,luis@example.cl,5101,,,energía;Movilidad inteligente,,no\n"
        "Rosa,,,,,,,,\n"
    )
    response = upload(csv_upload(text), kind="people")
    rows = _rows(response)
    assert [rows[2].action, rows[3].action, rows[4].action] == ["update", "create", "create"]
    assert "Soto → Soto Pérez" in response.content.decode()
    staff_client.post(reverse("transfer:import_confirm", args=[response.context["token"]]))

    known.refresh_from_db()
    assert known.last_name == "Soto Pérez" and known.gender == "female" and known.public_profile
    assert [t.code for t in known.expertise.all()] == ["water"]
    membership = Membership.objects.get(person=known, organisation=org)
    assert (membership.role, membership.status, membership.position) == ("member", "approved", "Directora SECPLA")
    luis = Person.objects.get(email="luis@example.cl")
    assert luis.commune.cut == 5101 and not luis.public_profile
    assert sorted(t.code for t in luis.expertise.all()) == ["energy", "mobility"]
    assert Person.objects.filter(first_name="Rosa", email__isnull=True).count() == 1


@pytest.mark.django_db
def test_import_keeps_an_existing_representative_role(upload, staff_client):
    membership = MembershipFactory(role="representative", person=PersonFactory(email="jefa@empresa.cl"))
    text = f"nombre,correo,organización,cargo\nMarta,jefa@empresa.cl,{membership.organisation.name},Gerenta\n"
    response = upload(csv_upload(text), kind="people")
    staff_client.post(reverse("transfer:import_confirm", args=[response.context["token"]]))
    membership.refresh_from_db()
    assert (membership.role, membership.position) == ("representative", "Gerenta")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (",Soto,x@example.cl,,,,,,", "name is missing"),
        ("Ana,,no-correo,,,,,,", "Malformed e-mail"),
        ("Ana,,,Gotham,,,,,", "Unknown commune"),
        ("Ana,,,,Empresa Fantasma,,,,", "Unknown organisation"),
        ("Ana,,,,,Gerenta,,,", "without an organisation"),
        ("Ana,,,,,,,alienígena,", "Unknown gender"),
        ("Ana,,,,,,,,quizás", "yes or no"),
        ("Ana,,,,,,magia,,", "Unknown topics"),
        ("Ana,,primera@example.cl,,,,,,", "already used on line 2"),
    ],
)
def test_people_rejections_write_nothing(upload, staff_client, line, expected):
    text = HEADER + "Primera,,primera@example.cl,,,,,,\n" + line + "\n"
    response = upload(csv_upload(text), kind="people")
    rows = _rows(response)
    assert rows[3].action == "reject"
    assert any(expected in e for e in rows[3].errors), rows[3].errors
    staff_client.post(reverse("transfer:import_confirm", args=[response.context["token"]]))
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_ambiguous_organisation_name_needs_the_commune(upload):
    OrganisationFactory(name="Fundación Costa")  # Valparaíso
    from tests.factories.network import commune

    OrganisationFactory(name="Fundación Costa", slug="fundacion-costa-2", commune=commune(13101))
    rows = _rows(upload(csv_upload("nombre,organización\nA,Fundación Costa\n"), kind="people"))
    assert "Several organisations" in rows[2].errors[0]
    rows = _rows(upload(csv_upload("nombre,organización,comuna\nA,Fundación Costa,Santiago\n"), kind="people"))
    assert rows[2].action == "create" and rows[2].organisation.commune.cut == 13101


@pytest.mark.django_db
def test_people_from_xlsx_with_english_headers(upload, staff_client):
    file = xlsx_upload([["First name", "Last name", "E-mail", "Gender"], ["Grace", "Hopper", "grace@example.org", "F"]])
    response = upload(file, kind="people")
    staff_client.post(reverse("transfer:import_confirm", args=[response.context["token"]]))
    grace = Person.objects.get(email="grace@example.org")
    assert (grace.first_name, grace.last_name, grace.gender) == ("Grace", "Hopper", "female")


@pytest.mark.django_db
def test_import_never_publishes_or_changes_gender_of_an_account_holder(upload, staff_client):
    from tests.factories import UserFactory

    user = UserFactory(email="ciudadana@example.cl")
    person = PersonFactory(user=user, email="ciudadana@example.cl", public_profile=False, gender="", bio="")
    text = "nombre,correo,género,perfil público,biografía\nRosa,ciudadana@example.cl,femenino,sí,Ingeniera civil\n"
    response = upload(csv_upload(text), kind="people")
    assert "has an account" in response.content.decode()
    staff_client.post(reverse("transfer:import_confirm", args=[response.context["token"]]))
    person.refresh_from_db()
    assert (person.public_profile, person.gender, person.bio) == (False, "", "Ingeniera civil")


@pytest.mark.django_db
def test_ambiguous_organisation_is_resolved_by_the_persons_current_membership(upload):
    from tests.factories.network import commune

    OrganisationFactory(name="Fundación Costa")
    santiago = OrganisationFactory(name="Fundación Costa", slug="fundacion-costa-stgo", commune=commune(13101))
    MembershipFactory(person=PersonFactory(email="ana@example.cl"), organisation=santiago, position="Directora")
    text = "nombre,correo,organización,cargo\nAna,ana@example.cl,Fundación Costa,Directora\n"
    row = _rows(upload(csv_upload(text), kind="people"))[2]
    assert row.action == "update" and row.organisation == santiago
    assert not [c for c in row.changes if c[0] == "organisation"]  # same membership, same position
