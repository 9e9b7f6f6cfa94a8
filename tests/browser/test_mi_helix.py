"""In a real browser: signing in lands on Mi Helix, and its links lead to where one acts."""

import datetime as dt

import pytest
from django.utils import timezone

from helix.network.models import Membership
from helix.notifications.domain import notify_organisation
from helix.notifications.models import Kind
from helix.wheel.models import Side

pytestmark = pytest.mark.browser


def _sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("h1:has-text('Mi Helix')")


def test_representative_with_pending_requests_answers_from_mi_helix(page, live_server):
    from tests.factories import OrganisationFactory
    from tests.factories.wheel import MeetingRequestFactory, ParticipantFactory, WheelFactory, represented

    wheel = WheelFactory(date=timezone.localdate() + dt.timedelta(days=9), name="Rueda Agua y Energía")
    own, user = represented(wheel, side=Side.SUPPLIER)
    asker = ParticipantFactory(wheel=wheel, organisation=OrganisationFactory(name="Municipalidad de Quilpué"))
    MeetingRequestFactory(wheel=wheel, from_participant=asker, to_participant=own)
    notify_organisation(
        own.organisation_id,
        Kind.MEETING_REQUEST,
        None,
        message="wheel_request",
        url=f"/wheels/participant/{own.pk}/requests/",
        params={"organisation": "Municipalidad de Quilpué", "wheel": wheel.name},
    )

    _sign_in(page, live_server, user.email)
    assert page.url.endswith("/mi-helix/")
    # The header's bell loads its unread count with htmx (no inline script).
    page.wait_for_selector(".bell .bell-count")
    assert page.inner_text(".bell .bell-count") == "1"
    requests = page.locator("#requests")
    assert "Municipalidad de Quilpué quiere reunirse contigo en Rueda Agua y Energía" in requests.inner_text()
    requests.get_by_role("link", name="Responder").click()
    page.wait_for_url(f"**/wheels/participant/{own.pk}/requests/")
    assert "Municipalidad de Quilpué" in page.inner_text("main")


def test_staff_with_a_pending_approval_reviews_it_from_mi_helix(page, live_server, staff_user):
    from tests.factories import OrganisationFactory
    from tests.factories.network import MembershipFactory, PersonFactory

    MembershipFactory(
        person=PersonFactory(first_name="Javiera", last_name="Muñoz"),
        organisation=OrganisationFactory(name="Municipalidad de Coquimbo"),
        status=Membership.Status.PENDING,
    )
    _sign_in(page, live_server, staff_user.email)
    queue = page.locator("#staff-queue")
    assert "1 solicitud de representación" in queue.inner_text()
    assert "Javiera Muñoz → Municipalidad de Coquimbo" in queue.inner_text()
    queue.get_by_role("link", name="Revisar solicitudes").click()
    page.wait_for_url("**/accounts/requests/")
    assert "Javiera Muñoz" in page.inner_text("main")
