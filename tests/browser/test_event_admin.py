"""In a real browser: staff create an event from Helix's pages — bad dates first, then good ones."""

import pytest

from helix.events.models import Event

pytestmark = pytest.mark.browser


def test_staff_create_event_bad_dates_then_good(page, live_server, staff_user):
    page.goto(f"{live_server.url}/accounts/login/?next=/events/")
    page.fill("input[name=username]", staff_user.email)
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("form.card button[type=submit]")
    page.click("#new-event")
    page.wait_for_selector("#event-form")

    page.fill("#id_title", "Feria de Innovación Municipal")
    page.select_option("#id_kind", "fair")
    page.fill("#id_starts_at", "2027-04-15T10:00")
    page.fill("#id_ends_at", "2027-04-14T18:00")
    page.click("#event-form button[type=submit]")

    # The message sits in the end field's own row, in Spanish; nothing was saved.
    error = page.wait_for_selector("#row-ends_at #error-ends_at")
    assert error.inner_text() == "El término debe ser posterior al inicio."
    assert "event_ends_after_start" not in page.content()
    assert not Event.objects.exists()

    page.fill("#id_ends_at", "2027-04-15T18:00")
    page.click("#event-form button[type=submit]")
    page.wait_for_selector("#sessions")
    event = Event.objects.get()
    assert event.title == "Feria de Innovación Municipal" and event.kind == "fair"
    assert page.url.endswith(f"/events/{event.slug}/edit/")
