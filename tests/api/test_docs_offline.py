"""The interactive docs work offline: Swagger UI comes from ninja's installed static files, no CDN."""

import re

import pytest
from django.contrib.staticfiles import finders

from tests.offline import foreign_references

pytestmark = pytest.mark.django_db


def test_docs_page_references_no_other_host(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in urls and "/static/ninja/swagger-ui.css" in urls
    assert not [url for url in urls if url.startswith(("http:", "https:", "//"))]
    assert foreign_references(html) == []


def test_the_docs_assets_are_installed_and_served(client):
    for name in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui.css", "ninja/swagger-ui-init.js"):
        assert finders.find(name), name
    assert b"openapi.json" in client.get("/api/docs").content
    assert client.get("/api/openapi.json").json()["info"]["title"] == "Helix API"
