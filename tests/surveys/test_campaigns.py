"""Campaigns: personal links, save and resume, deadline, closed campaign, double submission,
tampered tokens, token isolation, reminders in the background and the response rate."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from helix.core.errors import HelixError
from helix.network.models.organisations import OrganisationKind
from helix.surveys.domain import campaigns
from helix.surveys.models import Answer, Response
from tests.factories import OrganisationFactory
from tests.factories.network import commune
from tests.factories.surveys import every_type_questionnaire, full_answers, open_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(staff_user):
    q, qs = every_type_questionnaire(staff_user)
    orgs = [
        OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, name=f"Municipalidad {i}", email=f"muni{i}@example.cl")
        for i in range(3)
    ]
    campaign = open_campaign(staff_user, q, orgs)
    responses = {r.organisation.name: r for r in campaign.responses.select_related("organisation")}
    return campaign, qs, [responses[o.name] for o in orgs]


def test_recipients_are_all_municipalities_of_the_chosen_regions(db):
    valpo = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, commune=commune(5101))
    santiago = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, commune=commune(13101))
    OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, commune=commune(8101))  # Biobío: not chosen
    OrganisationFactory(kind=OrganisationKind.SME, commune=commune(5101))  # not a municipality
    chosen = campaigns.recipients(regions=[5, 13], kinds=[OrganisationKind.MUNICIPALITY])
    assert set(chosen) == {valpo, santiago}


def test_each_response_gets_an_unguessable_distinct_token(setup):
    campaign, _qs, responses = setup
    tokens = [r.token for r in responses]
    assert len(set(tokens)) == 3 and all(len(t) >= 43 for t in tokens)


def test_save_and_resume(setup):
    _campaign, qs, (first, *_rest) = setup
    raw = {qs["single"].pk: "alcalde", qs["ranking"].pk: {"segura": "1", "verde": "2", "conectada": "3"}}
    response = campaigns.save_answers(token=first.token, raw=raw, submit=False)
    assert response.status == Response.Status.IN_PROGRESS
    # Coming back later: the answers are there, and adding the rest submits.
    assert campaigns.stored_values(response) == {
        qs["single"].pk: "alcalde",
        qs["ranking"].pk: ["segura", "verde", "conectada"],
    }
    response = campaigns.save_answers(token=first.token, raw=full_answers(qs), submit=True)
    assert response.status == Response.Status.SUBMITTED and response.submitted_at is not None
    # single "unidad" 0.5, maturity 3 (0.75), yes 1 → governance 4 × 0.75 = 3.0; people: multiple 1.0, likert 1 → 4.0
    assert response.scores["dimensions"] == {"governance": 3.0, "people": 4.0}
    assert response.scores["overall"] == 3.5 and response.scores["level"] == 3


def test_token_isolation(setup):
    _campaign, qs, (first, second, _third) = setup
    campaigns.save_answers(token=first.token, raw={qs["single"].pk: "alcalde"}, submit=False)
    campaigns.save_answers(token=second.token, raw={qs["single"].pk: "nadie"}, submit=False)
    assert campaigns.response_for_token(first.token).pk == first.pk
    assert campaigns.stored_values(campaigns.response_for_token(second.token)) == {qs["single"].pk: "nadie"}
    assert Answer.objects.get(response=first).value == "alcalde"


def test_tampered_token_is_refused_with_a_message(setup):
    _campaign, qs, (first, *_rest) = setup
    for bad in (first.token[:-1] + ("A" if first.token[-1] != "A" else "B"), first.token[:10], "x" * 200, ""):
        with pytest.raises(HelixError) as exc:
            campaigns.save_answers(token=bad, raw={qs["single"].pk: "alcalde"}, submit=False)
        assert exc.value.code == "bad_token"
        assert str(exc.value) == (
            "Este enlace no es válido. Revisa que lo hayas copiado completo o pide uno nuevo al equipo organizador."
        )
    assert not Answer.objects.exists()


def test_deadline_closed_and_double_submission(setup, staff_user):
    campaign, qs, (first, second, third) = setup
    campaigns.save_answers(token=first.token, raw=full_answers(qs), submit=True)
    with pytest.raises(HelixError) as exc:
        campaigns.save_answers(token=first.token, raw=full_answers(qs), submit=True)
    assert exc.value.code == "submitted" and str(exc.value) == "Esta respuesta ya fue enviada. ¡Gracias!"

    later = campaign.deadline + dt.timedelta(minutes=1)
    with pytest.raises(HelixError) as exc:
        campaigns.save_answers(token=second.token, raw=full_answers(qs), submit=True, now=later)
    assert exc.value.code == "expired" and str(exc.value).startswith("El plazo de esta campaña venció")

    campaigns.close_campaign(actor=staff_user, campaign=campaign)
    with pytest.raises(HelixError) as exc:
        campaigns.save_answers(token=third.token, raw=full_answers(qs), submit=False)
    assert exc.value.code == "closed" and str(exc.value) == "Esta campaña está cerrada y ya no recibe respuestas."
    assert not Answer.objects.filter(response__in=[second, third]).exists()


def test_invalid_submission_writes_nothing(setup):
    _campaign, qs, (first, *_rest) = setup
    campaigns.save_answers(token=first.token, raw={qs["single"].pk: "alcalde"}, submit=False)
    raw = full_answers(qs) | {qs["number"].pk: "9999"}
    with pytest.raises(HelixError) as exc:
        campaigns.save_answers(token=first.token, raw=raw, submit=True)
    assert str(exc.value.field_errors[qs["number"].pk]) == "Ingresa un número entre 0 y 500."
    assert campaigns.stored_values(first) == {qs["single"].pk: "alcalde"}


def test_reminders_go_in_the_background_to_unfinished_only(setup, staff_user, django_capture_on_commit_callbacks):
    campaign, qs, (first, second, third) = setup
    campaigns.save_answers(token=first.token, raw=full_answers(qs), submit=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        campaigns.request_reminders(actor=staff_user, campaign=campaign)
    assert sorted(m.to[0] for m in mail.outbox) == ["muni1@example.cl", "muni2@example.cl"]
    assert second.token in next(m.body for m in mail.outbox if m.to == ["muni1@example.cl"])
    assert first.token not in "".join(m.body for m in mail.outbox)
    assert Response.objects.get(pk=second.pk).reminders_sent == 1


def test_each_organisation_gets_its_personal_link_by_email(staff_user, django_capture_on_commit_callbacks):
    q, _qs = every_type_questionnaire(staff_user)
    with_address = OrganisationFactory(name="Municipalidad de Tomé", email="innovacion@tome.cl")
    without = OrganisationFactory(name="Municipalidad sin correo", email="")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        campaign = open_campaign(staff_user, q, [with_address, without], title="Diagnóstico 2026")
    (message,) = mail.outbox
    response = campaign.responses.get(organisation=with_address)
    assert message.to == ["innovacion@tome.cl"]
    assert message.subject == "Cuestionario: Diagnóstico 2026"
    assert message.body.startswith(
        'Hola:\n\nMunicipalidad de Tomé está invitada a responder el cuestionario "Diagnóstico 2026".'
    )
    assert response.get_absolute_url() in message.body


def test_response_rate(setup):
    campaign, qs, (first, second, _third) = setup
    campaigns.save_answers(token=first.token, raw=full_answers(qs), submit=True)
    campaigns.save_answers(token=second.token, raw={}, submit=False)
    assert campaigns.response_rate(campaign) == {"invited": 3, "started": 1, "submitted": 1, "rate": 0.3333}


def test_campaign_needs_a_published_questionnaire_and_a_future_deadline(staff_user):
    q, _qs = every_type_questionnaire(staff_user, publish=False)
    org = OrganisationFactory()
    with pytest.raises(HelixError) as exc:
        campaigns.create_campaign(
            actor=staff_user,
            questionnaire=q,
            title="X",
            organisations=[org],
            deadline=timezone.now() - dt.timedelta(days=1),
        )
    assert {k: str(v) for k, v in exc.value.field_errors.items()} == {
        "questionnaire": "Publica el cuestionario antes de enviarlo.",
        "deadline": "El plazo debe ser una fecha futura.",
    }


def test_rescore_gives_the_scores_of_submission(setup, staff_user):
    campaign, qs, (first, second, _third) = setup
    campaigns.save_answers(token=first.token, raw=full_answers(qs), submit=True)
    scores = Response.objects.get(pk=first.pk).scores
    Response.objects.filter(pk=first.pk).update(scores={})
    assert campaigns.rescore_campaign(actor=staff_user, campaign=campaign) == 1
    assert Response.objects.get(pk=first.pk).scores == scores
