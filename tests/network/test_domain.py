import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from helix.network.domain import (
    add_membership,
    create_organisation,
    create_person,
    find_duplicate_organisation,
    update_organisation,
    update_person,
)
from helix.network.models import Membership, Organisation
from helix.network.permissions import can_edit_organisation
from helix.territory.models import Commune, Region
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory
from tests.factories.accounts import StaffFactory

pytestmark = pytest.mark.django_db


def valparaiso():
    return Commune.objects.select_related("region").get(cut=5101)


def test_create_organisation_fills_derived_columns():
    org = create_organisation(
        actor=StaffFactory(),
        name="  Municipalidad de Valparaíso ",
        kind="municipality",
        commune=valparaiso(),
        topics=["water", "mobility"],
        operating_regions=[5, 13],
        description="Gestión del agua y movilidad.",
    )
    org.refresh_from_db()
    assert org.name == "Municipalidad de Valparaíso"
    assert org.slug == "municipalidad-de-valparaiso"
    assert org.normalized_name == "municipalidad de valparaiso"
    assert org.sector == "government"
    assert org.region.code == 5
    assert sorted(org.operating_regions.values_list("code", flat=True)) == [5, 13]
    assert org.search_text.startswith("municipalidad de valparaiso valparaiso")
    assert "agua" in org.search_text and "í" not in org.search_text


def test_slugs_stay_unique_for_homonyms():
    first = create_organisation(actor=StaffFactory(), name="Fundación Ciudad", kind="ngo")
    second = create_organisation(actor=StaffFactory(), name="Fundacion ciudad", kind="ngo", commune=valparaiso())
    assert first.slug == "fundacion-ciudad"
    assert second.slug == "fundacion-ciudad-2"


def test_invalid_values_are_rejected_and_nothing_is_written():
    with pytest.raises(ValidationError):
        create_organisation(actor=StaffFactory(), name="Sin tipo", kind="spaceship")
    with pytest.raises(ValidationError):
        create_organisation(actor=StaffFactory(), name="", kind="sme")
    with pytest.raises(ValidationError):
        create_organisation(actor=StaffFactory(), name="Web mala", kind="sme", website="not a url")
    assert not Organisation.objects.filter(name__in=["Sin tipo", "Web mala"]).exists()


def test_find_duplicate_organisation_by_normalised_name_and_commune():
    org = create_organisation(
        actor=StaffFactory(), name="Municipalidad de Valparaíso", kind="municipality", commune=valparaiso()
    )
    assert find_duplicate_organisation(name="MUNICIPALIDAD DE VALPARAISO", commune=valparaiso()) == org
    santiago = Commune.objects.get(cut=13101)
    assert find_duplicate_organisation(name="Municipalidad de Valparaíso", commune=santiago) is None


def test_representative_updates_own_organisation():
    user = UserFactory()
    org = OrganisationFactory()
    MembershipFactory(person=PersonFactory(user=user), organisation=org)
    updated = update_organisation(
        organisation=org, actor=user, name="Nueva Razón Social", description="Sensores de agua", topics=["water"]
    )
    org.refresh_from_db()
    assert org.name == "Nueva Razón Social"
    assert org.normalized_name == "nueva razon social"
    assert org.slug == updated.slug  # the slug stays stable so links keep working
    assert "sensores de agua" in org.search_text


def test_representative_cannot_update_another_organisation():
    user = UserFactory()
    own, other = OrganisationFactory(), OrganisationFactory(description="Original")
    MembershipFactory(person=PersonFactory(user=user), organisation=own)
    with pytest.raises(PermissionDenied):
        update_organisation(organisation=other, actor=user, description="Hackeado")
    other.refresh_from_db()
    assert other.description == "Original"


def test_changing_kind_moves_sector_and_commune_moves_region():
    staff = UserFactory(is_staff=True)
    org = OrganisationFactory(kind="sme")
    santiago = Commune.objects.get(cut=13101)
    update_organisation(organisation=org, actor=staff, kind="university", commune=santiago)
    org.refresh_from_db()
    assert (org.sector, org.region.code) == ("academia", 13)


def test_person_creation_and_self_update():
    user = UserFactory()
    person = create_person(
        first_name="Ana", last_name="Muñoz", email=" Ana@Example.CL ", expertise=["energy"], user=user
    )
    assert person.email == "ana@example.cl"
    assert "ana munoz" in person.search_text and "energia" in person.search_text
    update_person(person=person, actor=user, bio="Ingeniera eléctrica", public_profile=True)
    person.refresh_from_db()
    assert person.public_profile and "electrica" in person.search_text
    with pytest.raises(PermissionDenied):
        update_person(person=person, actor=UserFactory(), bio="otro")
    person.refresh_from_db()
    assert person.bio == "Ingeniera eléctrica"


def test_duplicate_person_email_is_a_validation_error():
    create_person(first_name="Ana", email="ana@example.cl")
    with pytest.raises(ValidationError):
        create_person(first_name="Otra", email="ANA@example.cl")


def test_add_membership_grants_representation_once():
    user = UserFactory()
    person = PersonFactory(user=user)
    org = OrganisationFactory()
    staff = UserFactory(is_staff=True)
    add_membership(person=person, organisation=org, role="representative", status="pending")
    assert not can_edit_organisation(user, org)
    membership = add_membership(person=person, organisation=org, role="representative", position="Jefa", by=staff)
    assert Membership.objects.filter(person=person).count() == 1
    assert membership.decided_by == staff and membership.decided_at is not None
    assert can_edit_organisation(user, org)
    with pytest.raises(ValidationError):
        add_membership(person=person, organisation=org, role="king")


def test_regions_fixture_is_available():
    assert Region.objects.count() == 16
