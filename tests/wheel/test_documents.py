import icalendar
import pytest
from django.urls import reverse

from helix.wheel.domain.dayof import create_meeting
from helix.wheel.domain.scheduling import mark_published
from helix.wheel.models import Meeting, Side
from tests.factories.wheel import ParticipantFactory, represented

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda_setup(wheel, staff_user):
    me, user = represented(wheel, Side.BUYER, organisation__name="Municipalidad Alfa")
    slots = list(wheel.slots.all())
    other1 = ParticipantFactory(wheel=wheel, side=Side.SUPPLIER, organisation__name="Sensores Beta")
    other2 = ParticipantFactory(wheel=wheel, side=Side.SUPPLIER, organisation__name="Datos Gamma")
    m1 = create_meeting(
        user=staff_user, wheel=wheel, a=me, b=other1, slot=slots[0], table=2, status=Meeting.Status.SCHEDULED
    )
    m2 = create_meeting(
        user=staff_user, wheel=wheel, a=me, b=other2, slot=slots[2], table=1, status=Meeting.Status.SCHEDULED
    )
    mark_published(wheel=wheel)
    return me, user, [m1, m2], slots


def test_agenda_page_lists_counterparts_with_profile_links(client, agenda_setup):
    me, user, meetings, slots = agenda_setup
    client.force_login(user)
    page = client.get(reverse("wheel:agenda", args=[me.pk])).content.decode()
    assert "Sensores Beta" in page and "Datos Gamma" in page
    assert (
        meetings[0].b.organisation.get_absolute_url() in page or meetings[0].a.organisation.get_absolute_url() in page
    )
    assert "<svg" in page  # check-in QR code


def test_ics_has_one_event_per_meeting(client, agenda_setup):
    me, user, meetings, slots = agenda_setup
    client.force_login(user)
    response = client.get(reverse("wheel:agenda_ics", args=[me.pk]))
    assert response["Content-Type"] == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    assert len(events) == 2
    assert "Sensores Beta" in str(events[0]["summary"]) and "Datos Gamma" in str(events[1]["summary"])
    assert events[0].decoded("dtstart") == slots[0].starts_at
    assert events[1].decoded("dtend") == slots[2].ends_at
    assert "2" in str(events[0]["location"])
    assert len({str(e["uid"]) for e in events}) == 2


def test_agenda_pdf_contains_names(client, agenda_setup):
    me, user, meetings, slots = agenda_setup
    client.force_login(user)
    response = client.get(reverse("wheel:agenda_pdf", args=[me.pk]))
    assert response.content.startswith(b"%PDF")
    assert b"Sensores Beta" in response.content and b"Datos Gamma" in response.content
    assert b"Municipalidad Alfa" in response.content


def test_table_sheets_pdf_for_organisers_only(client, staff_user, agenda_setup, wheel):
    me, user, meetings, slots = agenda_setup
    client.force_login(user)
    assert client.get(reverse("wheel:table_sheets", args=[wheel.pk])).status_code == 403
    client.force_login(staff_user)
    response = client.get(reverse("wheel:table_sheets", args=[wheel.pk]))
    assert response.content.startswith(b"%PDF")
    assert b"Sensores Beta" in response.content and b"Table 2" in response.content.replace(b"Mesa", b"Table")


def test_participants_do_not_see_a_draft_schedule(client, wheel, staff_user):
    me, user = represented(wheel, Side.BUYER)
    other = ParticipantFactory(wheel=wheel, side=Side.SUPPLIER, organisation__name="Borrador Delta")
    create_meeting(
        user=staff_user, wheel=wheel, a=me, b=other, slot=wheel.slots.first(), table=1, status=Meeting.Status.SCHEDULED
    )
    client.force_login(user)
    assert "Borrador Delta" not in client.get(reverse("wheel:agenda", args=[me.pk])).content.decode()
    assert b"Borrador Delta" not in client.get(reverse("wheel:agenda_pdf", args=[me.pk])).content
    client.force_login(staff_user)  # the organiser previews it
    assert "Borrador Delta" in client.get(reverse("wheel:agenda", args=[me.pk])).content.decode()
