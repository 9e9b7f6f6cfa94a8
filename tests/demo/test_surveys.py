import datetime as dt
import io
import random

import pytest

from helix.demo import surveys as surveys_demo
from helix.demo.dates import anchored
from helix.network.models.organisations import OrganisationKind
from helix.surveys.domain import reports
from helix.surveys.models import Campaign, Response
from helix.territory.models import Commune
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def municipalities():
    for region in (*surveys_demo.COMPLETED_REGIONS, *surveys_demo.OPEN_REGIONS):
        for commune in Commune.objects.filter(region__code=region).order_by("cut")[:6]:
            OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, commune=commune, name=f"Municipalidad de {commune}")


def test_seed_completed_and_open_campaigns_with_varied_answers(municipalities):
    counts = surveys_demo.seed(rng=random.Random("surveys"), scale=1, stdout=io.StringIO())
    done = Campaign.objects.get(status="closed")
    open_campaign = Campaign.objects.get(status="open")
    assert done.responses.filter(status="submitted").count() == done.responses.count() >= 23
    assert done.responses.filter(organisation__name="Municipalidad de Valparaíso").exists()
    overall = {r.scores["overall"] for r in done.responses.all()}
    assert len(overall) > 10 and min(overall) < 2 < max(overall)  # varied, not one profile
    statuses = set(open_campaign.responses.values_list("status", flat=True))
    assert {Response.Status.INVITED, Response.Status.IN_PROGRESS} <= statuses
    assert counts["campaigns"] == 2
    report = reports.campaign_report(actor=UserFactory(), campaign=done)
    ranking = next(i for i in report["questions"] if i["question"].code == "caracteristicas-ciudad")
    assert sum(row["count"] for row in ranking["rows"]) == 3 * report["respondents"]
    # Running it again adds nothing.
    assert surveys_demo.seed(rng=random.Random("surveys"), scale=1, stdout=io.StringIO())["campaigns"] == 0


@pytest.mark.parametrize(("day", "year"), [(dt.date(2027, 1, 20), 2026), (dt.date(2027, 3, 1), 2027)])
def test_the_closed_campaign_is_named_after_the_year_it_ran(municipalities, day, year):
    with anchored(day):
        surveys_demo.seed(rng=random.Random("surveys"), scale=1, stdout=io.StringIO())
    assert Campaign.objects.get(status="closed").title == f"Diagnóstico de madurez municipal {year}"
