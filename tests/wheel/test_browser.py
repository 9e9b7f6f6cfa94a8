"""The htmx interactions in a real browser: marking a request, and an organiser scheduling and seeing the
verdict appear without a page reload."""

import pytest

from helix.wheel.domain.requests import organiser_add
from helix.wheel.models import MeetingRequest, Side
from tests.factories.wheel import ParticipantFactory, WheelFactory, represented

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", "correct-horse-battery")
    page.locator("form button[type=submit], form button").last.click()
    page.wait_for_load_state()


def test_mark_must_meet_with_htmx(page, live_server):
    wheel = WheelFactory()
    me, user = represented(wheel, Side.BUYER, organisation__commune=None)
    other = ParticipantFactory(
        wheel=wheel, side=Side.SUPPLIER, organisation__commune=None, organisation__name="Proveedora Navegador"
    )
    _login(page, live_server, user)
    page.goto(f"{live_server.url}/wheels/participant/{me.pk}/browse/")
    form = page.locator(f"#mark-{other.pk}")
    page.evaluate("window.__marker = 1")
    form.get_by_role("button", name="Debo reunirme").click()
    page.wait_for_selector(f'#mark-{other.pk} button[aria-pressed="true"]')
    assert page.evaluate("window.__marker") == 1  # swapped in place, no page load
    assert MeetingRequest.objects.get(from_participant=me, to_participant=other).priority == "must"


def test_schedule_now_shows_the_verdict(page, live_server):
    from tests.factories import UserFactory

    staff = UserFactory(is_staff=True)
    wheel = WheelFactory(slot_count=2, tables=2)
    b = ParticipantFactory(wheel=wheel, side=Side.BUYER, organisation__commune=None)
    s = ParticipantFactory(wheel=wheel, side=Side.SUPPLIER, organisation__commune=None)
    organiser_add(user=staff, wheel=wheel, a=b, b=s)
    _login(page, live_server, staff)
    page.goto(f"{live_server.url}/wheels/{wheel.pk}/manage/")
    page.evaluate("window.__marker = 1")  # survives only if the page is not reloaded
    page.fill("input[name=time_limit]", "2")
    page.get_by_role("button", name="Agendar ahora").click()
    page.wait_for_selector("#run >> text=1 de 1 reuniones solicitadas agendadas (óptimo)")
    assert page.evaluate("window.__marker") == 1
    assert wheel.meetings.count() == 1
