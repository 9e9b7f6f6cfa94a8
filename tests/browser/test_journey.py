"""The whole journey in a browser, as three people: the municipal representative publishes a challenge
and invites the matched provider to a business wheel; the provider's representative sees the match
and accepts; staff schedule and publish the wheel; both sides record the outcome "convenio" and
confirm the agreement. No staff action is needed besides scheduling."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from helix.matching.domain.records import save_solution
from helix.matching.models import Solution
from helix.network.domain import add_membership, create_organisation, create_person
from helix.territory.models import Commune
from helix.wheel.models import Wheel
from tests.factories import UserFactory
from tests.factories.wheel import WheelFactory
from tests.impact.browser import impact_figures

PASSWORD = "correct-horse-battery"  # UserFactory's password


def _login(page, live_server, user):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form button").last.click()
    page.wait_for_load_state()


def _representative(organisation, email, first_name):
    user = UserFactory(email=email)
    person = create_person(first_name=first_name, last_name="Rojas", email=email, user=user, public_profile=True)
    add_membership(person=person, organisation=organisation, role="representative", position="Encargada")
    return user


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_from_challenge_to_confirmed_agreement(page, live_server):
    valpo = Commune.objects.get(cut=5101)
    staff = UserFactory(is_staff=True, is_superuser=True, email="staff@helix.cl")
    town = create_organisation(name="Municipalidad de Valparaíso", kind="municipality", commune=valpo, actor=staff)
    firm = create_organisation(name="Aguas del Puerto SpA", kind="sme", commune=valpo, actor=staff)
    town_user = _representative(town, "innovacion@valparaiso.cl", "Camila")
    firm_user = _representative(firm, "ventas@aguasdelpuerto.cl", "Diego")
    save_solution(
        actor=firm_user,
        provider=firm,
        title="Monitoreo de agua potable rural",
        description="Sensores de caudal y cloro para comités de agua potable rural (APR); alertas de fugas.",
        status=Solution.Status.PUBLISHED,
        all_chile=True,
    )
    wheel = WheelFactory(
        name="Rueda de Negocios Agua",
        date=timezone.localdate() + dt.timedelta(days=14),
        status=Wheel.Status.OPEN,
        mode=Wheel.Mode.CONFIRM,
        slot_count=2,
        tables=2,
    )

    impact_before = impact_figures(page, live_server)  # impact figures (issue 9): each moves by one at the end

    # 1. The municipal representative publishes a challenge, sees the match and invites the provider.
    _login(page, live_server, town_user)
    page.goto(f"{live_server.url}/matching/challenges/new/")
    page.select_option("select[name=organisation]", str(town.pk))
    page.fill("input[name=title]", "Agua potable rural en verano")
    page.fill(
        "textarea[name=description]",
        "Los comités de agua potable rural (APR) no dan abasto en verano: fugas, poco caudal y cloro sin control.",
    )
    page.select_option("select[name=status]", "open")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_url(re.compile(r"/matching/challenges/\d+/$"))
    challenge_url = page.url
    row = page.locator("tr", has_text="Monitoreo de agua potable rural")
    row.wait_for()
    row.locator("select[name=wheel]").select_option(str(wheel.pk))
    row.get_by_role("button", name="Invitar", exact=True).click()
    page.wait_for_selector("text=Aguas del Puerto SpA quedó invitada a Rueda de Negocios Agua.")

    # 2. The provider's representative sees the challenge matched and accepts the invitation.
    _login(page, live_server, firm_user)
    page.goto(f"{live_server.url}/matching/solutions/")
    page.get_by_role("link", name="Monitoreo de agua potable rural").first.click()
    page.wait_for_selector("text=Agua potable rural en verano")
    page.goto(f"{live_server.url}/wheels/{wheel.pk}/")
    page.wait_for_selector("text=Tienes una invitación")
    page.get_by_role("button", name="Aceptar la invitación").click()
    page.wait_for_selector("text=Aguas del Puerto SpA quedó inscrita; la solicitud de reunión está en tus solicitudes.")
    assert "Municipalidad de Valparaíso" in page.inner_text("main")

    # 3. Staff schedule and publish the wheel (their only action).
    _login(page, live_server, staff)
    page.goto(f"{live_server.url}/wheels/{wheel.pk}/manage/")
    page.fill("input[name=time_limit]", "2")
    page.get_by_role("button", name="Agendar ahora").click()
    page.wait_for_selector("#run >> text=1 de 1 reuniones solicitadas agendadas (óptimo)")
    page.goto(f"{live_server.url}/wheels/{wheel.pk}/manage/")
    page.get_by_role("button", name="Publicar agendas").click()
    page.wait_for_load_state()

    # 4. Both record the outcome "convenio" and confirm the agreement.
    for user, org in ((town_user, town), (firm_user, firm)):
        _login(page, live_server, user)
        participant = wheel.participants.get(organisation=org)
        page.goto(f"{live_server.url}/wheels/participant/{participant.pk}/")
        page.get_by_role("link", name="Registrar resultado").click()
        page.select_option("select[name=outcome]", "agreement")
        page.get_by_role("button", name="Guardar").click()
        page.wait_for_selector("text=Resultado registrado. ¡Gracias!")
        page.goto(f"{live_server.url}{org.get_absolute_url()}")
        page.get_by_role("link", name="Convenio: Agua potable rural en verano").click()
        page.get_by_role("button", name="Confirmar el convenio").click()
        page.wait_for_selector("#agreement-status")

    assert page.inner_text("#agreement-status") == "Vigente"
    # 5. The agreement is on both organisation pages and on the challenge, now "Piloto / convenio".
    for org in (town, firm):
        page.goto(f"{live_server.url}{org.get_absolute_url()}")
        assert "Convenio: Agua potable rural en verano" in page.inner_text("#agreements")
    page.goto(challenge_url)
    assert "Convenio: Agua potable rural en verano" in page.inner_text("#agreements")
    assert "Piloto / convenio" in page.inner_text("main")

    # 6. Impact figures (issue 9): one more municipality with a new solution, one more company linked.
    impact_after = impact_figures(page, live_server)
    for key in ("municipalities_with_new_solutions", "companies_linked_to_public_sector"):
        assert impact_after[key] == impact_before[key] + 1, key
