"""In a real browser: an organiser registers an organisation on a wheel by typing part of its name
(issue 12 §3 and §8), at phone width — no slug to know, no select of the whole directory."""

import pytest

from helix.network.domain import refresh_search_text
from helix.wheel.models import Participant
from tests.factories import OrganisationFactory
from tests.factories.wheel import WheelFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_organiser_registers_an_organisation_found_by_typing(page, live_server, staff_user):
    wheel = WheelFactory()
    org = OrganisationFactory(name="Cooperativa Agua Limpia Ñuble")
    refresh_search_text(organisation=org)
    page.set_viewport_size({"width": 390, "height": 844})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/accounts/login/?next=/wheels/{wheel.pk}/register/")
    page.fill("input[name=username]", staff_user.email)
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("form.card button[type=submit]")
    page.wait_for_url(f"**/wheels/{wheel.pk}/register/")
    page.locator(".ts-control").first.click()
    assert page.locator("#id_organisation-ts-control").get_attribute("placeholder") == "Escribe para buscar…"
    page.keyboard.type("agua limpia")
    page.locator(".ts-dropdown .option", has_text="Cooperativa Agua Limpia Ñuble").click()
    assert page.locator("#id_organisation").input_value() == str(org.pk)
    page.select_option("#id_side", "buyer")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("form:has(#id_organisation) button").click()
    page.wait_for_selector("text=Cooperativa Agua Limpia Ñuble quedó inscrita.")
    assert Participant.objects.get(wheel=wheel).organisation == org
    assert errors == []
