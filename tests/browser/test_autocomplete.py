"""A big list searched as one types (issue 12 §8): the commune of one's profile, at phone width."""

import pytest

from helix.network.models import Person
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_person_picks_a_commune_by_typing_part_of_its_name(page, live_server):
    user = UserFactory(email="camila@example.cl")
    page.set_viewport_size({"width": 390, "height": 844})
    scripts = []
    page.on("request", lambda request: scripts.append(request.url) if request.resource_type == "script" else None)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/accounts/login/?next=/directory/me/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("form.card button[type=submit]")
    page.wait_for_url("**/directory/me/")
    page.fill("input[name=first_name]", "Camila")
    page.fill("input[name=last_name]", "Valdés")
    page.locator(".ts-control").first.click()
    assert page.locator("#id_commune-ts-control").get_attribute("placeholder") == "Escribe para buscar…"
    page.keyboard.type("vina del")
    option = page.locator(".ts-dropdown .option", has_text="Viña del Mar (Valparaíso)")
    option.click()
    assert page.locator("#id_commune").input_value() != ""
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_selector("text=Tu perfil fue guardado.")
    assert Person.objects.get(user=user).commune.name == "Viña del Mar"
    assert errors == []
    assert any(url.endswith("/static/vendor/tom-select/dist/js/tom-select.complete.min.js") for url in scripts)
