import pytest

from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory


def representative_of(organisation, **user_kwargs):
    """A user who is an approved representative of `organisation`."""
    user = UserFactory(**user_kwargs)
    MembershipFactory(person=PersonFactory(user=user), organisation=organisation)
    return user


@pytest.fixture
def municipality(db):
    return OrganisationFactory(name="Municipalidad de Valparaíso", kind="municipality")


@pytest.fixture
def provider(db):
    return OrganisationFactory(name="Reciclatech SpA")


@pytest.fixture
def officer(municipality):
    return representative_of(municipality)


@pytest.fixture
def provider_rep(provider):
    return representative_of(provider)
