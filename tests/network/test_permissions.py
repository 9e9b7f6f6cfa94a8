import pytest

from helix.network.models import Membership
from helix.network.permissions import can_admin_organisation, can_edit_organisation
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
