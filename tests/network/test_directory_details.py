"""Directory details (issue 12 §9): the right download per tab, private people findable by staff."""

import pytest
from django.test import Client
from django.urls import reverse

from helix.network import domain

pytestmark = pytest.mark.django_db


def test_people_tab_offers_to_download_people_not_organisations(staff_client):
    client = Client()  # anonymous (the `client` fixture is the one staff_client signs in)
    url = reverse("network:directory")
    staff_page = staff_client.get(url, {"tab": "people"}).content.decode()
    assert "Descargar estas personas:" in staff_page and "Descargar estas organizaciones" not in staff_page
    assert "/directory/transfer/export/people.csv?tab=people" in staff_page
    public_page = client.get(url, {"tab": "people"}).content.decode()
    assert "Descargar estas" not in public_page
    organisations = client.get(url).content.decode()
    assert "Descargar estas organizaciones:" in organisations


def test_the_links_follow_an_htmx_tab_change(staff_client):
    body = staff_client.get(reverse("network:directory"), {"tab": "people"}, HTTP_HX_REQUEST="true").content.decode()
    assert body.count('id="export-links"') == 1 and "Descargar estas personas:" in body


def test_imported_private_people_are_found_by_staff_only(staff_client):
    client = Client()
    person = domain.create_person(
        first_name="Rayén", last_name="Calfucura", public_profile=False
    )  # as the importer does
    url = reverse("network:directory")
    found = staff_client.get(url, {"tab": "people", "q": "calfucura"}).content.decode()
    assert "Rayén Calfucura" in found and "No público (visible para el equipo)" in found
    assert staff_client.get(person.get_absolute_url()).status_code == 200
    assert "Rayén Calfucura" not in client.get(url, {"tab": "people", "q": "calfucura"}).content.decode()
    assert client.get(person.get_absolute_url()).status_code == 404
