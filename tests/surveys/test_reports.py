"""Reports: the per-municipality report against medians, campaign distributions with pick-top-N
frequencies and average ranks, filters, the 5-respondent threshold, permissions, export and PDF."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from helix.core.errors import HelixError
from helix.network.models.organisations import OrganisationKind
from helix.surveys.domain import campaigns, reports
from helix.surveys.domain.exports import response_rows
from helix.surveys.models import Answer
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.network import commune
from tests.factories.surveys import every_type_questionnaire, full_answers, open_campaign

pytestmark = pytest.mark.django_db

# (commune, maturity level, likert, ranking top 3) per municipality; the first three in Valparaíso region.
PLAN = [
    (5101, "4", "5", ["verde", "segura", "inclusiva"]),
    (5109, "2", "3", ["segura", "verde", "conectada"]),
    (5103, "0", "1", ["verde", "conectada", "segura"]),
    (13101, "3", "4", ["segura", "inclusiva", "verde"]),
    (13114, "1", "2", ["inclusiva", "segura", "verde"]),
    (13120, "2", "2", ["verde", "segura", "conectada"]),
]


@pytest.fixture
def campaign(staff_user):
    q, qs = every_type_questionnaire(staff_user)
    orgs = [
        OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, name=f"Municipalidad {cut}", commune=commune(cut))
        for cut, *_rest in PLAN
    ]
    campaign = open_campaign(staff_user, q, orgs)
    by_org = {r.organisation_id: r for r in campaign.responses.all()}
    for org, (_cut, level, likert, ranking) in zip(orgs, PLAN, strict=True):
        raw = full_answers(qs) | {
            qs["maturity"].pk: level,
            qs["likert"].pk: likert,
            qs["ranking"].pk: {code: str(i) for i, code in enumerate(ranking, start=1)},
        }
        campaigns.save_answers(token=by_org[org.pk].token, raw=raw, submit=True)
    return campaign, qs, orgs


def test_municipality_report_against_regional_and_national_medians(campaign, staff_user):
    campaign, qs, orgs = campaign
    response = campaign.responses.get(organisation=orgs[0])
    report = reports.municipality_report(actor=staff_user, response=response)
    dims = {d["code"]: d for d in report["dimensions"]}
    # governance = 4 × mean(single 0.5, maturity level/4, yes 1). Valparaíso: 4 → 4×(2.5/3) = 3.33
    assert dims["governance"]["score"] == 3.33
    # Region 5 levels 4, 2, 0 → governance 3.33, 2.67, 2.0: median 2.67. National adds 3, 1, 2 → 3.0, 2.33, 2.67
    assert dims["governance"]["regional"] == 2.67
    assert dims["governance"]["national"] == 2.67
    # people = 4 × mean(multiple 1.0, likert (l-1)/4): Valparaíso 4.0; region 4.0, 3.0, 2.0; national + 3.5, 2.5, 2.5
    assert (dims["people"]["score"], dims["people"]["regional"], dims["people"]["national"]) == (4.0, 3.0, 2.75)
    assert [d["code"] for d in report["strongest"]][:1] == ["people"]
    assert [d["code"] for d in report["weakest"]][:1] == ["governance"]
    behind = {a["question"]: a["answer"] for a in report["weakest"][0]["answers"]}
    assert behind == {"¿Quién lidera?": "Una unidad", "Madurez digital": "Todo", "¿Tiene plan?": "Sí"}


def test_campaign_report_ranking_frequencies_and_average_rank(campaign, staff_user):
    campaign, qs, _orgs = campaign
    report = reports.campaign_report(actor=staff_user, campaign=campaign)
    assert report["respondents"] == 6
    ranking = next(i for i in report["questions"] if i["question"].pk == qs["ranking"].pk)
    rows = {r["label"]: (r["count"], r["share"], r["average_rank"]) for r in ranking["rows"]}
    # verde: ranks 1, 2, 1, 3, 3, 1 → 6 times, avg 1.83; segura: 2, 1, 3, 1, 2, 2 → avg 1.83; inclusiva: 3, 2, 1
    assert rows == {
        "Verde": (6, 1.0, 1.83),
        "Segura": (6, 1.0, 1.83),
        "Inclusiva": (3, 0.5, 2.0),
        "Conectada": (3, 0.5, 2.67),
    }
    maturity = next(i for i in report["questions"] if i["question"].pk == qs["maturity"].pk)
    assert [r["count"] for r in maturity["rows"]] == [1, 1, 2, 1, 1]


def test_filters_by_region_and_size(campaign, staff_user):
    campaign, _qs, _orgs = campaign
    assert reports.campaign_report(actor=staff_user, campaign=campaign, region=13)["respondents"] == 3
    large = reports.campaign_report(actor=staff_user, campaign=campaign, size="large")["respondents"]
    assert large == reports.submitted(campaign).filter(organisation__commune__population__gte=100_000).count()


def test_public_figures_need_five_respondents(campaign, client):
    campaign, _qs, _orgs = campaign
    anonymous = UserFactory()
    assert reports.campaign_report(actor=anonymous, campaign=campaign)["respondents"] == 6
    with pytest.raises(HelixError) as exc:
        reports.campaign_report(actor=anonymous, campaign=campaign, region=5)
    assert str(exc.value) == "Las cifras se muestran solo para grupos de al menos 5 respondentes."
    page = client.get(f"/surveys/campaigns/{campaign.pk}/report/?region=5")
    assert "Las cifras se muestran solo para grupos de al menos 5 respondentes." in page.text
    assert "Verde" not in page.text
    assert "Promedio" not in client.get(f"/surveys/campaigns/{campaign.pk}/report/").text
    assert "Puesto promedio" in client.get(f"/surveys/campaigns/{campaign.pk}/report/").text


def test_individual_responses_only_for_staff_and_the_organisation(campaign, client):
    campaign, _qs, orgs = campaign
    response = campaign.responses.get(organisation=orgs[0])
    own = MembershipFactory(organisation=orgs[0], person__user=UserFactory())
    other = MembershipFactory(organisation=orgs[1], person__user=UserFactory())
    assert reports.municipality_report(actor=own.person.user, response=response)["response"] == response
    with pytest.raises(PermissionDenied):
        reports.municipality_report(actor=other.person.user, response=response)
    client.force_login(other.person.user)
    assert client.get(f"/surveys/responses/{response.pk}/report/").status_code == 403
    client.force_login(own.person.user)
    page = client.get(f"/surveys/responses/{response.pk}/report/")
    assert page.status_code == 200 and "Mediana regional" in page.text and 'id="radar-chart"' in page.text


def test_export_one_row_per_response_with_ranking_labels(campaign, staff_user):
    campaign, _qs, orgs = campaign
    rows = list(response_rows(actor=staff_user, campaign=campaign))
    header, body = rows[0], rows[1:]
    assert len(body) == 6
    assert [h for h in header if h.startswith("Ordene 3")] == [
        "Ordene 3 — puesto 1",
        "Ordene 3 — puesto 2",
        "Ordene 3 — puesto 3",
    ]
    assert "Funcionarios (personas)" in header and "Puntaje: Gobernanza inteligente" in header
    first = dict(zip(header, next(r for r in body if r[0] == orgs[0].name), strict=True))
    assert (first["Ordene 3 — puesto 1"], first["Ordene 3 — puesto 2"], first["Ordene 3 — puesto 3"]) == (
        "Verde",
        "Segura",
        "Inclusiva",
    )
    assert (
        first["¿Quién lidera?"] == "Una unidad"
        and first["Canales"] == "A, B"
        and first["Funcionarios (personas)"] == 42
    )
    assert first["Región"] == "Valparaíso" and first["Nivel"] == 3


def test_export_view_is_formula_safe_and_staff_only(campaign, staff_client):
    campaign, qs, orgs = campaign
    assert Client().get(f"/surveys/campaigns/{campaign.pk}/export.csv").status_code == 302
    Answer.objects.filter(response__organisation=orgs[0], question=qs["short_text"]).update(value="=1+1")
    body = b"".join(staff_client.get(f"/surveys/campaigns/{campaign.pk}/export.csv").streaming_content)
    text = body.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Organización,Región,Comuna")
    assert len(text.strip().splitlines()) == 7
    assert "'=1+1" in text and ",=1+1" not in text
    xlsx = staff_client.get(f"/surveys/campaigns/{campaign.pk}/export.xlsx")
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"


def test_pdf_report(campaign, staff_client):
    campaign, _qs, orgs = campaign
    response = campaign.responses.get(organisation=orgs[0])
    pdf = staff_client.get(f"/surveys/responses/{response.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
