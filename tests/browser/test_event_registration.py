"""In a real browser: register for an event, get the ticket by e-mail, check in with it as staff."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from helix.events.models import Attendance, Registration

pytestmark = pytest.mark.browser

TICKET = re.compile(r"HX\d+:[A-Za-z0-9_-]+")


def test_register_receive_ticket_and_check_in(page, live_server, staff_user):
    from tests.factories import EventFactory

    start = timezone.now() + dt.timedelta(hours=2)
    event = EventFactory(
        title="Congreso Ciudades Inteligentes 2026", starts_at=start, ends_at=start + dt.timedelta(hours=8), capacity=50
    )
    mail.outbox.clear()

    # 1. A visitor registers through the public form.
    page.goto(f"{live_server.url}{event.get_absolute_url()}")
    page.fill("#id_name", "Valentina Muñoz")
    page.fill("#id_email", "valentina@example.cl")
    page.fill("#id_organisation_name", "Municipalidad de Santiago")
    page.click("form.card button[type=submit]")
    # Not signed in: the mailbox confirms before any seat or ticket (issue 11 row 4).
    page.wait_for_selector("#registration-requested")
    assert not Registration.objects.exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["valentina@example.cl"]
    confirm = re.search(r"/events/confirm/\S+/", mail.outbox[0].body).group(0)
    page.goto(f"{live_server.url}{confirm}")
    page.click("div.card form button[type=submit]")
    page.wait_for_selector("#ticket-code")
    shown_code = page.inner_text("#ticket-code").strip()

    # 2. The ticket e-mail carries the same ticket code.
    assert len(mail.outbox) == 2 and mail.outbox[1].to == ["valentina@example.cl"]
    code = TICKET.search(mail.outbox[1].body).group(0)
    assert code == shown_code
    registration = Registration.objects.get(email="valentina@example.cl")
    assert registration.status == "confirmed"

    # 3. Staff signs in through the login form and checks the ticket in on the check-in page.
    page.goto(f"{live_server.url}/accounts/login/?next=/events/{event.slug}/checkin/")
    page.fill("input[name=username]", staff_user.email)
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("#code-input")
    page.fill("#code-input", code)
    page.click("#code-form button[type=submit]")
    page.wait_for_selector("#checkin-message.checkin-ok")
    assert "Valentina Muñoz" in page.inner_text("#checkin-message")
    assert Attendance.objects.filter(registration=registration, session=None).count() == 1

    # 4. A tampered code is refused with a message, and records nothing.
    page.fill("#code-input", code[:-2] + "zz")
    page.click("#code-form button[type=submit]")
    page.wait_for_selector("#checkin-message.checkin-error")
    assert Attendance.objects.count() == 1
