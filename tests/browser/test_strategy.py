"""In a real browser, offline: the coverage map draws from the locally served shapes and plotly, the
period changes and the figures and map follow; staff move an expansion weight and the ranking changes."""

import datetime as dt
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories.events import EventFactory
from tests.factories.matching import ChallengeFactory
from tests.factories.network import commune

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"  # UserFactory's password


def at(year, month, day):
    return timezone.make_aware(dt.datetime(year, month, day, 10))


@pytest.fixture
def activity():
    EventFactory(commune=commune(5101), starts_at=at(2025, 5, 5))
    EventFactory(commune=commune(8101), starts_at=at(2026, 3, 3))
    EventFactory(commune=commune(8101), starts_at=at(2026, 4, 4))
    for _ in range(4):
        ChallengeFactory(commune=commune(16101))


def _offline(page, live_server) -> list[str]:
    """Abort and record every request to another host."""
    host = urlparse(live_server.url).netloc
    outside = []

    def handle(route):
        if urlparse(route.request.url).netloc != host:
            outside.append(route.request.url)
            return route.abort()
        return route.continue_()

    page.route("**/*", handle)
    return outside


def test_coverage_period_change_then_expansion_weight(page, live_server, staff_user, activity):
    outside = _offline(page, live_server)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/impact/coverage/?from=2026-01-01&to=2026-12-31")
    page.wait_for_selector("#coverage-map .choroplethlayer path")
    assert page.locator("#coverage-map .choroplethlayer path").count() == 16
    assert page.inner_text("#total-activities") == "2"
    assert " ".join(page.inner_text("#coverage-totals").split()).startswith("2 actividades · 4 actores")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # A wider period: the totals and the map are redrawn for it.
    page.evaluate("document.querySelector('#coverage-map .choroplethlayer').setAttribute('data-old', '1')")
    page.fill("input[name=from]", "2025-01-01")
    page.locator("input[name=from]").dispatch_event("change")
    # (Playwright's expect, not wait_for_function: that evaluates a string, which the CSP refuses.)
    expect(page.locator("#total-activities")).to_have_text("3")
    page.wait_for_selector("#coverage-map .choroplethlayer:not([data-old]) path")
    assert "from=2025-01-01" in page.url

    # Communes: the second shapes file, still local.
    page.select_option("select[name=level]", "commune")
    page.wait_for_selector("#coverage-map .choroplethlayer path >> nth=300")

    # Staff: moving the cost weight to the top brings the regions with activity first.
    page.goto(
        f"{live_server.url}/accounts/login/?next=/impact/expansion/%3Ffrom%3D2026-01-01%26to%3D2026-12-31%26w_cost%3D0"
    )
    page.fill("input[name=username]", staff_user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form button").last.click()
    page.wait_for_selector("#expansion-ranking")
    first = page.inner_text("#expansion-ranking tbody tr:first-child td.place")
    assert first == "Metropolitana de Santiago"  # need and opportunity only: the most populous region
    page.fill("input[name=w_need]", "0")
    page.fill("input[name=w_cost]", "10")
    expect(page.locator("#expansion-ranking tbody tr:first-child td.place")).to_have_text("Biobío")
    assert "Costo de presencia: 10" in page.inner_text("#expansion-weights")
    assert outside == []
