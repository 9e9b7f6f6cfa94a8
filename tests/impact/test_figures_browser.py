"""In a real browser, on a phone: the impact page follows the chosen period, and staff see the
dashboard's charts drawn by the locally served plotly."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from helix.network.models import Agreement
from tests.factories import AgreementFactory, EventFactory, OrganisationFactory, UserFactory
from tests.factories.network import commune

from .browser import impact_figures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_period_changes_the_figures_and_the_dashboard_draws_charts(page, live_server):
    today = timezone.localdate()
    home = OrganisationFactory(name="Municipalidad de Quillota", kind="municipality")
    abroad = OrganisationFactory(name="Ciudad de Rosario", country="AR", commune=None, region=None)
    AgreementFactory(parties=[home, abroad], status=Agreement.Status.ACTIVE, start_date=today - dt.timedelta(days=3))
    EventFactory(commune=commune(5101), starts_at=timezone.now() - dt.timedelta(hours=1))  # on the map this year
    page.set_viewport_size({"width": 390, "height": 844})

    figures = impact_figures(page, live_server)
    assert figures["international_entities_under_agreement"] == 1
    # The coverage map is part of the page: drawn locally, with this period's activity.
    page.wait_for_selector("#impact-coverage .choroplethlayer path")
    expect(page.locator("#impact-coverage #total-activities")).to_have_text("1")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # A period that ended before the agreement started: nobody is under it.
    page.fill("#p-from", f"{today.year - 1}-01-01")
    page.fill("#p-to", f"{today.year - 1}-12-31")
    page.get_by_role("button", name="Ver período").click()
    page.wait_for_url(f"**from={today.year - 1}-01-01**")
    assert page.inner_text("#figures [data-key=international_entities_under_agreement] strong") == "0"
    assert f"{today.year - 1}" in page.inner_text("#period-text")
    expect(page.locator("#impact-coverage #total-activities")).to_have_text("0")  # the map follows the period

    staff = UserFactory(is_staff=True, email="equipo@helix.cl")
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/?next=/impact/dashboard/")
    page.fill("input[name=username]", staff.email)
    page.fill("input[name=password]", "correct-horse-battery")
    page.locator("form button").last.click()
    page.wait_for_selector("#comparison-chart .main-svg")
    page.wait_for_selector("#funnel-chart .main-svg")
    row = page.locator("#dashboard-figures [data-key=international_entities_under_agreement]")
    assert row.locator(".value").inner_text() == "1"
