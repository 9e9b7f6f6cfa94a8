import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from helix.accounts.models import User
from helix.network.models import Membership, Person
from helix.network.permissions import can_edit_organisation
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory
from tests.on_commit import committed

PASSWORD = "cerro-alegre-2026!"


def _signup(client, **overrides):
    data = {
        "account_type": "citizen",
        "first_name": "Camila",
        "last_name": "Rojas",
        "email": "camila@example.cl",
        "commune": "",
        "organisation": "",
        "position": "",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    with committed():
        return client.post(reverse("accounts:signup"), data)


def _activation_link(message) -> str:
    return re.search(r"https?://\S+/accounts/activate/\S+/", message.body).group(0)


@pytest.mark.django_db
def test_citizen_signup_creates_inactive_account_with_person_and_activation_link(client):
    response = _signup(client)
    assert response.status_code == 200
    user = User.objects.get(email="camila@example.cl")
    assert not user.is_active
    assert user.full_name == "Camila Rojas"
    person = Person.objects.get(user=user)
    assert (person.first_name, person.last_name, person.email) == ("Camila", "Rojas", "camila@example.cl")
    assert not person.memberships.exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["camila@example.cl"]

    # Cannot sign in before activation, and is told why.
    login = client.post(reverse("accounts:login"), {"username": "camila@example.cl", "password": PASSWORD})
    assert "Tu cuenta aún no está activa: sigue el enlace del correo que te enviamos." in login.content.decode()

    link = _activation_link(mail.outbox[0])
    response = client.get(link, follow=True)
    user.refresh_from_db()
    assert user.is_active
    assert response.context["user"] == user
    # The link works only once.
    client.logout()
    assert client.get(link).status_code == 400


@pytest.mark.django_db
def test_signup_links_an_existing_unclaimed_directory_person(client):
    imported = PersonFactory(email="camila@example.cl", first_name="Camila", user=None)
    _signup(client)
    imported.refresh_from_db()
    assert imported.user.email == "camila@example.cl"
    assert Person.objects.filter(email="camila@example.cl").count() == 1


@pytest.mark.django_db
def test_invalid_signup_redisplays_what_was_typed(client):
    UserFactory(email="taken@example.cl")
    response = _signup(client, email="taken@example.cl", first_name="Tomás", password2="otra-cosa-123")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Tomás"' in body
    form = response.context["form"]
    # A taken address is not an error shown to the visitor (issue 11: it would reveal who has an account).
    assert "password2" in form.errors and "email" not in form.errors
    assert User.objects.filter(email="taken@example.cl").count() == 1


@pytest.mark.django_db
def test_representative_signup_requires_organisation_and_position(client):
    response = _signup(client, account_type="representative")
    form = response.context["form"]
    assert "organisation" in form.errors and "position" in form.errors
    assert not User.objects.filter(email="camila@example.cl").exists()


def _representative_signup(client, organisation):
    _signup(client, account_type="representative", organisation=organisation.pk, position="Jefa de innovación")
    client.get(_activation_link(mail.outbox[-1]))
    client.logout()
    return User.objects.get(email="camila@example.cl")


@pytest.mark.django_db
def test_representative_is_granted_the_role_only_after_approval_by_org_admin(
    client, django_capture_on_commit_callbacks
):
    org = OrganisationFactory(name="Municipalidad de Valparaíso")
    applicant = _representative_signup(client, org)
    membership = Membership.objects.get(person__user=applicant)
    assert (membership.role, membership.status, membership.position) == (
        "representative",
        "pending",
        "Jefa de innovación",
    )
    assert not can_edit_organisation(applicant, org)

    admin = UserFactory()
    MembershipFactory(person=PersonFactory(user=admin), organisation=org, role="admin")
    client.force_login(admin)
    page = client.get(reverse("accounts:pending_requests"))
    assert "Camila Rojas" in page.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:decide_request", args=[membership.pk]), {"decision": "approve"})

    membership.refresh_from_db()
    assert membership.status == "approved" and membership.decided_by == admin
    assert can_edit_organisation(User.objects.get(pk=applicant.pk), org)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["camila@example.cl"]
    assert "Municipalidad de Valparaíso" in mail.outbox[0].subject


@pytest.mark.django_db
def test_staff_rejects_and_applicant_is_told(client, staff_user, django_capture_on_commit_callbacks):
    org = OrganisationFactory()
    applicant = _representative_signup(client, org)
    staff_client = Client()
    staff_client.force_login(staff_user)
    membership = Membership.objects.get(person__user=applicant)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("accounts:decide_request", args=[membership.pk]), {"decision": "reject"})
    membership.refresh_from_db()
    assert membership.status == "rejected"
    assert not can_edit_organisation(applicant, org)
    assert mail.outbox[0].to == ["camila@example.cl"]
    # A decided request cannot be decided again.
    staff_client.post(reverse("accounts:decide_request", args=[membership.pk]), {"decision": "approve"})
    membership.refresh_from_db()
    assert membership.status == "rejected"


@pytest.mark.django_db
def test_admin_of_another_organisation_cannot_approve(client):
    org, other = OrganisationFactory(), OrganisationFactory()
    applicant = _representative_signup(client, org)
    membership = Membership.objects.get(person__user=applicant)
    # Fixed names: a random one could itself be "Camila" (the page shows who is signed in).
    intruder = UserFactory(full_name="Intruso Soto")
    MembershipFactory(person=PersonFactory(user=intruder, first_name="Intruso"), organisation=other, role="admin")
    client.force_login(intruder)
    assert "Camila" not in client.get(reverse("accounts:pending_requests")).content.decode()
    response = client.post(reverse("accounts:decide_request", args=[membership.pk]), {"decision": "approve"})
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.status == "pending"
    assert not can_edit_organisation(applicant, org)


@pytest.mark.django_db
def test_plain_user_cannot_see_pending_requests_or_approve_themself(client):
    org = OrganisationFactory()
    applicant = _representative_signup(client, org)
    client.force_login(applicant)
    assert client.get(reverse("accounts:pending_requests")).status_code == 403
    membership = Membership.objects.get(person__user=applicant)
    assert (
        client.post(reverse("accounts:decide_request", args=[membership.pk]), {"decision": "approve"}).status_code
        == 403
    )
    membership.refresh_from_db()
    assert membership.status == "pending"


@pytest.mark.django_db
def test_signed_in_user_requests_representation_from_account_page(client):
    user = UserFactory()
    PersonFactory(user=user, email=user.email)
    org = OrganisationFactory(name="Universidad Técnica del Pacífico")
    client.force_login(user)
    response = client.post(
        reverse("accounts:request_representation"), {"organisation": org.pk, "position": "Investigadora"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(person__user=user, organisation=org)
    assert membership.status == "pending"
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "Universidad Técnica del Pacífico" in profile
    # A second request while pending is refused with a message, nothing duplicated.
    again = client.post(reverse("accounts:request_representation"), {"organisation": org.pk, "position": "X"})
    assert again.status_code == 400
    assert Membership.objects.filter(person__user=user, organisation=org).count() == 1


@pytest.mark.django_db
def test_organisation_options_search(client):
    OrganisationFactory(name="Municipalidad de Valparaíso")
    OrganisationFactory(name="Empresa Solar SpA")
    body = client.get(reverse("accounts:organisation_options"), {"organisation_q": "valparaiso"}).content.decode()
    assert "Municipalidad de Valparaíso" in body and "Solar" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 4])
def test_pending_requests_query_count_is_constant(client, staff_user, django_assert_num_queries, rows):
    for _ in range(rows):
        MembershipFactory(status="pending", person=PersonFactory(user=UserFactory()))
    client.force_login(staff_user)
    with django_assert_num_queries(3):  # session, user, the list
        response = client.get(reverse("accounts:pending_requests"))
    assert len(response.context["requests"]) == rows


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 4])
def test_pending_requests_query_count_for_org_admin(client, django_assert_num_queries, rows):
    admin = UserFactory()
    org = OrganisationFactory()
    MembershipFactory(person=PersonFactory(user=admin), organisation=org, role="admin")
    for _ in range(rows):
        MembershipFactory(status="pending", organisation=org, person=PersonFactory(user=UserFactory()))
    client.force_login(admin)
    with django_assert_num_queries(4):  # session, user, is-admin check, the list
        response = client.get(reverse("accounts:pending_requests"))
    assert len(response.context["requests"]) == rows


@pytest.mark.django_db
def test_organisation_picker_works_without_javascript(client):
    org = OrganisationFactory(name="Municipalidad de Valparaíso")
    # The search box is submitted with the form; the re-displayed form offers the matches.
    response = _signup(client, account_type="representative", organisation_q="valparaiso", position="Analista")
    body = response.content.decode()
    assert f'<option value="{org.pk}">Municipalidad de Valparaíso</option>' in body
    assert 'value="valparaiso"' in body
    assert not User.objects.filter(email="camila@example.cl").exists()


@pytest.mark.django_db
def test_organisation_admins_are_told_about_a_new_request(client, django_capture_on_commit_callbacks):
    org = OrganisationFactory(name="Universidad del Mar")
    admin = UserFactory(email="admin@umar.cl")
    MembershipFactory(person=PersonFactory(user=admin), organisation=org, role="admin")
    MembershipFactory(person=PersonFactory(user=UserFactory(email="rep@umar.cl")), organisation=org)
    with django_capture_on_commit_callbacks(execute=True):
        _signup(client, account_type="representative", organisation=org.pk, position="Investigadora")
    to_admin = [m for m in mail.outbox if m.to == ["admin@umar.cl"]]
    assert len(to_admin) == 1
    assert "Camila Rojas" in to_admin[0].body and "/accounts/requests/" in to_admin[0].body
    assert not [m for m in mail.outbox if m.to == ["rep@umar.cl"]]  # representatives are not approvers


@pytest.mark.django_db
def test_staff_can_approve_as_organisation_admin_but_an_org_admin_cannot(client, staff_user):
    org = OrganisationFactory()
    applicant = _representative_signup(client, org)
    membership = Membership.objects.get(person__user=applicant)
    org_admin = UserFactory()
    MembershipFactory(person=PersonFactory(user=org_admin), organisation=org, role="admin")
    client.force_login(org_admin)
    response = client.post(reverse("accounts:decide_request", args=[membership.pk]), {"decision": "approve_admin"})
    assert response.status_code == 403
    membership.refresh_from_db()
    assert (membership.status, membership.role) == ("pending", "representative")
    client.force_login(staff_user)
    client.post(reverse("accounts:decide_request", args=[membership.pk]), {"decision": "approve_admin"})
    membership.refresh_from_db()
    assert (membership.status, membership.role) == ("approved", "admin")


@pytest.mark.django_db
def test_signup_pages_and_activation_email_are_in_spanish(client):
    page = client.get(reverse("accounts:signup"), HTTP_ACCEPT_LANGUAGE="es-cl").content.decode()
    assert "Crear una cuenta" in page and "Representante de una organización" in page
    with committed():
        client.post(
            reverse("accounts:signup"),
            {
                "account_type": "citizen",
                "first_name": "Camila",
                "email": "camila@example.cl",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
            HTTP_ACCEPT_LANGUAGE="es-cl",
        )
    assert mail.outbox[0].subject == "Helix: activa tu cuenta"
    assert "Gracias por sumarte a Helix" in mail.outbox[0].body
