"""In a real browser: a respondent answers through their personal link (a pick-3 ranking included),
saves, leaves, comes back and finishes; staff then see the report with its chart and
recommendations, and turn one recommendation into a challenge."""

import pytest

from helix.matching.models import Challenge
from helix.network.models.organisations import OrganisationKind
from helix.surveys.models import Response
from tests.factories import OrganisationFactory
from tests.factories.surveys import every_type_questionnaire, open_campaign

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _lexical_matcher(settings):
    settings.HELIX_MATCHING_EMBEDDINGS = False


def test_answer_resume_finish_then_report_and_challenge(page, live_server, staff_user):
    q, qs = every_type_questionnaire(staff_user)
    org = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, name="Municipalidad de Valparaíso")
    campaign = open_campaign(staff_user, q, [org, OrganisationFactory(kind=OrganisationKind.MUNICIPALITY)])
    response = campaign.responses.get(organisation=org)
    link = f"{live_server.url}/surveys/r/{response.token}/"

    # 1. On a phone-sized screen, the respondent answers part of it, with a pick-3 ranking, and saves.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(link)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.check(f"input[name=q-{qs['single'].pk}][value=unidad]")
    ranking = qs["ranking"].pk
    page.select_option(f"#q-{ranking}-verde", "1")
    page.select_option(f"#q-{ranking}-segura", "2")
    page.select_option(f"#q-{ranking}-inclusiva", "3")
    page.click("#save-button")
    page.wait_for_selector("text=Guardado. Puedes volver con el mismo enlace y continuar.")

    # 2. They leave, come back later with the same link: the answers are there.
    page.goto(f"{live_server.url}/")
    page.goto(link)
    assert page.input_value(f"#q-{ranking}-verde") == "1"
    assert page.input_value(f"#q-{ranking}-inclusiva") == "3"
    assert page.is_checked(f"input[name=q-{qs['single'].pk}][value=unidad]")

    # 3. They finish: the conditional question appears once "yes" is chosen.
    conditional = f"#question-{qs['conditional'].pk}"
    assert page.is_hidden(conditional)
    page.check(f"input[name=q-{qs['multiple'].pk}][value=a]")
    page.check(f"input[name=q-{qs['maturity'].pk}][value='1']")
    page.check(f"input[name=q-{qs['likert'].pk}][value='4']")
    page.check(f"input[name=q-{qs['yes_no'].pk}][value=yes]")
    page.wait_for_selector(conditional, state="visible")
    page.fill(f"input[name=q-{qs['conditional'].pk}]", "2500000")
    page.fill(f"input[name=q-{qs['number'].pk}]", "18")
    page.click("#submit-button")
    page.wait_for_selector("text=¡Gracias! Tus respuestas fueron enviadas.")
    response.refresh_from_db()
    assert response.status == Response.Status.SUBMITTED
    assert list(response.answers.get(question=qs["ranking"]).value) == ["verde", "segura", "inclusiva"]

    # 4. Staff sign in and open the report: radar chart and recommendations.
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/?next=/surveys/responses/{response.pk}/report/")
    page.fill("input[name=username]", staff_user.email)
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("#radar-chart .main-svg")
    assert page.is_visible("#recommendation-governance")

    # 5. One click turns the weakest dimension into a draft challenge, pre-filled from the answers.
    page.click("#recommendation-governance .turn-into-challenge")
    page.wait_for_url("**/matching/challenges/*/edit/")
    challenge = Challenge.objects.get(organisation=org)
    assert challenge.title == "Mejorar gobernanza inteligente en Municipalidad de Valparaíso"
    assert "¿Quién lidera?: Una unidad" in challenge.description
