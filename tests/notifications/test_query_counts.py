"""The notifications list and the bell: the number of queries does not grow with the notifications."""

import pytest
from django.urls import reverse

from helix.notifications import domain
from helix.notifications.models import Kind
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["notifications:list", "notifications:bell"])
def test_query_count_does_not_grow_with_the_notifications(client, django_assert_max_num_queries, name):
    user = UserFactory()
    client.force_login(user)

    def count(n):
        for i in range(n):
            domain.notify(
                user, Kind.MATCH, None, message="challenge_matches", url="/matching/", params={"title": f"Agua {i}"}
            )
        with django_assert_max_num_queries(15) as captured:
            body = client.get(reverse(name)).content.decode()
        if name == "notifications:list":
            assert "Nuevas coincidencias para tu desafío «Agua 0»" in body
        return len(captured.captured_queries)

    assert count(1) == count(5)
