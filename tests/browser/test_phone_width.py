"""Phone first: a signed-in staff member (the longest header: every link, the back office, the
language switcher) sees the pages at 390 px without sideways scrolling."""

import pytest

pytestmark = pytest.mark.browser

PAGES = ["/", "/directory/", "/matching/", "/wheels/", "/events/", "/academy/", "/surveys/"]


@pytest.mark.django_db(transaction=True)
def test_staff_pages_fit_a_phone(page, live_server, staff_user):
    staff_user.full_name = "Equipo Helix"
    staff_user.save(update_fields=["full_name"])
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", staff_user.email)
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("text=Cerrar sesión")
    for path in PAGES:
        page.goto(f"{live_server.url}{path}")
        assert page.locator("#lang-select").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
