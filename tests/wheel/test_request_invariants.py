"""Records never contradict each other: once the two sides met, their request cannot be declined or
withdrawn — from the web, the API or the back office. Requests made anywhere remember their match."""

import pytest
from django.urls import reverse
from django.utils import timezone

from helix.matching.models import Match, PipelineEntry
from helix.wheel.domain import dayof
from helix.wheel.domain.outcomes import record_outcome
from helix.wheel.models import Meeting, MeetingRequest, Side, Wheel
from tests.factories.matching import ChallengeFactory, SolutionFactory
from tests.factories.wheel import WheelFactory, represented

pytestmark = pytest.mark.django_db

HELD_MESSAGE = "Esta reunión ya se realizó; su solicitud ya no se puede rechazar ni retirar."


@pytest.fixture
def met(staff_user):
    """An accepted request whose meeting was held and has an outcome."""
    wheel = WheelFactory(mode=Wheel.Mode.CONFIRM)
    buyer, buyer_user = represented(wheel, Side.BUYER)
    supplier, supplier_user = represented(wheel, Side.SUPPLIER)
    request = MeetingRequest.objects.create(
        wheel=wheel, from_participant=buyer, to_participant=supplier, priority="must", status="accepted"
    )
    meeting = dayof.create_meeting(
        user=staff_user, wheel=wheel, a=buyer, b=supplier, slot=wheel.slots.first(), table=1, status="scheduled"
    )
    record_outcome(user=buyer_user, meeting=meeting, participant=buyer, outcome="agreement")
    return request, buyer_user, supplier_user


def test_web_cannot_decline_a_request_whose_meeting_was_held(client, met):
    request, _buyer_user, supplier_user = met
    client.force_login(supplier_user)
    response = client.post(reverse("wheel:answer", args=[request.pk]), {"answer": "decline"})
    assert response.status_code == 400 and response.content.decode() == HELD_MESSAGE
    request.refresh_from_db()
    assert request.status == "accepted"
    assert Meeting.objects.get().status == "held"


def test_api_cannot_decline_it_nor_the_sender_withdraw_it(client, met):
    request, buyer_user, supplier_user = met
    client.force_login(supplier_user)
    response = client.post(
        f"/api/wheels/requests/{request.pk}/answer", {"accept": False}, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["detail"] == HELD_MESSAGE
    client.force_login(buyer_user)
    response = client.post(
        reverse("wheel:mark", args=[request.from_participant_id, request.to_participant_id]), {"priority": "none"}
    )
    assert MeetingRequest.objects.filter(pk=request.pk, status="accepted").exists()


def test_back_office_action_goes_through_the_domain(staff_client, met):
    request, *_ = met
    response = staff_client.post(
        reverse("admin:wheel_meetingrequest_changelist"),
        {"action": "decline_requests", "_selected_action": [request.pk]},
        follow=True,
    )
    assert HELD_MESSAGE in response.content.decode()
    request.refresh_from_db()
    assert request.status == "accepted"


def test_a_request_not_yet_met_can_still_be_declined(client, staff_user):
    wheel = WheelFactory(mode=Wheel.Mode.CONFIRM)
    buyer, _ = represented(wheel, Side.BUYER)
    supplier, supplier_user = represented(wheel, Side.SUPPLIER)
    request = MeetingRequest.objects.create(
        wheel=wheel, from_participant=buyer, to_participant=supplier, priority="like"
    )
    dayof.create_meeting(
        user=staff_user, wheel=wheel, a=buyer, b=supplier, slot=wheel.slots.first(), table=1, status="scheduled"
    )
    client.force_login(supplier_user)
    client.post(reverse("wheel:answer", args=[request.pk]), {"answer": "decline"})
    request.refresh_from_db()
    assert request.status == "declined"


def _matched_pair():
    wheel = WheelFactory(mode=Wheel.Mode.CONFIRM)
    buyer, buyer_user = represented(wheel, Side.BUYER)
    supplier, supplier_user = represented(wheel, Side.SUPPLIER)
    challenge = ChallengeFactory(organisation=buyer.organisation)
    match = Match.objects.create(
        challenge=challenge,
        solution=SolutionFactory(provider=supplier.organisation),
        score=0.7,
        computed_at=timezone.now(),
    )
    return wheel, buyer, buyer_user, supplier, supplier_user, match


def _meet_and_agree(staff_user, wheel, buyer, buyer_user, supplier) -> list[str]:
    request = MeetingRequest.objects.get(from_participant=buyer)
    meeting = dayof.create_meeting(
        user=staff_user, wheel=wheel, a=buyer, b=supplier, slot=wheel.slots.first(), table=1, status="scheduled"
    )
    meeting.request = request
    meeting.save(update_fields=["request"])
    record_outcome(user=buyer_user, meeting=meeting, participant=buyer, outcome="agreement")
    entry = PipelineEntry.objects.get()
    return list(entry.events.order_by("pk").values_list("from_stage", "to_stage"))


def test_the_api_and_the_web_make_the_same_pipeline_move(client, staff_user):
    moves = {}
    for channel in ("web", "api"):
        wheel, buyer, buyer_user, supplier, _supplier_user, match = _matched_pair()
        client.force_login(buyer_user)
        if channel == "web":
            client.post(reverse("wheel:mark", args=[buyer.pk, supplier.pk]), {"priority": "must"})
        else:
            response = client.post(
                f"/api/wheels/participants/{buyer.pk}/requests",
                {"to_participant": supplier.pk, "priority": "must"},
                content_type="application/json",
            )
            assert response.status_code == 201
        assert MeetingRequest.objects.get(from_participant=buyer).source_match == match
        moves[channel] = _meet_and_agree(staff_user, wheel, buyer, buyer_user, supplier)
        PipelineEntry.objects.all().delete()
    assert (
        moves["web"]
        == moves["api"]
        == [
            ("suggested", "shortlisted"),
            ("shortlisted", "contacted"),
            ("contacted", "meeting"),
            ("meeting", "pilot"),
        ]
    )


def test_a_meeting_with_an_outcome_cannot_be_cancelled_afterwards(staff_user, met):
    from helix.core.errors import HelixError

    meeting = Meeting.objects.get()
    with pytest.raises(HelixError) as caught:
        dayof.set_meeting_status(user=staff_user, meeting=meeting, status="cancelled")
    assert caught.value.text == "El resultado ya está registrado: esta reunión se realizó."
    meeting.refresh_from_db()
    assert meeting.status == "held" and meeting.seats.count() == 2
