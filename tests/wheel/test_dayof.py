import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from helix.wheel.domain import dayof
from helix.wheel.models import Meeting, MeetingSeat, Side
from tests.factories.wheel import ParticipantFactory, WheelFactory

pytestmark = pytest.mark.django_db


def test_checkin_by_token(staff_client, wheel):
    p = ParticipantFactory(wheel=wheel, organisation__name="Empresa Check")
    token = dayof.checkin_token(p)
    response = staff_client.post(reverse("wheel:checkin", args=[wheel.pk]), {"token": token}, follow=True)
    p.refresh_from_db()
    assert p.checked_in_at is not None
    assert "Empresa Check" in response.content.decode()


def test_tampered_token_rejected(staff_client, wheel):
    p = ParticipantFactory(wheel=wheel)
    token = dayof.checkin_token(p)
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = staff_client.post(reverse("wheel:checkin", args=[wheel.pk]), {"token": tampered})
    p.refresh_from_db()
    assert response.status_code == 200 and p.checked_in_at is None
    assert 'class="errorlist' in response.content.decode()


def test_token_of_another_wheel_rejected(wheel):
    other = ParticipantFactory(wheel=WheelFactory())
    with pytest.raises(ValidationError):
        dayof.participant_from_token(wheel=wheel, token=dayof.checkin_token(other))


def test_checkin_by_name_search(staff_client, wheel):
    p = ParticipantFactory(wheel=wheel, organisation__name="Ñuñoa Energía")
    page = staff_client.get(reverse("wheel:checkin", args=[wheel.pk]), {"q": "nunoa"}).content.decode()
    assert "Ñuñoa Energía" in page
    staff_client.post(reverse("wheel:checkin_participant", args=[p.pk]))
    p.refresh_from_db()
    assert p.checked_in_at is not None


def test_checkin_pages_forbidden_to_participants(client, wheel):
    from tests.factories.wheel import represented

    p, user = represented(wheel)
    client.force_login(user)
    assert client.get(reverse("wheel:checkin", args=[wheel.pk])).status_code == 403
    assert client.post(reverse("wheel:checkin_participant", args=[p.pk])).status_code == 403


def test_no_show_frees_later_meetings(staff_client, staff_user, wheel):
    slots = list(wheel.slots.all())
    absent = ParticipantFactory(wheel=wheel, side=Side.BUYER)
    s1, s2, s3 = (ParticipantFactory(wheel=wheel, side=Side.SUPPLIER) for _ in range(3))
    m1 = dayof.create_meeting(
        user=staff_user, wheel=wheel, a=absent, b=s1, slot=slots[0], table=1, status=Meeting.Status.SCHEDULED
    )
    m2 = dayof.create_meeting(
        user=staff_user, wheel=wheel, a=absent, b=s2, slot=slots[1], table=1, status=Meeting.Status.SCHEDULED
    )
    m3 = dayof.create_meeting(
        user=staff_user, wheel=wheel, a=absent, b=s3, slot=slots[2], table=2, status=Meeting.Status.SCHEDULED
    )
    staff_client.post(reverse("wheel:no_show", args=[absent.pk]), {"slot": slots[1].pk})
    for m in (m1, m2, m3):
        m.refresh_from_db()
    absent.refresh_from_db()
    assert absent.no_show
    assert (m1.status, m2.status, m3.status) == ("scheduled", "no_show", "cancelled")
    assert not MeetingSeat.objects.filter(meeting=m3).exists()
    # Table 2 at slot 3 and s3 are free again: a walk-in can use them.
    assert 2 in dayof.free_tables(wheel=wheel, slot=slots[2])


def test_walk_in_lists_free_checked_in_participants_and_creates_meeting(staff_client, staff_user, wheel):
    slot = wheel.slots.first()
    a = ParticipantFactory(wheel=wheel, side=Side.BUYER, organisation__name="Libre Uno")
    b = ParticipantFactory(wheel=wheel, side=Side.SUPPLIER, organisation__name="Libre Dos")
    busy1 = ParticipantFactory(wheel=wheel, side=Side.BUYER, organisation__name="Ocupada Uno")
    busy2 = ParticipantFactory(wheel=wheel, side=Side.SUPPLIER, organisation__name="Ocupada Dos")
    ParticipantFactory(wheel=wheel, side=Side.SUPPLIER, organisation__name="Sin Llegar")
    for p in (a, b, busy1, busy2):
        dayof.check_in(user=staff_user, participant=p)
    dayof.create_meeting(
        user=staff_user, wheel=wheel, a=busy1, b=busy2, slot=slot, table=1, status=Meeting.Status.SCHEDULED
    )
    page = staff_client.get(reverse("wheel:walk_ins", args=[wheel.pk]), {"slot": slot.pk}).content.decode()
    assert "Libre Uno" in page and "Libre Dos" in page
    assert "Ocupada" not in page.split("Checked in and free")[-1].split("</section>")[0] or "Ocupada Uno" not in page
    assert "Sin Llegar" not in page
    response = staff_client.post(
        reverse("wheel:walk_ins", args=[wheel.pk]), {"slot": slot.pk, "a": a.pk, "b": b.pk, "table": 2}
    )
    assert response.status_code == 302
    m = Meeting.objects.get(status=Meeting.Status.WALK_IN)
    assert (m.slot, m.table, {m.a, m.b}) == (slot, 2, {a, b})


def test_double_booking_refused_by_the_database(staff_user, wheel):
    slot = wheel.slots.first()
    a, b, c, d = (ParticipantFactory(wheel=wheel, side=side) for side in ("buyer", "supplier", "buyer", "supplier"))
    dayof.create_meeting(user=staff_user, wheel=wheel, a=a, b=b, slot=slot, table=1, status="scheduled")
    with pytest.raises(ValidationError):  # same table
        dayof.create_meeting(user=staff_user, wheel=wheel, a=c, b=d, slot=slot, table=1, status="scheduled")
    with pytest.raises(ValidationError):  # a is already seated in this slot
        dayof.create_meeting(user=staff_user, wheel=wheel, a=a, b=d, slot=slot, table=2, status="scheduled")
    with pytest.raises(ValidationError):  # table out of range
        dayof.create_meeting(user=staff_user, wheel=wheel, a=c, b=d, slot=slot, table=9, status="scheduled")
    assert Meeting.objects.count() == 1
