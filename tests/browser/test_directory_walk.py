"""A new visitor finds a municipality without typing accents, then its representative edits it."""

import re

import pytest

from helix.network.domain import add_membership, create_organisation, create_person
from helix.territory.models import Commune
from tests.factories import UserFactory
from tests.factories.accounts import StaffFactory

PASSWORD = "correct-horse-battery"  # UserFactory's password


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_visitor_searches_directory_and_representative_edits_organisation(page, live_server):
    municipality = create_organisation(
        actor=StaffFactory(),
        name="Municipalidad de Valparaíso",
        kind="municipality",
        commune=Commune.objects.get(cut=5101),
        description="Ciudad puerto y patrimonio de la humanidad.",
        topics=["tourism", "mobility"],
    )
    create_organisation(
        actor=StaffFactory(),
        name="Municipalidad de Santiago",
        kind="municipality",
        commune=Commune.objects.get(cut=13101),
    )
    user = UserFactory(email="encargada@valparaiso.cl")
    person = create_person(first_name="Camila", last_name="Valdés", email=user.email, user=user, public_profile=True)
    add_membership(person=person, organisation=municipality, role="representative", position="Encargada de Innovación")

    # Home → search from the big search box, without the accent.
    page.goto(f"{live_server.url}/")
    page.fill("#home-q", "municipalidad valparaiso")
    page.locator("form.search-big button").click()
    page.wait_for_url(re.compile(r"/directory/\?q=municipalidad"))
    results = page.locator("#results")
    link = results.get_by_role("link", name="Municipalidad de Valparaíso")
    link.wait_for()
    assert "Municipalidad de Santiago" not in results.inner_text()

    # Live search (htmx) refines the results as the visitor types.
    page.fill("#id_q", "valpar")
    page.wait_for_url(re.compile(r"q=valpar(&|$)"))  # htmx pushed the new search to the address bar
    results.get_by_role("link", name="Municipalidad de Valparaíso").click()

    # Organisation page → sign in as its representative → straight to the edit form.
    page.wait_for_url(f"**{municipality.get_absolute_url()}")
    assert "Ciudad puerto" in page.locator("#description").inner_text()
    assert "Encargada de Innovación" in page.content()
    page.locator("#sign-in-to-edit").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{municipality.get_absolute_url()}edit/")

    page.fill("textarea[name=description]", "Capital legislativa de Chile, con sensores de tráfico en el plan.")
    page.locator("#organisation-form button[type=submit]").click()
    page.wait_for_url(f"**{municipality.get_absolute_url()}")
    assert "sensores de tráfico" in page.locator("#description").inner_text()
    municipality.refresh_from_db()
    assert municipality.description == "Capital legislativa de Chile, con sensores de tráfico en el plan."
