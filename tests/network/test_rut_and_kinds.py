"""RUT on organisations and people (optional, validated, unique) and the Chilean organisation kinds."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from helix.network import domain
from helix.network.models import Organisation, Person
from helix.network.models.organisations import KIND_SECTOR, OrganisationKind
from helix.network.transfer.domain.vocabulary import Vocabulary
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_organisation_rut_is_stored_plain_and_shown_with_dots(staff_client, staff_user):
    org = domain.create_organisation(
        name="Cooperativa Eléctrica Sur", kind="cooperative", rut="76.543.210-3", actor=staff_user
    )
    assert org.rut == "76543210-3" and org.sector == "company"
    page = staff_client.get(org.get_absolute_url()).content.decode()
    assert '<dd id="organisation-rut">76.543.210-3</dd>' in page


def test_wrong_check_digit_is_refused_on_the_form(staff_client):
    org = OrganisationFactory()
    url = reverse("network:organisation_edit", args=[org.slug])
    form = staff_client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields if name not in ("topics", "operating_regions")}
    response = staff_client.post(url, {**data, "rut": "76.543.210-4"})
    assert response.context["form"].errors["rut"] == [
        "El dígito verificador del RUT no coincide: revisa que esté bien escrito."
    ]
    assert Organisation.objects.get(pk=org.pk).rut == ""


def test_a_rut_belongs_to_one_organisation(staff_user):
    domain.create_organisation(name="Fundación Uno", kind="foundation", rut="76543210-3", actor=staff_user)
    with pytest.raises(ValidationError) as exc:
        domain.create_organisation(name="Fundación Dos", kind="foundation", rut="76.543.210-3", actor=staff_user)
    assert "Otra organización del directorio tiene este RUT." in exc.value.messages
    # Many organisations without a RUT are fine.
    OrganisationFactory(), OrganisationFactory()


def test_person_rut_is_optional_validated_and_erased_with_the_person():
    user = UserFactory()
    person = PersonFactory(user=user)
    person = domain.update_person(person=person, actor=user, rut="12.345.678-5")
    assert person.rut == "12345678-5" and person.rut_display == "12.345.678-5"
    with pytest.raises(ValidationError):
        domain.update_person(person=person, actor=user, rut="12.345.678-0")
    from helix.network.personal_data import anonymise_person

    anonymise_person(person)
    assert Person.objects.get(pk=person.pk).rut == ""


def test_chilean_kinds_exist_with_their_sector_and_import_words():
    labels = dict(OrganisationKind.choices)
    assert {"municipal_corporation", "municipal_association", "cooperative", "foundation"} <= set(labels)
    assert KIND_SECTOR[OrganisationKind.MUNICIPAL_ASSOCIATION] == "government"
    vocabulary = Vocabulary()
    assert vocabulary.kind("Corporación Municipal") == "municipal_corporation"
    assert vocabulary.kind("Asociación de Municipios") == "municipal_association"
    assert vocabulary.kind("Cooperativa") == "cooperative"
    assert vocabulary.kind("Fundación") == "foundation"
