import pytest

from helix.wheel.domain import dayof
from helix.wheel.domain.scheduling import mark_published
from helix.wheel.models import MeetingRequest, Side, Wheel
from tests.factories.wheel import WheelFactory, represented

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(wheel, staff_user):
    a, ua = represented(wheel, Side.BUYER)
    b, ub = represented(wheel, Side.SUPPLIER)
    dayof.create_meeting(user=staff_user, wheel=wheel, a=a, b=b, slot=wheel.slots.first(), table=2, status="scheduled")
    mark_published(wheel=wheel)
    return (a, ua), (b, ub)


def test_agendas_own_only_staff_all(client, staff_user, wheel, setup):
    (a, ua), (b, ub) = setup
    client.force_login(ua)
    data = client.get(f"/api/wheels/{wheel.pk}/agendas").json()["items"]
    assert [x["participant_id"] for x in data] == [a.pk]
    assert data[0]["meetings"][0]["table"] == 2
    assert data[0]["meetings"][0]["counterpart"]["organisation"] == b.organisation.name
    assert client.get(f"/api/wheels/participants/{b.pk}/agenda").status_code == 403
    assert client.get(f"/api/wheels/participants/{a.pk}/agenda").json()["meetings"][0]["slot"] == "09:00"
    client.force_login(staff_user)
    data = client.get(f"/api/wheels/{wheel.pk}/agendas").json()["items"]
    assert {x["participant_id"] for x in data} == {a.pk, b.pk}


def test_anonymous_gets_401(client, wheel):
    assert client.get(f"/api/wheels/{wheel.pk}/agendas").status_code == 401


def test_requests_create_list_answer():
    wheel = WheelFactory(mode=Wheel.Mode.CONFIRM)
    a, ua = represented(wheel, Side.BUYER)
    b, ub = represented(wheel, Side.SUPPLIER)
    from django.test import Client

    ca, cb = Client(), Client()
    ca.force_login(ua)
    cb.force_login(ub)
    response = ca.post(
        f"/api/wheels/participants/{a.pk}/requests",
        {"to_participant": b.pk, "priority": "must"},
        content_type="application/json",
    )
    assert response.status_code == 201
    rid = response.json()["id"]
    assert (
        ca.post(
            f"/api/wheels/participants/{a.pk}/requests",
            {"to_participant": b.pk, "priority": "urgent"},
            content_type="application/json",
        ).status_code
        == 400
    )
    assert (
        ca.post(
            f"/api/wheels/participants/{b.pk}/requests",
            {"to_participant": a.pk, "priority": "must"},
            content_type="application/json",
        ).status_code
        == 403
    )
    assert (
        ca.post(f"/api/wheels/requests/{rid}/answer", {"accept": True}, content_type="application/json").status_code
        == 403
    )
    listed = cb.get(f"/api/wheels/participants/{b.pk}/requests").json()["items"]
    assert [r["id"] for r in listed] == [rid]
    answered = cb.post(f"/api/wheels/requests/{rid}/answer", {"accept": True}, content_type="application/json")
    assert answered.json()["status"] == "accepted"
    assert MeetingRequest.objects.get(pk=rid).status == "accepted"


def test_openapi_schema_lists_wheel_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/wheels/{wheel_id}/agendas" in paths
    assert "/api/wheels/requests/{request_id}/answer" in paths
