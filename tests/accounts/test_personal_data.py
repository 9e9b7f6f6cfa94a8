import json

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from helix.accounts import personal_data
from helix.accounts.models import User
from helix.network.models import Membership, Person
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory, topic


@pytest.fixture
def member(db):
    user = UserFactory(email="ana@example.cl", full_name="Ana Pérez")
    person = PersonFactory(user=user, email="ana@example.cl", first_name="Ana", last_name="Pérez", bio="Ingeniera")
    person.expertise.set([topic("water")])
    MembershipFactory(person=person, organisation=OrganisationFactory(name="Aguas del Puerto"), position="Gerenta")
    return user


def _failed_sign_ins_by_someone_else():
    # Made after the owner's sign-in, which forgets earlier failures.
    AccessAttempt.objects.create(username="ana@example.cl", ip_address="10.1.1.1", failures_since_start=2)


@pytest.mark.django_db
def test_download_contains_account_person_and_memberships(client, member):
    client.force_login(member)
    _failed_sign_ins_by_someone_else()
    response = client.get(reverse("accounts:download_data"))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "ana@example.cl"
    assert data["account"]["full_name"] == "Ana Pérez"
    assert data["person"]["first_name"] == "Ana" and data["person"]["bio"] == "Ingeniera"
    assert data["person"]["expertise"] == ["water"]
    assert data["memberships"] == [
        {
            "organisation": "Aguas del Puerto",
            "organisation_slug": "aguas-del-puerto",
            "role": "representative",
            "position": "Gerenta",
            "status": "approved",
            "requested_at": data["memberships"][0]["requested_at"],
            "decided_at": None,
        }
    ]
    assert data["failed_sign_ins"][0]["ip_address"] == "10.1.1.1"


@pytest.mark.django_db
def test_other_apps_can_register_an_exporter(client, member):
    personal_data.register_exporter("test_section", lambda user: {"hello": user.email})
    try:
        client.force_login(member)
        data = json.loads(client.get(reverse("accounts:download_data")).content)
        assert data["test_section"] == {"hello": "ana@example.cl"}
    finally:
        personal_data._exporters.pop("test_section")


@pytest.mark.django_db
def test_download_requires_sign_in(client):
    response = client.get(reverse("accounts:download_data"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_delete_account_needs_the_password(client, member):
    client.force_login(member)
    response = client.post(reverse("accounts:delete_account"), {"password": "wrong"})
    assert response.status_code == 200 and response.context["form"].errors["password"]
    assert User.objects.filter(pk=member.pk).exists()


@pytest.mark.django_db
def test_delete_account_removes_user_person_memberships_and_attempts(client, member):
    person_pk = member.person.pk
    client.force_login(member)
    _failed_sign_ins_by_someone_else()
    response = client.post(reverse("accounts:delete_account"), {"password": "correct-horse-battery"})
    assert response.status_code == 302
    assert not User.objects.filter(email="ana@example.cl").exists()
    assert not Person.objects.filter(pk=person_pk).exists()
    assert not Person.objects.filter(email="ana@example.cl").exists()
    assert not Membership.objects.filter(person_id=person_pk).exists()
    assert not AccessAttempt.objects.filter(username="ana@example.cl").exists()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_person_protected_by_other_records_is_anonymised(member, monkeypatch):
    from django.db.models import ProtectedError

    person = member.person

    def protected_delete(self, *args, **kwargs):
        raise ProtectedError("kept by a signed agreement", {self})

    monkeypatch.setattr(Person, "delete", protected_delete)
    personal_data.delete_account(user=member)
    person.refresh_from_db()
    assert person.first_name == "—" and person.last_name == ""
    assert person.email is None and person.bio == "" and person.user is None
    assert not person.public_profile
    assert not person.expertise.exists()
    assert not person.memberships.exists()
    assert not User.objects.filter(pk=member.pk).exists()


@pytest.mark.django_db
def test_registered_erasers_run_in_the_deletion(member):
    seen = []
    personal_data.register_eraser("test_eraser", lambda user: seen.append(user.email))
    try:
        personal_data.delete_account(user=member)
    finally:
        personal_data._erasers.pop("test_eraser")
    assert seen == ["ana@example.cl"]
