"""Responses in the personal-data download and deletion."""

import pytest

from helix.core.personal_data import collect_personal_data, erase_personal_data
from helix.surveys.domain import campaigns
from helix.surveys.models import Answer, Response
from tests.factories import OrganisationFactory, UserFactory
from tests.factories.surveys import every_type_questionnaire, full_answers, open_campaign

pytestmark = pytest.mark.django_db


def test_download_and_deletion_cover_responses(staff_user):
    q, qs = every_type_questionnaire(staff_user)
    campaign = open_campaign(staff_user, q, [OrganisationFactory(name="Municipalidad de Quilpué")])
    user = UserFactory(email="camila.soto@quilpue.cl")
    token = campaign.responses.get().token
    raw = full_answers(qs) | {qs["long_text"].pk: "Coordinado por camila.soto@quilpue.cl con vecinos."}
    campaigns.save_answers(
        token=token, raw=raw, submit=True, contact_name="Camila Soto", contact_email="camila.soto@quilpue.cl"
    )

    data = collect_personal_data(user=user)["survey_responses"]
    assert data[0]["organisation"] == "Municipalidad de Quilpué" and data[0]["contact_name"] == "Camila Soto"
    assert {"question": "Ordene 3", "answer": "1. Verde; 2. Segura; 3. Inclusiva"} in data[0]["answers"]

    erase_personal_data(user=user)
    response = Response.objects.get()
    assert (response.contact_name, response.contact_email, response.status) == ("—", "", "submitted")
    assert Answer.objects.get(response=response, question=qs["long_text"]).value == "Coordinado por — con vecinos."
    assert response.scores["overall"] is not None  # the organisation's figures stay
