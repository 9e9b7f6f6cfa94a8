"""Events API: list/detail, own registrations only, register/cancel, OpenAPI schema."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from helix.events.domain import registration as domain
from helix.events.models import Registration
from tests.factories import EventFactory, UserFactory, topic
from tests.factories.events_extra import QuestionFactory, RegistrationFactory, SessionFactory
from tests.factories.network import commune

pytestmark = pytest.mark.django_db


def soon(**kwargs):
    start = timezone.now() + dt.timedelta(days=5)
    return EventFactory(starts_at=start, ends_at=start + dt.timedelta(hours=4), **kwargs)


def post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def test_list_and_detail(client):
    event = soon(title="Feria Smart City Biobío", kind="fair", commune=commune(13101), capacity=30)
    event.topics.add(topic("mobility"))
    SessionFactory(event=event, title="Electromovilidad")
    soon(status="draft")
    items = client.get("/api/events/").json()["items"]
    assert [e["slug"] for e in items] == [event.slug]
    assert items[0]["topics"] == ["mobility"] and items[0]["region_code"] == 13
    detail = client.get(f"/api/events/{event.slug}").json()
    assert detail["sessions"][0]["title"] == "Electromovilidad" and detail["online_url"] is None
    assert client.get("/api/events/no-existe").status_code == 404


@pytest.mark.parametrize("n", [1, 4])
def test_list_query_count(client, django_assert_num_queries, n):
    for _i in range(n):
        soon(commune=commune(5101)).topics.add(topic("water"))
    with django_assert_num_queries(3):  # count, rows, topics
        client.get("/api/events/")


def test_online_url_only_for_confirmed(client):
    event = soon(mode="online", online_url="https://meet.example/x", capacity=1)
    a, b = UserFactory(), UserFactory()
    domain.register(event_id=event.pk, name="A", email=a.email, user=a)
    domain.register(event_id=event.pk, name="B", email=b.email, user=b)
    assert client.get(f"/api/events/{event.slug}").json()["online_url"] is None
    client.force_login(b)
    assert client.get(f"/api/events/{event.slug}").json()["online_url"] is None
    client.force_login(a)
    assert client.get(f"/api/events/{event.slug}").json()["online_url"] == "https://meet.example/x"


def test_register_and_errors(client):
    event = soon(capacity=1)
    q = QuestionFactory(event=event, required=True)
    assert post(client, f"/api/events/{event.slug}/register").status_code == 401
    user = UserFactory(full_name="Ana Pérez")
    client.force_login(user)
    bad = post(client, f"/api/events/{event.slug}/register")
    assert bad.status_code == 400 and f"q_{q.pk}" in bad.json()["field_errors"]
    ok = post(client, f"/api/events/{event.slug}/register", {"answers": {str(q.pk): "Jefa"}})
    assert ok.status_code == 201 and ok.json()["status"] == "confirmed" and ok.json()["name"] == "Ana Pérez"
    dup = post(client, f"/api/events/{event.slug}/register", {"answers": {str(q.pk): "Jefa"}})
    assert dup.status_code == 400 and dup.json()["code"] == "duplicate"
    assert Registration.objects.count() == 1


def test_mine_lists_only_own_and_cancel_only_own(client):
    event = soon()
    me, other = UserFactory(), UserFactory()
    mine = domain.register(event_id=event.pk, name="Yo", email=me.email, user=me)
    theirs = domain.register(event_id=event.pk, name="Otra", email=other.email, user=other)
    assert client.get("/api/events/registrations/mine").status_code == 401
    client.force_login(me)
    assert [r["id"] for r in client.get("/api/events/registrations/mine").json()["items"]] == [mine.pk]
    assert post(client, f"/api/events/registrations/{theirs.pk}/cancel").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "confirmed"
    response = post(client, f"/api/events/registrations/{mine.pk}/cancel")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert post(client, f"/api/events/registrations/{mine.pk}/cancel").status_code == 400


@pytest.mark.parametrize("n", [1, 4])
def test_mine_query_count(client, django_assert_num_queries, n):
    me = UserFactory()
    for _i in range(n):
        RegistrationFactory(event=soon(), user=me, email=me.email)
    client.force_login(me)
    with django_assert_num_queries(3):  # session, user, registrations
        client.get("/api/events/registrations/mine")


def test_openapi_schema_lists_events_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in [
        "/api/events/",
        "/api/events/{slug}",
        "/api/events/{slug}/register",
        "/api/events/registrations/mine",
        "/api/events/registrations/{registration_id}/cancel",
    ]:
        assert path in paths
