"""Wheel ↔ matching: suggestions, the source match of requests, outcomes moving the pipeline, links."""

import pytest
from django.urls import reverse
from django.utils import timezone

from helix.matching import models as matching_models
from helix.wheel.domain import dayof, integrations
from helix.wheel.models import MeetingOutcome, MeetingRequest, Side
from tests.factories import matching as factories
from tests.factories.wheel import ParticipantFactory, represented

pytestmark = pytest.mark.django_db


@pytest.fixture
def matched(wheel):
    buyer, buyer_user = represented(wheel, Side.BUYER)
    supplier, supplier_user = represented(wheel, Side.SUPPLIER, organisation__name="Proveedor Sugerido")
    ParticipantFactory(wheel=wheel, side=Side.SUPPLIER, organisation__name="Proveedor Cualquiera")
    challenge = factories.ChallengeFactory(organisation=buyer.organisation)
    solution = factories.SolutionFactory(provider=supplier.organisation)
    match = matching_models.Match.objects.create(
        challenge=challenge, solution=solution, score=0.8, computed_at=timezone.now()
    )
    return buyer, buyer_user, supplier, supplier_user, match


def test_suggestions_come_first_and_mark_records_the_match(client, matched):
    buyer, buyer_user, supplier, supplier_user, match = matched
    assert integrations.suggestions(buyer) == {supplier.pk: (0.8, match.pk)}
    client.force_login(buyer_user)
    page = client.get(reverse("wheel:browse", args=[buyer.pk])).content.decode()
    assert page.index("Proveedor Sugerido") < page.index("Proveedor Cualquiera")
    client.post(reverse("wheel:mark", args=[buyer.pk, supplier.pk]), {"priority": "must"})
    assert MeetingRequest.objects.get(from_participant=buyer).source_match == match


def test_outcome_moves_the_challenge_pipeline(wheel, staff_user, matched):
    from helix.wheel.domain.outcomes import record_outcome

    buyer, buyer_user, supplier, supplier_user, match = matched
    request = MeetingRequest.objects.create(
        wheel=wheel, from_participant=buyer, to_participant=supplier, priority="must", source_match=match
    )
    m = dayof.create_meeting(
        user=staff_user, wheel=wheel, a=buyer, b=supplier, slot=wheel.slots.first(), table=1, status="scheduled"
    )
    m.request = request
    m.save(update_fields=["request"])
    outcome = record_outcome(user=buyer_user, meeting=m, participant=buyer, outcome="pilot", note="Piloto")
    assert outcome.pushed_to_pipeline
    entry = matching_models.PipelineEntry.objects.get(challenge=match.challenge, solution=match.solution)
    assert entry.stage == "pilot"
    assert list(entry.events.order_by("pk").values_list("to_stage", flat=True)) == [
        "shortlisted",
        "contacted",
        "meeting",
        "pilot",
    ]
    # A later, weaker outcome never moves the pipeline back.
    record_outcome(user=supplier_user, meeting=m, participant=supplier, outcome="follow_up")
    entry.refresh_from_db()
    assert entry.stage == "pilot"


def test_outcome_without_match_is_not_pushed(wheel, staff_user, matched):
    from helix.wheel.domain.outcomes import record_outcome

    buyer, buyer_user, supplier, *_ = matched
    m = dayof.create_meeting(
        user=staff_user, wheel=wheel, a=buyer, b=supplier, slot=wheel.slots.first(), table=1, status="scheduled"
    )
    outcome = record_outcome(user=buyer_user, meeting=m, participant=buyer, outcome="agreement")
    assert not outcome.pushed_to_pipeline
    assert not matching_models.PipelineEntry.objects.exists()
    assert MeetingOutcome.objects.count() == 1


def test_participant_links_its_challenges_and_others_see_them(client, wheel, matched):
    buyer, buyer_user, supplier, supplier_user, match = matched
    foreign = factories.ChallengeFactory(title="Desafío Ajeno")
    client.force_login(buyer_user)
    page = client.get(reverse("wheel:edit_registration", args=[buyer.pk])).content.decode()
    assert match.challenge.title in page and "Desafío Ajeno" not in page
    url = reverse("wheel:edit_registration", args=[buyer.pk])
    slots = [s.pk for s in wheel.slots.all()]
    response = client.post(url, {"side": "buyer", "slots": slots, "links": [f"challenge:{foreign.pk}"]})
    buyer.refresh_from_db()
    assert response.status_code == 200 and not buyer.challenges.exists()  # a foreign challenge cannot be linked
    client.post(url, {"side": "buyer", "slots": slots, "links": [f"challenge:{match.challenge.pk}"]})
    assert list(buyer.challenges.all()) == [match.challenge]
    assert list(match.challenge.wheel_participations.all()) == [buyer]
    client.force_login(supplier_user)
    page = client.get(reverse("wheel:browse", args=[supplier.pk])).content.decode()
    assert match.challenge.title in page and match.challenge.get_absolute_url() in page
