"""The pages: the respondent's personal link (save, resume, errors keep what was typed) and the
staff builder (sections, questions of every type, publishing)."""

import pytest

from helix.network.models.organisations import OrganisationKind
from helix.surveys.models import Question, Questionnaire, Response
from tests.factories import OrganisationFactory
from tests.factories.surveys import every_type_questionnaire, open_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(staff_user):
    q, qs = every_type_questionnaire(staff_user)
    orgs = [OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, name=f"Municipalidad {i}") for i in range(2)]
    return open_campaign(staff_user, q, orgs), qs


def _post(qs, **overrides):
    data = {
        f"q-{qs['single'].pk}": "unidad",
        f"q-{qs['multiple'].pk}": ["a"],
        f"q-{qs['ranking'].pk}-verde": "1",
        f"q-{qs['ranking'].pk}-segura": "2",
        f"q-{qs['ranking'].pk}-inclusiva": "3",
        f"q-{qs['maturity'].pk}": "2",
        f"q-{qs['likert'].pk}": "4",
        f"q-{qs['yes_no'].pk}": "no",
        f"q-{qs['number'].pk}": "12",
        f"q-{qs['short_text'].pk}": "Jefa de innovación",
    }
    data.update(overrides)
    return data


def test_respondent_saves_resumes_and_submits_without_an_account(client, campaign):
    campaign, qs = campaign
    response = campaign.responses.first()
    url = f"/surveys/r/{response.token}/"
    page = client.get(url)
    assert page.status_code == 200 and "Guardar y seguir después" in page.text
    partial = {f"q-{qs['single'].pk}": "alcalde", f"q-{qs['short_text'].pk}": "Jefa de innovación", "save": "1"}
    saved = client.post(url, partial, follow=True)
    assert "Guardado. Puede volver con el mismo enlace y continuar." in saved.text
    again = client.get(url)
    assert 'value="Jefa de innovación"' in again.text and 'value="alcalde" checked' in again.text
    done = client.post(url, _post(qs, submit="1"), follow=True)
    assert "¡Gracias! Sus respuestas fueron enviadas." in done.text
    assert Response.objects.get(pk=response.pk).status == "submitted"
    # A second submission is refused, and what was typed is shown back.
    twice = client.post(url, _post(qs, submit="1", **{f"q-{qs['short_text'].pk}": "Otro cargo"}))
    assert twice.status_code == 400
    assert "Esta respuesta ya fue enviada. ¡Gracias!" in twice.text and 'value="Otro cargo"' in twice.text


def test_failed_submit_keeps_everything_typed(client, campaign):
    campaign, qs = campaign
    url = f"/surveys/r/{campaign.responses.first().token}/"
    data = _post(qs, submit="1", **{f"q-{qs['ranking'].pk}-segura": "1", f"q-{qs['number'].pk}": "9999"})
    page = client.post(url, data)
    assert page.status_code == 400
    assert "2 respuestas requieren su atención." in page.text
    assert "El puesto 1 está repetido: asigne un puesto distinto a cada opción." in page.text
    assert "Ingrese un número entre 0 y 500." in page.text
    assert 'value="9999"' in page.text and 'value="Jefa de innovación"' in page.text
    assert not campaign.responses.first().answers.exists()


def test_tampered_link_shows_a_message(client, campaign):
    campaign, _qs = campaign
    token = campaign.responses.first().token
    page = client.get(f"/surveys/r/{token[:-2]}zz/")
    assert page.status_code == 404
    assert "Este enlace no es válido." in page.text


def test_a_link_shows_only_its_own_response(client, campaign):
    campaign, qs = campaign
    first, second = campaign.responses.order_by("pk")
    client.post(f"/surveys/r/{first.token}/", {f"q-{qs['short_text'].pk}": "Secreto de la primera", "save": "1"})
    page = client.get(f"/surveys/r/{second.token}/")
    assert "Secreto de la primera" not in page.text and second.organisation.name in page.text
    assert first.organisation.name not in page.text


def test_staff_build_a_questionnaire_in_the_pages(staff_client):
    page = staff_client.post("/surveys/questionnaires/new/", {"title": "Encuesta de movilidad"}, follow=True)
    q = Questionnaire.objects.get(title="Encuesta de movilidad")
    assert page.status_code == 200 and q.status == "draft"
    staff_client.post(f"/surveys/questionnaires/{q.pk}/sections/", {"title": "Transporte"})
    section = q.sections.get()
    definitions = {
        "single": {"options": "si|Sí|1\nno|No|0"},
        "multiple": {"options": "a\nb\nc", "max_choices": "2"},
        "ranking": {"options": "a\nb\nc\nd", "max_choices": "3"},
        "maturity": {"options": "Nada\nPoco\nAlgo\nBastante\nTodo"},
        "likert": {},
        "yes_no": {},
        "number": {"unit": "km", "min_value": "0"},
        "short_text": {},
        "long_text": {},
    }
    for kind, extra in definitions.items():
        page = staff_client.post(
            f"/surveys/sections/{section.pk}/questions/new/",
            {"text": f"Pregunta {kind}", "kind": kind, "required": "on", **extra},
        )
        assert page.status_code == 302, page.content
    assert sorted(Question.objects.filter(section=section).values_list("kind", flat=True)) == sorted(definitions)
    bad = staff_client.post(
        f"/surveys/sections/{section.pk}/questions/new/",
        {"text": "Malo", "kind": "ranking", "options": "a\nb", "max_choices": "3"},
    )
    assert "N debe estar entre 1 y el número de opciones." in bad.text
    staff_client.post(f"/surveys/questionnaires/{q.pk}/publish/")
    q.refresh_from_db()
    assert q.status == "published"
    frozen = staff_client.get(f"/surveys/questionnaires/{q.pk}/")
    assert "Esta versión está publicada y congelada." in frozen.text


def test_builder_and_campaign_pages_are_staff_only(client, campaign):
    campaign, _qs = campaign
    assert client.get("/surveys/").status_code == 302
    assert client.get(f"/surveys/campaigns/{campaign.pk}/").status_code == 302


def test_campaign_page_tracks_the_response_rate(staff_client, campaign):
    campaign, qs = campaign
    first = campaign.responses.first()
    staff_client.post(f"/surveys/r/{first.token}/", _post(qs, submit="1"))
    page = staff_client.get(f"/surveys/campaigns/{campaign.pk}/")
    assert '<strong id="response-rate">50 %</strong>' in page.text


def test_representatives_find_their_diagnostics(client, campaign):
    from tests.factories import MembershipFactory, UserFactory

    campaign, _qs = campaign
    response = campaign.responses.first()
    rep = MembershipFactory(organisation=response.organisation, person__user=UserFactory())
    client.force_login(rep.person.user)
    page = client.get("/surveys/mine/")
    assert "Mis diagnósticos" in page.text and response.get_absolute_url() in page.text
    other = campaign.responses.exclude(pk=response.pk).first()
    assert other.get_absolute_url() not in page.text
