"""Pages: visibility rules, forms with permissions, htmx actions, and constant query counts."""

import pytest
from django.urls import reverse

from helix.matching.domain.matching import recompute_challenge
from helix.matching.models import Challenge, Match, Solution
from tests.factories import OrganisationFactory, UserFactory, topic
from tests.factories.matching import ChallengeFactory, SolutionFactory

from .conftest import representative_of

pytestmark = pytest.mark.django_db


def test_entry_page_links_to_lists(client):
    response = client.get("/matching/")
    assert response.status_code == 200
    assert reverse("matching:challenges") in response.content.decode()


def test_staff_only_challenge_is_invisible_to_others(client, staff_user, provider_rep, officer, municipality):
    secret = ChallengeFactory(organisation=municipality, title="Secreto", visibility=Challenge.Visibility.STAFF)
    url = secret.get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(provider_rep)
    assert client.get(url).status_code == 404
    assert "Secreto" not in client.get(reverse("matching:challenges")).content.decode()
    client.force_login(officer)  # the owning municipality still sees its own
    assert client.get(url).status_code == 200
    client.force_login(staff_user)
    assert "Secreto" in client.get(url).content.decode()


def test_drafts_visible_only_to_owners_and_staff(client, officer, provider_rep, municipality, provider):
    draft = ChallengeFactory(organisation=municipality, title="Borrador", status=Challenge.Status.DRAFT)
    draft_solution = SolutionFactory(provider=provider, title="Oferta borrador", status=Solution.Status.DRAFT)
    client.force_login(provider_rep)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft_solution.get_absolute_url()).status_code == 200
    client.force_login(officer)
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(draft_solution.get_absolute_url()).status_code == 404
    assert "Borrador" in client.get(reverse("matching:challenges")).content.decode()


def test_challenge_list_filters(client, municipality):
    ChallengeFactory(organisation=municipality, title="Agua en Petorca", topics=[topic("water")])
    ChallengeFactory(organisation=municipality, title="Luminarias", topics=[topic("energy")])
    body = client.get(reverse("matching:challenges"), {"topic": "water"}).content.decode()
    assert "Agua en Petorca" in body and "Luminarias" not in body
    body = client.get(reverse("matching:challenges"), {"q": "LUMINARIAS"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Luminarias" in body and "Agua en Petorca" not in body and "<html" not in body
    body = client.get(reverse("matching:challenges"), {"region": "12"}).content.decode()
    assert "Luminarias" not in body


def _matched(municipality, provider, n):
    solutions = [
        SolutionFactory(provider=provider, description="Sensores de basura para contenedores") for _ in range(n)
    ]
    challenges = []
    for _ in range(n):
        challenge = ChallengeFactory(organisation=municipality, topics=[topic("waste")])
        recompute_challenge(challenge_id=challenge.pk)
        challenges.append(challenge)
    return challenges, solutions


@pytest.mark.parametrize("name", ["matching:challenges", "matching:solutions", "matching:index"])
def test_list_query_count_does_not_grow(client, officer, municipality, provider, django_assert_max_num_queries, name):
    client.force_login(officer)
    _matched(municipality, provider, 1)
    with django_assert_max_num_queries(20) as one:
        assert client.get(reverse(name)).status_code == 200
    _matched(municipality, provider, 4)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse(name)).status_code == 200


def test_detail_pages_query_count_does_not_grow(staff_client, municipality, provider, django_assert_max_num_queries):
    challenges, solutions = _matched(municipality, provider, 1)
    pages = [
        challenges[0].get_absolute_url(),
        solutions[0].get_absolute_url(),
        reverse("matching:board", args=[challenges[0].pk]),
    ]
    counts = []
    for url in pages:
        with django_assert_max_num_queries(30) as ctx:
            assert staff_client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    more_challenges, more_solutions = _matched(municipality, provider, 4)
    for challenge in challenges:
        recompute_challenge(challenge_id=challenge.pk)
    assert Match.objects.filter(challenge=challenges[0]).count() == 5
    for url, count in zip(pages, counts):
        with django_assert_max_num_queries(count):
            assert staff_client.get(url).status_code == 200


def test_challenge_page_shows_ranked_solutions_with_why(client, municipality, provider):
    challenges, solutions = _matched(municipality, provider, 1)
    body = client.get(challenges[0].get_absolute_url()).content.decode()
    assert solutions[0].title in body
    match = Match.objects.get(challenge=challenges[0])
    assert f"{match.score_percent}%" in body
    assert match.why_labels[0] in body


def test_officer_creates_a_challenge_and_sees_matches(client, officer, municipality, provider):
    SolutionFactory(provider=provider, title="Sensores APR", description="Monitoreo de agua potable rural APR")
    client.force_login(officer)
    response = client.post(
        reverse("matching:challenge_create"),
        {
            "organisation": municipality.pk,
            "title": "Agua potable rural",
            "description": "El APR no da abasto con el agua potable.",
            "commune": "",
            "status": "open",
            "visibility": "staff",  # disabled for non-staff: ignored
            "topics": [topic("water").pk],
        },
    )
    challenge = Challenge.objects.get(title="Agua potable rural")
    assert response.status_code == 302 and response["Location"] == challenge.get_absolute_url()
    assert challenge.visibility == Challenge.Visibility.PUBLIC and challenge.created_by == officer
    assert "Sensores APR" in client.get(challenge.get_absolute_url()).content.decode()


def test_invalid_challenge_form_keeps_what_was_typed(client, officer, municipality):
    client.force_login(officer)
    response = client.post(
        reverse("matching:challenge_create"),
        {
            "organisation": municipality.pk,
            "title": "Presupuesto raro",
            "description": "",
            "status": "open",
            "budget_min": "500",
            "budget_max": "100",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Presupuesto raro" in body and "errorlist" in body
    assert not Challenge.objects.exists()


def test_cannot_publish_for_another_organisation(client, provider_rep, municipality):
    client.force_login(provider_rep)
    response = client.post(
        reverse("matching:challenge_create"),
        {"organisation": municipality.pk, "title": "X", "description": "Y", "status": "open"},
    )
    assert response.status_code == 200 and not Challenge.objects.exists()  # not a valid choice


def test_only_the_providers_representatives_edit_a_solution(client, officer, provider_rep, provider):
    solution = SolutionFactory(provider=provider, title="Original")
    url = reverse("matching:solution_edit", args=[solution.pk])
    client.force_login(officer)
    assert client.get(url).status_code == 403
    client.force_login(provider_rep)
    data = {
        "provider": provider.pk,
        "title": "Renombrada",
        "description": "Nueva descripción",
        "language": "es",
        "maturity": "pilot",
        "status": "published",
        "all_chile": "on",
    }
    assert client.post(url, data).status_code == 302
    solution.refresh_from_db()
    assert solution.title == "Renombrada"


def test_interest_and_dismiss_via_htmx(client, officer, provider_rep, municipality, provider):
    challenges, solutions = _matched(municipality, provider, 1)
    match = Match.objects.get(challenge=challenges[0])
    stranger = representative_of(OrganisationFactory())
    client.force_login(stranger)
    assert client.post(reverse("matching:match_action", args=[match.pk, "interest"])).status_code == 403
    client.force_login(provider_rep)
    response = client.post(
        reverse("matching:match_action", args=[match.pk, "interest"]), {"view": "solution"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and f'id="match-{match.pk}"' in response.content.decode()
    match.refresh_from_db()
    assert match.interested_provider_side and not match.interested_challenge_side
    client.force_login(officer)
    client.post(reverse("matching:match_action", args=[match.pk, "dismiss"]))
    match.refresh_from_db()
    assert match.state == Match.State.DISMISSED and match.dismissed_by == officer
    assert solutions[0].title not in client.get(challenges[0].get_absolute_url()).content.decode()


def test_runs_page_is_staff_only_and_polls_while_active(client, staff_user, officer):
    client.force_login(officer)
    assert client.get(reverse("matching:runs")).status_code == 403
    client.force_login(staff_user)
    staff_client = client
    response = staff_client.post(reverse("matching:runs"))
    assert response.status_code == 302
    body = staff_client.get(reverse("matching:runs")).content.decode()
    assert 'hx-trigger="every 2s"' in body  # queued (on_commit does not fire inside the test transaction)


def test_anonymous_user_is_sent_to_login_for_forms(client):
    response = client.get(reverse("matching:challenge_create"))
    assert response.status_code == 302 and "login" in response["Location"]
    assert UserFactory  # factories importable for other modules


def test_pages_are_in_spanish_by_default(client, municipality):
    ChallengeFactory(organisation=municipality, title="Agua")
    body = client.get(reverse("matching:challenges")).content.decode()
    assert "Todas las regiones" in body and "1 desafío" in body


def test_runs_page_query_count_does_not_grow(staff_client, staff_user, django_assert_max_num_queries):
    from helix.matching.models import MatchRun

    MatchRun.objects.create(requested_by=staff_user)
    with django_assert_max_num_queries(10) as one:
        staff_client.get(reverse("matching:runs"))
    for status in ("done", "failed", "running"):
        MatchRun.objects.create(requested_by=staff_user, status=status, total=10, done=5)
    with django_assert_max_num_queries(len(one.captured_queries)):
        body = staff_client.get(reverse("matching:runs")).content.decode()
    assert body.count("<progress") == 4


def test_staff_publishes_on_behalf_of_a_municipality(client, staff_user, municipality, provider):
    client.force_login(staff_user)
    form_page = client.get(reverse("matching:challenge_create")).content.decode()
    # A searchable field over public bodies (core autocomplete), not a select of every organisation.
    assert 'data-autocomplete="/autocomplete/public_bodies/"' in form_page
    assert municipality.name not in form_page and provider.name not in form_page
    url = reverse("matching:challenge_create") + f"?organisation={provider.pk}"
    assert provider.name in client.get(url).content.decode()
    response = client.post(
        reverse("matching:challenge_create"),
        {
            "organisation": municipality.pk,
            "title": "Semáforos",
            "description": "Semáforos descoordinados.",
            "status": "open",
            "visibility": "staff",
        },
    )
    assert response.status_code == 302
    challenge = Challenge.objects.get()
    assert challenge.organisation == municipality and challenge.visibility == "staff"
    assert challenge.created_by == staff_user
    edit = client.get(reverse("matching:challenge_edit", args=[challenge.pk])).content.decode()
    assert "Semáforos descoordinados." in edit


def test_parties_see_the_pipeline_stage_of_their_pair(client, staff_user, officer, municipality, provider):
    from helix.matching.domain.pipeline import move_pipeline

    challenges, solutions = _matched(municipality, provider, 1)
    move_pipeline(actor=staff_user, challenge=challenges[0], solution=solutions[0], to_stage="shortlisted")
    client.force_login(officer)
    assert "Preseleccionada" in client.get(challenges[0].get_absolute_url()).content.decode()
    client.logout()
    assert "Preseleccionada" not in client.get(challenges[0].get_absolute_url()).content.decode()
