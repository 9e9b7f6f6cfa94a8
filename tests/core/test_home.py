import pytest

from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_home_shows_figures_in_spanish_by_default(client):
    OrganisationFactory.create_batch(3)
    page = client.get("/").content.decode()
    assert "organizaciones" in page
    assert 'lang="es-cl"' in page


def test_home_query_count_does_not_grow(client, django_assert_num_queries):
    OrganisationFactory()
    with django_assert_num_queries(2):
        client.get("/")
    OrganisationFactory.create_batch(5)
    with django_assert_num_queries(2):
        client.get("/")


def test_english_is_selectable(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert 'lang="en"' in response.content.decode()


def test_home_links_each_sector_of_the_directory(client):
    page = client.get("/").content.decode()
    for sector in ["government", "company", "academia", "civil_society"]:
        assert f"/directory/?sector={sector}" in page
    assert "/directory/?tab=people" in page


def test_spanish_even_when_the_browser_prefers_english(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="es-cl"' in page
    assert "Directorio" in page
