import pytest
from django.urls import reverse

from helix.wheel.domain import dayof
from helix.wheel.domain.outcomes import record_outcome
from helix.wheel.models import MeetingRequest, ScheduleRun, Side
from tests.factories.wheel import ParticipantFactory

pytestmark = pytest.mark.django_db


def test_back_office_lists_and_forms(staff_client, staff_user, wheel):
    b = ParticipantFactory(wheel=wheel, side=Side.BUYER, organisation__name="Admin Compradora")
    s = ParticipantFactory(wheel=wheel, side=Side.SUPPLIER)
    m = dayof.create_meeting(
        user=staff_user, wheel=wheel, a=b, b=s, slot=wheel.slots.first(), table=1, status="scheduled"
    )
    MeetingRequest.objects.create(wheel=wheel, from_participant=b, to_participant=s, priority="must")
    ScheduleRun.objects.create(wheel=wheel)
    record_outcome(user=staff_user, meeting=m, participant=b, outcome="pilot")
    for model in ("wheel", "participant", "meetingrequest", "meeting", "schedulerun", "meetingoutcome"):
        response = staff_client.get(reverse(f"admin:wheel_{model}_changelist"))
        assert response.status_code == 200, model
    assert "Admin Compradora" in staff_client.get(reverse("admin:wheel_participant_changelist")).content.decode()
    assert staff_client.get(reverse("admin:wheel_wheel_change", args=[wheel.pk])).status_code == 200
    assert staff_client.get(reverse("admin:wheel_meeting_change", args=[m.pk])).status_code == 200
