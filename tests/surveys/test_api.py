"""The surveys API: questionnaires, campaigns (staff) and aggregated results with the threshold."""

import pytest
from django.test import Client

from helix.network.models.organisations import OrganisationKind
from helix.surveys.domain import campaigns
from tests.factories import OrganisationFactory
from tests.factories.network import commune
from tests.factories.surveys import every_type_questionnaire, full_answers, open_campaign

pytestmark = pytest.mark.django_db
CUTS = [5101, 5109, 5103, 13101, 13114, 13120]


@pytest.fixture
def campaign(staff_user):
    q, qs = every_type_questionnaire(staff_user)
    orgs = [OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, commune=commune(cut)) for cut in CUTS]
    campaign = open_campaign(staff_user, q, orgs)
    for response in campaign.responses.all():
        campaigns.save_answers(token=response.token, raw=full_answers(qs), submit=True)
    return campaign


def test_questionnaires_are_listed_with_their_structure(client):
    listed = client.get("/api/surveys/questionnaires").json()["items"]
    diagnostic = next(q for q in listed if q["family"] == "smart-city-maturity")
    detail = client.get(f"/api/surveys/questionnaires/{diagnostic['id']}").json()
    assert [s["title"] for s in detail["sections"]][:2] == ["Estrategia", "Competencias del gobierno local"]
    first = detail["sections"][0]["questions"][0]
    assert first["kind"] == "maturity" and first["dimension"] == "governance" and len(first["options"]) == 5


def test_campaigns_are_for_staff(campaign, staff_client):
    assert Client().get("/api/surveys/campaigns").status_code == 401
    rows = staff_client.get("/api/surveys/campaigns").json()["items"]
    assert rows == [
        {
            "id": campaign.pk,
            "title": "Diagnóstico 2026",
            "questionnaire_id": campaign.questionnaire_id,
            "deadline": rows[0]["deadline"],
            "status": "open",
            "invited": 6,
            "started": 0,
            "submitted": 6,
            "rate": 1.0,
        }
    ]


def test_results_are_aggregated_and_refused_under_five(campaign):
    anonymous = Client()
    results = anonymous.get(f"/api/surveys/campaigns/{campaign.pk}/results").json()
    assert results["respondents"] == 6
    ranking = next(q for q in results["questions"] if q["code"] == "ranking")
    assert ranking["rows"][0] == {"label": "Verde", "count": 6, "share": 1.0, "average_rank": 1.0}
    assert not any(q["kind"] in ("short_text", "long_text") for q in results["questions"])
    small = anonymous.get(f"/api/surveys/campaigns/{campaign.pk}/results?region=5")
    assert small.status_code == 400 and small.json()["code"] == "too_few"
    assert anonymous.get(f"/api/surveys/campaigns/{campaign.pk}/regions").json()["items"] == []


def test_region_scores_for_staff(campaign, staff_client):
    rows = staff_client.get(f"/api/surveys/campaigns/{campaign.pk}/regions").json()["items"]
    assert [(r["region_code"], r["respondents"]) for r in rows] == [(5, 3), (13, 3)]
    assert rows[0]["dimensions"] == {"governance": 3.0, "people": 4.0}


def test_openapi_schema_lists_the_surveys_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/surveys/questionnaires", "/api/surveys/campaigns/{campaign_id}/results"} <= set(paths)
