import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from helix.network.domain import create_organisation, update_organisation, update_person
from helix.network.models import Membership, Organisation
from helix.network.permissions import can_admin_organisation, can_edit_organisation
from helix.network.transfer.domain import apply_import
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_representative_edits_only_own_organisation():
    user = UserFactory()
    own, other = OrganisationFactory(), OrganisationFactory()
    MembershipFactory(person=PersonFactory(user=user), organisation=own)
    assert can_edit_organisation(user, own)
    assert not can_edit_organisation(user, other)
    assert not can_admin_organisation(user, own)


def test_pending_membership_grants_nothing():
    user = UserFactory()
    org = OrganisationFactory()
    MembershipFactory(person=PersonFactory(user=user), organisation=org, status=Membership.Status.PENDING)
    assert not can_edit_organisation(user, org)


def test_staff_edit_everything():
    assert can_edit_organisation(UserFactory(is_staff=True), OrganisationFactory())


# --- the same refusal through the domain function and every entry point ------------------------------

ROW = (2, ["Nueva Empresa SpA", "pyme"])


def test_stranger_cannot_edit_an_organisation_by_domain_nor_page(client):
    org = OrganisationFactory(description="Original")
    stranger = UserFactory()
    with pytest.raises(PermissionDenied, match="No puedes editar esta organización."):
        update_organisation(organisation=org, actor=stranger, description="Hackeado")
    client.force_login(stranger)
    for response in (
        client.get(reverse("network:organisation_edit", args=[org.slug])),
        client.post(reverse("network:organisation_edit", args=[org.slug]), {"name": "X", "description": "Hackeado"}),
    ):
        assert response.status_code == 403
        assert "No puedes editar esta organización." in response.content.decode()
    org.refresh_from_db()
    assert org.description == "Original"


def test_nobody_else_edits_a_profile():
    person = PersonFactory(user=UserFactory(), bio="Original")
    with pytest.raises(PermissionDenied, match="No puedes editar este perfil."):
        update_person(person=person, actor=UserFactory(), bio="otro")
    person.refresh_from_db()
    assert person.bio == "Original"


def test_only_staff_import_into_the_directory_by_domain_nor_page(client):
    admin = UserFactory()
    MembershipFactory(person=PersonFactory(user=admin), role=Membership.Role.ADMIN)
    with pytest.raises(PermissionDenied, match="Solo el equipo Helix puede importar al directorio."):
        apply_import(kind="organisations", headers=["nombre", "tipo"], rows=[ROW], actor=admin)
    client.force_login(admin)
    response = client.post(reverse("transfer:import_confirm", args=["any"]))
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="Nueva Empresa SpA").exists()
    assert apply_import(kind="organisations", headers=["nombre", "tipo"], rows=[ROW], actor=UserFactory(is_staff=True))
    assert Organisation.objects.filter(name="Nueva Empresa SpA").exists()


def test_only_staff_add_an_organisation():
    representative = UserFactory()
    MembershipFactory(person=PersonFactory(user=representative), role=Membership.Role.ADMIN)
    with pytest.raises(PermissionDenied, match="Solo el equipo Helix puede agregar organizaciones al directorio."):
        create_organisation(name="Empresa Fantasma SpA", kind="sme", actor=representative)
    assert not Organisation.objects.filter(name="Empresa Fantasma SpA").exists()
    assert create_organisation(name="Empresa Real SpA", kind="sme", actor=UserFactory(is_staff=True)).pk
