"""Issue 11, row 10: a Content-Security-Policy without inline scripts, a Permissions-Policy, and no
caching of personal data or tickets. A template with an inline script or an on*= handler fails here."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import EventFactory, UserFactory
from tests.factories.events_extra import RegistrationFactory

ROOT = Path(__file__).resolve().parents[2]
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
HANDLER = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)
DATA_TYPES = ("application/json", "application/ld+json", "text/template")


def templates():
    return sorted(p for p in (ROOT / "helix").rglob("templates/**/*.html"))


def inline_scripts(text: str) -> list[str]:
    found = []
    for match in SCRIPT_TAG.finditer(text):
        attrs = match.group(1)
        if re.search(r"\bsrc\s*=", attrs):
            continue
        kind = re.search(r"\btype\s*=\s*[\"']([^\"']+)", attrs)
        if kind and kind.group(1).lower() in DATA_TYPES:
            continue
        found.append(match.group(0))
    return found


def test_no_template_has_an_inline_script_or_handler():
    offenders = []
    for path in templates():
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(ROOT)}: {tag}" for tag in inline_scripts(text)]
        offenders += [f"{path.relative_to(ROOT)}: {m.group(0)[:60]}" for m in HANDLER.finditer(text)]
    assert offenders == []


def test_the_checker_catches_what_it_must():
    assert inline_scripts("<script>alert(1)</script>")
    assert inline_scripts('<script type="module">x()</script>')
    assert not inline_scripts('<script src="/static/a.js" defer></script>')
    assert not inline_scripts('<script type="application/json" id="d">{}</script>')
    assert HANDLER.search('<select name="x" onchange="this.form.submit()">')
    assert not HANDLER.search('<select data-autosubmit name="x">')


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(client):
    response = client.get(reverse("core:home"))
    policy = response.headers["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    assert "camera=(self)" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]


@pytest.mark.django_db
def test_personal_data_download_is_never_cached(client):
    client.force_login(UserFactory())
    response = client.get(reverse("accounts:download_data"))
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.django_db
def test_ticket_pages_are_never_cached(client):
    from helix.events.domain import tickets

    registration = RegistrationFactory(event=EventFactory())
    response = client.get(reverse("events:ticket", args=[tickets.cancel_token(registration.pk)]))
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.django_db
def test_charts_are_json_drawn_by_a_static_script(client):
    page = client.get(reverse("territory:map")).content.decode()
    assert "/static/core/charts.js" in page
    assert 'data-chart="region-map-figure"' in page
    assert '<script type="application/json" id="region-map-figure">' in page
    assert not inline_scripts(page)


def test_figure_json_cannot_close_its_script_element():
    import plotly.graph_objects as go

    from helix.core.charts import figure_html

    html = figure_html(go.Figure(go.Bar(x=["</script><script>alert(1)</script>"], y=[1])), div_id="c")
    assert "</script><script>alert" not in html
    assert "alert(1)" in html  # the label is kept, escaped
    assert html.count("</script>") == 1
