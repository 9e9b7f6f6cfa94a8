"""Offline, really (issue 12 §4, §9): no page references another host, the map's toolbar speaks the
reader's language from our own catalogue, and /favicon.ico is answered."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.utils import translation

from helix.core.charts import PLOTLY_STRINGS, plotly_config
from tests.offline import FOREIGN

ROOT = Path(__file__).resolve().parents[2] / "helix"


def _page_files():
    for path in ROOT.rglob("*"):
        if path.suffix not in {".html", ".css", ".js"} or "/email/" in path.as_posix():
            continue  # e-mails link to the site by its absolute address, and are not pages
        yield path


def test_no_template_or_static_file_references_another_host():
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in _page_files()
        for match in FOREIGN.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_check_finds_a_foreign_reference():
    assert FOREIGN.search('<link rel="stylesheet" href="https://fonts.googleapis.com/css">')
    assert FOREIGN.search("<script src=//cdn.example.com/x.js></script>")
    assert FOREIGN.search("background: url('https://tile.openstreetmap.org/1/1/1.png')")
    assert not FOREIGN.search("<a href=\"{% url 'core:home' %}\">")
    assert not FOREIGN.search("Markdown: [link](https://…)")


def test_plotly_toolbar_speaks_chilean_spanish():
    config = plotly_config()
    assert config["locale"] == "es-cl"
    locale = config["locales"]["es-cl"]
    assert locale["dictionary"]["Zoom in"] == "Acercar"
    assert locale["dictionary"]["Download plot as a PNG"] == "Descargar gráfico como PNG"
    assert locale["dictionary"]["Reset view"] == "Restablecer vista"
    assert all(text != translated for text, translated in locale["dictionary"].items()), "untranslated"
    assert len(locale["dictionary"]) == len(PLOTLY_STRINGS)
    assert locale["format"]["months"][2] == "marzo"
    assert locale["format"]["days"][0] == "domingo"
    assert config["displaylogo"] is False


def test_plotly_toolbar_in_english_for_english_readers():
    with translation.override("en"):
        config = plotly_config(responsive=True)
    assert config["locale"] == "en"
    assert config["locales"]["en"]["dictionary"]["Zoom in"] == "Zoom in"
    assert config["responsive"] is True


@pytest.mark.django_db
def test_the_map_page_carries_the_spanish_toolbar(client):
    page = client.get("/territory/").content.decode()
    assert '"Zoom in": "Acercar"' in page
    assert '"locale": "es-cl"' in page


def test_favicon_is_answered_with_our_own_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.svg"
    assert "max-age=86400" in response["Cache-Control"]
    icon = Path(finders.find("favicon.svg")).read_text()
    assert icon.startswith("<svg")
    assert client.get(response["Location"]).status_code == 200
