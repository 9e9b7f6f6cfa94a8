"""Invariants: an accepted ranking is exactly N distinct known options in rank order; report
queries do not grow with the number of respondents."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helix.core.errors import HelixError
from helix.surveys.domain import campaigns, reports
from helix.surveys.domain.answers import clean_answer
from tests.factories import OrganisationFactory
from tests.factories.surveys import every_type_questionnaire, full_answers, open_campaign

pytestmark = pytest.mark.django_db
CODES = ["segura", "verde", "conectada", "inclusiva", "otra"]


@pytest.fixture
def ranking(staff_user):
    return every_type_questionnaire(staff_user)[1]["ranking"]


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.dictionaries(st.sampled_from(CODES), st.sampled_from(["", "0", "1", "2", "3", "4", "x"])))
def test_accepted_rankings_are_exactly_n_distinct_options(ranking, raw):
    # The fixture is built once for the test; hypothesis runs every example against it.
    try:
        value = clean_answer(ranking, raw)
    except HelixError as exc:
        assert exc.code in {"unknown_option", "too_many", "too_few", "duplicate_rank", "out_of_range"}
        return
    given_ranks = {code: int(rank) for code, rank in raw.items() if rank.strip()}
    assert value is None or (
        len(value) == 3 and len(set(value)) == 3 and [given_ranks[code] for code in value] == [1, 2, 3]
    )


def test_campaign_report_queries_do_not_grow_with_respondents(staff_user):
    q, qs = every_type_questionnaire(staff_user)
    orgs = [OrganisationFactory() for _i in range(8)]
    campaign = open_campaign(staff_user, q, orgs)
    tokens = list(campaign.responses.order_by("pk").values_list("token", flat=True))
    done = set()

    def queries_with(n):
        for token in tokens[:n]:
            if token not in done:
                campaigns.save_answers(token=token, raw=full_answers(qs), submit=True)
                done.add(token)
        with CaptureQueriesContext(connection) as ctx:
            report = reports.campaign_report(actor=staff_user, campaign=campaign)
        assert report["respondents"] == n
        return len(ctx.captured_queries)

    assert queries_with(2) == queries_with(8)
