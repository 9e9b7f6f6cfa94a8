"""The pages: the respondent's personal link (save, resume, errors keep what was typed) and the
staff builder (sections, questions of every type, publishing)."""

import pytest

from helix.network.models.organisations import OrganisationKind
from helix.surveys.domain import campaigns as campaign_domain
from helix.surveys.models import Question, Questionnaire, Response
from helix.territory.models import Region
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.network import commune
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
    assert "Guardado. Puedes volver con el mismo enlace y continuar." in saved.text
    again = client.get(url)
    assert 'value="Jefa de innovación"' in again.text and 'value="alcalde" checked' in again.text
    done = client.post(url, _post(qs, submit="1"), follow=True)
    assert "¡Gracias! Tus respuestas fueron enviadas." in done.text
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
    assert "2 respuestas requieren tu atención." in page.text
    assert "El puesto 1 está repetido: asigna un puesto distinto a cada opción." in page.text
    assert "Ingresa un número entre 0 y 500." in page.text
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
    doomed = Question.objects.get(section=section, kind="long_text")
    staff_client.post(f"/surveys/sections/{section.pk}/questions/{doomed.pk}/delete/")
    assert not Question.objects.filter(pk=doomed.pk).exists()
    staff_client.post(f"/surveys/questionnaires/{q.pk}/publish/")
    q.refresh_from_db()
    assert q.status == "published"
    frozen = staff_client.get(f"/surveys/questionnaires/{q.pk}/")
    assert "Esta versión está publicada y congelada." in frozen.text
    kept = Question.objects.filter(section=section).first()
    refused = staff_client.post(f"/surveys/sections/{section.pk}/questions/{kept.pk}/delete/", follow=True)
    assert "Esta versión está publicada y congelada." in refused.text
    assert Question.objects.filter(pk=kept.pk).exists()


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
    campaign, _qs = campaign
    response = campaign.responses.first()
    rep = MembershipFactory(organisation=response.organisation, person__user=UserFactory())
    client.force_login(rep.person.user)
    page = client.get("/surveys/mine/")
    assert "Mis diagnósticos" in page.text and response.get_absolute_url() in page.text
    other = campaign.responses.exclude(pk=response.pk).first()
    assert other.get_absolute_url() not in page.text


def test_staff_send_a_campaign_to_all_municipalities_of_two_regions(staff_client, staff_user):
    q, _qs = every_type_questionnaire(staff_user)
    valpo = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, commune=commune(5101))
    santiago = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, commune=commune(13101))
    OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, commune=commune(8101))
    OrganisationFactory(kind=OrganisationKind.SME, commune=commune(5101))
    regions = [str(r.pk) for r in Region.objects.filter(code__in=[5, 13])]
    page = staff_client.post(
        "/surveys/campaigns/new/",
        {
            "questionnaire": q.pk,
            "title": "Diagnóstico centro",
            "deadline": "2099-01-31T18:00",
            "regions": regions,
            "kinds": ["municipality"],
        },
        follow=True,
    )
    assert "Campaña creada: cada organización tiene su enlace personal." in page.text
    campaign = q.campaigns.get()
    assert set(campaign.responses.values_list("organisation", flat=True)) == {valpo.pk, santiago.pk}
    bad = staff_client.post(
        "/surveys/campaigns/new/",
        {"questionnaire": q.pk, "title": "Pasado", "deadline": "2001-01-01T10:00", "kinds": ["municipality"]},
    )
    assert "El plazo debe ser una fecha futura." in bad.text


def test_closed_campaign_page_explains_and_keeps_what_was_typed(client, campaign, staff_user):
    campaign, qs = campaign
    response = campaign.responses.first()
    campaign_domain.close_campaign(actor=staff_user, campaign=campaign)
    page = client.get(f"/surveys/r/{response.token}/")
    assert "Esta campaña está cerrada y ya no recibe respuestas." in page.text and "submit-button" not in page.text
    posted = client.post(f"/surveys/r/{response.token}/", _post(qs, submit="1"))
    assert posted.status_code == 400 and 'value="Jefa de innovación"' in posted.text
    assert not response.answers.exists()


def test_a_conditional_question_typed_into_view_keeps_its_error_visible(client, campaign):
    campaign, qs = campaign
    url = f"/surveys/r/{campaign.responses.first().token}/"
    data = _post(qs, submit="1", **{f"q-{qs['yes_no'].pk}": "yes", f"q-{qs['conditional'].pk}": "mucho"})
    page = client.post(url, data)
    assert page.status_code == 400 and "Ingresa un número." in page.text
    block = page.text.split(f'id="question-{qs["conditional"].pk}"')[1].split(">")[0]
    assert "hidden" not in block
