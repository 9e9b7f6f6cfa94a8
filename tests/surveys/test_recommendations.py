"""From gaps to action: weakest dimensions → solutions, courses, experts and organisations; one
click makes a draft challenge pre-filled from the answers."""

import pytest
from django.core.exceptions import PermissionDenied

from helix.matching.models import Challenge
from helix.network.models.organisations import OrganisationKind
from helix.surveys.domain import campaigns
from helix.surveys.domain.recommendations import challenge_from_recommendation, recommendations
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory, topic
from tests.factories.academy import CourseFactory
from tests.factories.matching import ChallengeFactory, SolutionFactory
from tests.factories.surveys import every_type_questionnaire, full_answers, open_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def response(staff_user):
    q, qs = every_type_questionnaire(staff_user)
    org = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, name="Municipalidad de Valparaíso")
    campaign = open_campaign(staff_user, q, [org])
    r = campaign.responses.get()
    # governance weak (single "nadie" 0, maturity 0, no): 0.0; people strong (1.0 and likert 5): 4.0
    raw = full_answers(qs) | {qs["single"].pk: "nadie", qs["maturity"].pk: "0", qs["yes_no"].pk: "no"}
    return campaigns.save_answers(token=r.token, raw=raw, submit=True)


def test_weakest_dimension_gets_solutions_courses_experts_and_organisations(response, staff_user):
    governance = topic("governance")
    solution = SolutionFactory(title="Plataforma de gobierno digital", topics=[topic("digital-government")])
    SolutionFactory(title="Buses eléctricos", topics=[topic("electromobility")])
    course = CourseFactory(title="Datos abiertos para municipios")
    course.topics.set([topic("data")])
    expert = PersonFactory(first_name="Ana", last_name="Rojas")
    expert.expertise.set([governance])
    elsewhere = ChallengeFactory(
        status=Challenge.Status.SOLVED, organisation__name="Municipalidad de Peñalolén", topics=[topic("transparency")]
    )
    recs = recommendations(actor=staff_user, response=response)
    assert recs[0]["code"] == "governance" and recs[0]["score"] == 0.0
    assert recs[0]["solutions"] == [solution]
    assert recs[0]["courses"] == [course]
    assert recs[0]["experts"] == [expert]
    assert recs[0]["organisations"] == [elsewhere.organisation]


def test_turn_a_recommendation_into_a_challenge(response, client):
    rep = MembershipFactory(organisation=response.organisation, person__user=UserFactory())
    client.force_login(rep.person.user)
    page = client.post(f"/surveys/responses/{response.pk}/challenge/governance/")
    challenge = Challenge.objects.get(organisation=response.organisation)
    assert page.status_code == 302 and page.url == f"/matching/challenges/{challenge.pk}/edit/"
    assert challenge.title == "Mejorar gobernanza inteligente en Municipalidad de Valparaíso"
    assert challenge.status == Challenge.Status.DRAFT
    assert list(challenge.topics.values_list("code", flat=True)) == ["governance"]
    assert "obtuvo 0.0 de 4" in challenge.description
    assert "- ¿Quién lidera?: Nadie" in challenge.description
    assert "- Madurez digital: Nada" in challenge.description
    assert challenge.commune == response.organisation.commune


def test_only_the_organisation_or_staff_turn_it_into_a_challenge(response):
    outsider = MembershipFactory(person__user=UserFactory())
    with pytest.raises(PermissionDenied):
        challenge_from_recommendation(actor=outsider.person.user, response=response, dimension="governance")
    assert not Challenge.objects.exists()
