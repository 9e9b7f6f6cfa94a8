"""Representation requests: who may decide them, refused alike by the domain function and the page."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from helix.accounts.domain import decide_membership
from helix.accounts.permissions import can_decide_membership, can_review_requests
from helix.network.models import Membership
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending():
    return MembershipFactory(person=PersonFactory(user=UserFactory()), status=Membership.Status.PENDING)


def _admin_of(organisation):
    user = UserFactory()
    MembershipFactory(person=PersonFactory(user=user), organisation=organisation, role=Membership.Role.ADMIN)
    return user


def _unchanged(membership):
    membership.refresh_from_db()
    return membership.status == Membership.Status.PENDING and membership.decided_by_id is None


def test_predicates():
    org = OrganisationFactory()
    pending = MembershipFactory(person=PersonFactory(user=UserFactory()), organisation=org, status="pending")
    admin, stranger = _admin_of(org), UserFactory()
    assert can_decide_membership(admin, pending) and can_review_requests(admin)
    assert not can_decide_membership(stranger, pending) and not can_review_requests(stranger)
    assert not can_decide_membership(pending.person.user, pending)
    assert can_decide_membership(UserFactory(is_staff=True), pending)


def test_applicant_cannot_approve_own_request(client, pending):
    applicant = pending.person.user
    with pytest.raises(PermissionDenied, match="No puedes decidir esta solicitud."):
        decide_membership(membership_id=pending.pk, actor=applicant, approve=True)
    client.force_login(applicant)
    response = client.post(reverse("accounts:decide_request", args=[pending.pk]), {"decision": "approve"})
    assert response.status_code == 403
    assert "No puedes decidir esta solicitud." in response.content.decode()
    assert _unchanged(pending)


def test_admin_of_another_organisation_cannot_decide(client, pending):
    outsider = _admin_of(OrganisationFactory())
    with pytest.raises(PermissionDenied):
        decide_membership(membership_id=pending.pk, actor=outsider, approve=False)
    client.force_login(outsider)
    response = client.post(reverse("accounts:decide_request", args=[pending.pk]), {"decision": "reject"})
    assert response.status_code == 403 and "No puedes decidir esta solicitud." in response.content.decode()
    assert _unchanged(pending)


def test_only_staff_appoint_an_admin(client, pending):
    admin = _admin_of(pending.organisation)
    with pytest.raises(PermissionDenied):
        decide_membership(membership_id=pending.pk, actor=admin, approve=True, as_admin=True)
    client.force_login(admin)
    response = client.post(reverse("accounts:decide_request", args=[pending.pk]), {"decision": "approve_admin"})
    assert response.status_code == 403
    assert "Solo el equipo Helix puede nombrar administradores de una organización." in response.content.decode()
    assert _unchanged(pending)
    pending.refresh_from_db()
    assert pending.role == Membership.Role.REPRESENTATIVE


def test_pending_requests_page_is_for_reviewers_only(client, pending):
    client.force_login(UserFactory())
    response = client.get(reverse("accounts:pending_requests"))
    assert response.status_code == 403
    assert "Solo el equipo Helix y los administradores de organizaciones revisan solicitudes de representación." in (
        response.content.decode()
    )
