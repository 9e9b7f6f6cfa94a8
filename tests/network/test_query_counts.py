"""Every directory list and page runs a constant number of queries, however many rows it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helix.network.domain import add_membership, create_organisation, create_person
from helix.territory.models import Commune
from tests.factories import AgreementFactory, OrganisationFactory
from tests.factories.accounts import StaffFactory

pytestmark = pytest.mark.django_db

VALPO = 5101


def add_organisations(n, offset=0):
    commune = Commune.objects.get(cut=VALPO)
    orgs = []
    for i in range(n):
        org = create_organisation(
            actor=StaffFactory(),
            name=f"Empresa Agua {offset + i}",
            kind="sme",
            commune=commune,
            topics=["water", "energy"],
            operating_regions=[5, 13],
        )
        person = create_person(
            first_name=f"Experta{offset + i}", last_name="Agua", public_profile=True, expertise=["water", "data"]
        )
        add_membership(person=person, organisation=org, position="Gerenta")
        orgs.append(org)
    return orgs


def count_queries(client, url, params=None, *, expected_in):
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(url, params or {}).content.decode()
    assert expected_in in body
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "empresa agua"}, {"tab": "people"}, {"tab": "people", "q": "agua"}, {"region": "5", "topic": "water"}],
)
def test_directory_lists(client, params):
    add_organisations(1)
    expected = "Experta0" if params.get("tab") == "people" else "Empresa Agua 0"
    one = count_queries(client, "/directory/", params, expected_in=expected)
    add_organisations(6, offset=1)
    many = count_queries(client, "/directory/", params, expected_in=expected)
    assert one == many


def test_organisation_page(client):
    org = create_organisation(
        actor=StaffFactory(), name="Centro", kind="research_centre", commune=Commune.objects.get(cut=VALPO)
    )

    def grow(n, offset):
        for i in range(n):
            person = create_person(first_name=f"P{offset + i}", public_profile=True, expertise=["data"])
            add_membership(person=person, organisation=org, position="Investigadora")
            AgreementFactory(title=f"Convenio {offset + i}", parties=[org, OrganisationFactory()])

    grow(1, 0)
    with CaptureQueriesContext(connection) as one:
        assert "Convenio 0" in client.get(org.get_absolute_url()).content.decode()
    grow(5, 1)
    with CaptureQueriesContext(connection) as many:
        assert "Convenio 5" in client.get(org.get_absolute_url()).content.decode()
    assert len(one) == len(many) <= 12


def test_person_page(client):
    person = create_person(first_name="Ana", public_profile=True, expertise=["data"])
    add_membership(person=person, organisation=OrganisationFactory(name="Org 0"))
    with CaptureQueriesContext(connection) as one:
        assert "Org 0" in client.get(person.get_absolute_url()).content.decode()
    for i in range(1, 5):
        add_membership(person=person, organisation=OrganisationFactory(name=f"Org {i}"))
    with CaptureQueriesContext(connection) as many:
        assert "Org 4" in client.get(person.get_absolute_url()).content.decode()
    assert len(one) == len(many) <= 8


def test_agreement_pages(client):
    first = AgreementFactory(title="Convenio A", parties=[OrganisationFactory(), OrganisationFactory()])
    with CaptureQueriesContext(connection) as one:
        assert "Convenio A" in client.get("/directory/agreements/").content.decode()
    with CaptureQueriesContext(connection) as detail_one:
        client.get(f"/directory/agreements/{first.pk}/")
    for i in range(5):
        AgreementFactory(title=f"Convenio B{i}", parties=[OrganisationFactory() for _ in range(3)])
    first.parties.add(*[OrganisationFactory() for _ in range(4)])
    with CaptureQueriesContext(connection) as many:
        assert "Convenio B4" in client.get("/directory/agreements/").content.decode()
    with CaptureQueriesContext(connection) as detail_many:
        client.get(f"/directory/agreements/{first.pk}/")
    assert len(one) == len(many)
    assert len(detail_one) == len(detail_many)


def test_organisation_page_lists_its_activity_in_constant_queries(client):
    from tests.factories.events import EventFactory
    from tests.factories.matching import ChallengeFactory, SolutionFactory
    from tests.factories.wheel import ParticipantFactory

    org = OrganisationFactory(name="Municipalidad Activa")

    def grow(n, offset):
        for i in range(offset, offset + n):
            ChallengeFactory(organisation=org, title=f"Desafío {i}")
            SolutionFactory(provider=org, title=f"Solución {i}")
            ParticipantFactory(organisation=org, wheel__name=f"Rueda {i}")
            EventFactory(organiser=org, title=f"Evento {i}")
            AgreementFactory(title=f"Convenio {i}", parties=[org, OrganisationFactory()])

    grow(1, 0)
    with CaptureQueriesContext(connection) as one:
        body = client.get(org.get_absolute_url()).content.decode()
    assert all(f"{kind} 0" in body for kind in ("Desafío", "Solución", "Rueda", "Evento", "Convenio"))
    grow(3, 1)
    with CaptureQueriesContext(connection) as many:
        body = client.get(org.get_absolute_url()).content.decode()
    assert all(f"{kind} 3" in body for kind in ("Desafío", "Solución", "Rueda", "Evento", "Convenio"))
    assert len(one) == len(many)


def test_organisation_page_without_activity_asks_once_and_partnered_events_still_show(client):
    """One presence query replaces the five list queries when an organisation has done nothing yet;
    an event the organisation only partners is still found by it."""
    from tests.factories.events import EventFactory

    quiet = OrganisationFactory(name="Fundación Silenciosa")
    partner = OrganisationFactory(name="Cooperativa Aliada")
    with CaptureQueriesContext(connection) as nothing:
        body = client.get(quiet.get_absolute_url()).content.decode()
    assert "No hay convenios registrados" in body
    assert sum("EXISTS" in q["sql"] for q in nothing.captured_queries) == 1
    event = EventFactory(title="Feria de Innovación Abierta")
    event.partners.add(partner)
    with CaptureQueriesContext(connection) as partnered:
        body = client.get(partner.get_absolute_url()).content.decode()
    assert "Feria de Innovación Abierta" in body
    assert len(partnered) == len(nothing) + 1
