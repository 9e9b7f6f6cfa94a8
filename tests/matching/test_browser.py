"""The pipeline board in a real browser: htmx moves a card without a page reload."""

import pytest

from helix.matching.domain.matching import recompute_challenge
from helix.matching.models import PipelineEntry
from tests.factories.matching import ChallengeFactory, SolutionFactory

from .conftest import representative_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_moves_a_card_on_the_board(page, live_server, staff_user, municipality, provider):
    staff_user.set_password("correct-horse-battery")
    staff_user.save(update_fields=["password"])
    solution = SolutionFactory(
        provider=provider, title="Sensores de llenado", description="Sensores basura contenedores"
    )
    challenge = ChallengeFactory(organisation=municipality, description="Basura en los contenedores")
    recompute_challenge(challenge_id=challenge.pk)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", staff_user.email)
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("form:has(input[name=password]) button")
    page.goto(f"{live_server.url}/matching/challenges/{challenge.pk}/board/")
    page.evaluate("window.__marker = 1")  # survives only if the page is not reloaded
    card = page.locator("section[aria-labelledby=col-suggested] article", has_text="Sensores de llenado")
    card.locator("select[name=to_stage]").select_option("shortlisted")
    card.locator("input[name=note]").fill("Llamar el lunes")
    card.get_by_role("button", name="Mover").click()
    moved = page.locator("section[aria-labelledby=col-shortlisted] article", has_text="Sensores de llenado")
    moved.wait_for()
    assert page.evaluate("window.__marker") == 1
    assert PipelineEntry.objects.get(challenge=challenge, solution=solution).stage == "shortlisted"
    moved.locator("summary").click()
    assert "Llamar el lunes" in moved.inner_text()


def test_provider_moves_its_pair_from_the_solution_page(page, live_server, municipality, provider):
    rep = representative_of(provider, email="proveedor@reciclatech.cl")
    rep.set_password("correct-horse-battery")
    rep.save(update_fields=["password"])
    solution = SolutionFactory(
        provider=provider, title="Sensores de llenado", description="Sensores basura contenedores"
    )
    challenge = ChallengeFactory(organisation=municipality, description="Basura en los contenedores")
    recompute_challenge(challenge_id=challenge.pk)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", rep.email)
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("form:has(input[name=password]) button")
    page.goto(f"{live_server.url}{solution.get_absolute_url()}")
    page.evaluate("window.__marker = 1")
    page.locator("button[data-stage=shortlisted]").click()
    page.locator("button[data-stage=contacted]").wait_for()  # the row was swapped in place
    assert page.evaluate("window.__marker") == 1
    assert PipelineEntry.objects.get(challenge=challenge, solution=solution).stage == "shortlisted"
    assert page.locator("button[data-stage=suggested]").count() == 0  # providers do not reopen/step back to it
