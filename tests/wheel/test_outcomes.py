import pytest
from django.urls import reverse

from helix.wheel.domain import dayof
from helix.wheel.domain.outcomes import funnel
from helix.wheel.models import Meeting, MeetingOutcome, MeetingRequest, Side
from tests.factories.wheel import ParticipantFactory, represented

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting_setup(wheel, staff_user):
    a, ua = represented(wheel, Side.BUYER)
    b, ub = represented(wheel, Side.SUPPLIER)
    outsider, uo = represented(wheel, Side.SUPPLIER)
    m = dayof.create_meeting(
        user=staff_user, wheel=wheel, a=a, b=b, slot=wheel.slots.first(), table=1, status=Meeting.Status.SCHEDULED
    )
    return m, (a, ua), (b, ub), (outsider, uo)


def test_each_side_records_its_outcome(client, meeting_setup):
    m, (a, ua), (b, ub), _ = meeting_setup
    client.force_login(ua)
    url = reverse("wheel:outcome", args=[a.pk, m.pk])
    response = client.post(url, {"outcome": "pilot", "note": "Piloto en marzo"})
    assert response.status_code == 302
    client.force_login(ub)
    client.post(reverse("wheel:outcome", args=[b.pk, m.pk]), {"outcome": "follow_up"})
    outcomes = {o.participant_id: o.outcome for o in MeetingOutcome.objects.all()}
    assert outcomes == {a.pk: "pilot", b.pk: "follow_up"}
    m.refresh_from_db()
    assert m.status == "held"
    # Re-recording updates instead of duplicating.
    client.post(reverse("wheel:outcome", args=[b.pk, m.pk]), {"outcome": "agreement"})
    assert MeetingOutcome.objects.get(participant=b).outcome == "agreement"


def test_outsider_cannot_record_outcome(client, meeting_setup):
    m, (a, ua), _, (outsider, uo) = meeting_setup
    client.force_login(uo)
    assert client.post(reverse("wheel:outcome", args=[outsider.pk, m.pk]), {"outcome": "pilot"}).status_code == 403
    assert client.post(reverse("wheel:outcome", args=[a.pk, m.pk]), {"outcome": "pilot"}).status_code == 403
    assert not MeetingOutcome.objects.exists()


def test_invalid_outcome_value_is_form_error(client, meeting_setup):
    m, (a, ua), *_ = meeting_setup
    client.force_login(ua)
    response = client.post(reverse("wheel:outcome", args=[a.pk, m.pk]), {"outcome": "world_peace"})
    assert response.status_code == 200 and not MeetingOutcome.objects.exists()


def test_funnel_figures(wheel, staff_user, meeting_setup):
    m, (a, ua), (b, ub), (c, uc) = meeting_setup
    MeetingRequest.objects.create(wheel=wheel, from_participant=a, to_participant=b, priority="must")
    MeetingRequest.objects.create(wheel=wheel, from_participant=a, to_participant=c, priority="like")
    MeetingRequest.objects.create(wheel=wheel, from_participant=c, to_participant=a, priority="no_thanks")
    d = ParticipantFactory(wheel=wheel, side=Side.BUYER)
    slots = list(wheel.slots.all())
    m2 = dayof.create_meeting(user=staff_user, wheel=wheel, a=c, b=d, slot=slots[1], table=1, status="scheduled")
    dayof.set_meeting_status(user=staff_user, meeting=m2, status="no_show")
    from helix.wheel.domain.outcomes import record_outcome

    record_outcome(user=ua, meeting=m, participant=a, outcome="agreement")
    record_outcome(user=ub, meeting=m, participant=b, outcome="follow_up")
    assert funnel(wheel=wheel) == {
        "requested": 2,
        "scheduled": 2,
        "held": 1,
        "no_shows": 1,
        "follow_ups": 1,
        "agreements": 1,
    }


def test_outcomes_export(staff_client, meeting_setup, wheel):
    from helix.wheel.domain.outcomes import record_outcome

    m, (a, ua), *_ = meeting_setup
    record_outcome(user=ua, meeting=m, participant=a, outcome="pilot", note="Piloto de sensores")
    response = staff_client.get(reverse("wheel:export_table", args=[wheel.pk, "outcomes", "csv"]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Piloto de sensores" in text and a.organisation.name in text
