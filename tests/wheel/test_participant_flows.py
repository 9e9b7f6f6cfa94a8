import pytest
from django.urls import reverse

from helix.network.models import Membership
from helix.wheel.models import MeetingRequest, Participant, Side, Wheel
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory
from tests.factories.wheel import ParticipantFactory, WheelFactory, represented
from tests.on_commit import committed

pytestmark = pytest.mark.django_db


def _representative_of(org):
    user = UserFactory()
    MembershipFactory(
        person=PersonFactory(user=user, email=user.email), organisation=org, status=Membership.Status.APPROVED
    )
    return user


def test_representative_registers_own_organisation_with_availability(client, wheel):
    org = OrganisationFactory(name="Municipalidad de Prueba")
    other = OrganisationFactory()
    user = _representative_of(org)
    client.force_login(user)
    slots = list(wheel.slots.all())
    page = client.get(reverse("wheel:register", args=[wheel.pk]))
    assert org.name in page.content.decode() and other.name not in page.content.decode()
    response = client.post(
        reverse("wheel:register", args=[wheel.pk]),
        {
            "organisation": org.pk,
            "side": Side.BUYER,
            "slots": [slots[0].pk, slots[2].pk],
            "seeks": "Sensores de agua",
        },
    )
    participant = Participant.objects.get(wheel=wheel, organisation=org)
    assert response.status_code == 302
    assert set(participant.available_slots.all()) == {slots[0], slots[2]}
    assert participant.seeks == "Sensores de agua"
    assert list(participant.representatives.values_list("user", flat=True)) == [user.pk]
    # Registering someone else's organisation is refused by the form (not in the choices).
    response = client.post(
        reverse("wheel:register", args=[wheel.pk]),
        {"organisation": other.pk, "side": Side.BUYER, "slots": [slots[0].pk]},
    )
    assert response.status_code in (200, 302) and not Participant.objects.filter(organisation=other).exists()


def test_registration_closed_unless_late_allowed(client):
    wheel = WheelFactory(status=Wheel.Status.CLOSED)
    org = OrganisationFactory()
    client.force_login(_representative_of(org))
    url = reverse("wheel:register", args=[wheel.pk])
    response = client.post(
        url, {"organisation": org.pk, "side": Side.BUYER, "slots": [wheel.slots.first().pk]}, follow=True
    )
    assert not Participant.objects.exists()
    assert "La inscripción para esta rueda está cerrada." in response.content.decode()
    wheel.allow_late_registration = True
    wheel.save()
    client.post(url, {"organisation": org.pk, "side": Side.BUYER, "slots": [wheel.slots.first().pk]})
    assert Participant.objects.filter(organisation=org).exists()


def test_staff_registers_any_organisation(staff_client, wheel):
    org = OrganisationFactory()
    response = staff_client.post(
        reverse("wheel:register", args=[wheel.pk]), {"organisation": "no-such-slug", "side": Side.SUPPLIER}
    )
    assert response.status_code == 200
    assert "Esa organización no está en el directorio, o ya está inscrita." in response.content.decode()
    staff_client.post(
        reverse("wheel:register", args=[wheel.pk]),
        {"organisation": org.pk, "side": Side.SUPPLIER, "slots": [s.pk for s in wheel.slots.all()]},
    )
    assert Participant.objects.get(organisation=org).available_slots.count() == 3


def test_empty_availability_is_a_form_error_not_a_crash(client, wheel):
    org = OrganisationFactory()
    client.force_login(_representative_of(org))
    response = client.post(reverse("wheel:register", args=[wheel.pk]), {"organisation": org.pk, "side": "buyer"})
    assert response.status_code == 200 and not Participant.objects.exists()
    assert 'class="errorlist' in response.content.decode()


def test_browse_and_mark_requests(client, wheel):
    me, user = represented(wheel, Side.BUYER)
    them = ParticipantFactory(wheel=wheel, side=Side.SUPPLIER, organisation__name="Aguas Andinas Test")
    same_side = ParticipantFactory(wheel=wheel, side=Side.BUYER, organisation__name="Otra Municipalidad")
    client.force_login(user)
    page = client.get(reverse("wheel:browse", args=[me.pk])).content.decode()
    assert "Aguas Andinas Test" in page and "Otra Municipalidad" not in page
    response = client.post(reverse("wheel:mark", args=[me.pk, them.pk]), {"priority": "must"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'aria-pressed="true"' in response.content.decode()
    request = MeetingRequest.objects.get(from_participant=me, to_participant=them)
    assert request.priority == "must"
    client.post(reverse("wheel:mark", args=[me.pk, them.pk]), {"priority": "no_thanks"}, HTTP_HX_REQUEST="true")
    request.refresh_from_db()
    assert request.priority == "no_thanks"
    # Same side in a buyers-meet-suppliers wheel: explained, nothing written.
    response = client.post(
        reverse("wheel:mark", args=[me.pk, same_side.pk]), {"priority": "like"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not MeetingRequest.objects.filter(to_participant=same_side).exists()


def test_browse_filters(client, wheel):
    from tests.factories import topic

    me, user = represented(wheel, Side.BUYER)
    water = ParticipantFactory(wheel=wheel, side=Side.SUPPLIER, organisation__name="Hidro Sur")
    water.organisation.topics.add(topic("water"))
    ParticipantFactory(wheel=wheel, side=Side.SUPPLIER, organisation__name="Movilidad Norte")
    client.force_login(user)
    page = client.get(reverse("wheel:browse", args=[me.pk]), {"topic": "water"}).content.decode()
    assert "Hidro Sur" in page and "Movilidad Norte" not in page
    page = client.get(reverse("wheel:browse", args=[me.pk]), {"q": "movilidad"}).content.decode()
    assert "Hidro Sur" not in page and "Movilidad Norte" in page


def test_cannot_act_for_another_participant(client, wheel):
    me, user = represented(wheel, Side.BUYER)
    other, _ = represented(wheel, Side.BUYER)
    target = ParticipantFactory(wheel=wheel, side=Side.SUPPLIER)
    client.force_login(user)
    assert client.get(reverse("wheel:browse", args=[other.pk])).status_code == 403
    assert client.get(reverse("wheel:agenda", args=[other.pk])).status_code == 403
    assert client.get(reverse("wheel:agenda_pdf", args=[other.pk])).status_code == 403
    assert client.post(reverse("wheel:mark", args=[other.pk, target.pk]), {"priority": "must"}).status_code == 403
    assert not MeetingRequest.objects.exists()
    assert client.get(reverse("wheel:agenda", args=[99999])).status_code == 404


def test_answer_only_by_the_invited_participant(client):
    wheel = WheelFactory(mode=Wheel.Mode.CONFIRM)
    sender, sender_user = represented(wheel, Side.BUYER)
    invited, invited_user = represented(wheel, Side.SUPPLIER)
    request = MeetingRequest.objects.create(
        wheel=wheel, from_participant=sender, to_participant=invited, priority="like"
    )
    client.force_login(sender_user)
    assert client.post(reverse("wheel:answer", args=[request.pk]), {"answer": "accept"}).status_code == 403
    request.refresh_from_db()
    assert request.status == "pending"
    client.force_login(invited_user)
    page = client.get(reverse("wheel:requests", args=[invited.pk])).content.decode()
    assert sender.organisation.name in page
    response = client.post(reverse("wheel:answer", args=[request.pk]), {"answer": "decline"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.status == "declined" and request.answered_at is not None
    assert client.post(reverse("wheel:answer", args=[424242]), {"answer": "accept"}).status_code == 404


def test_anonymous_redirected_to_login(client, wheel):
    p = ParticipantFactory(wheel=wheel)
    response = client.get(reverse("wheel:agenda", args=[p.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_draft_wheel_hidden_from_public(client):
    wheel = WheelFactory(status=Wheel.Status.DRAFT, name="Rueda Secreta")
    assert client.get(reverse("wheel:detail", args=[wheel.pk])).status_code == 403
    assert "Rueda Secreta" not in client.get(reverse("wheel:list")).content.decode()


def test_withdrawal_cancels_meetings_and_emails_counterparts(client, staff_user):
    from django.core import mail

    from helix.wheel.domain import dayof, scheduling

    wheel = WheelFactory()
    me, user = represented(wheel, Side.BUYER)
    other, other_user = represented(wheel, Side.SUPPLIER)
    m = dayof.create_meeting(
        user=staff_user, wheel=wheel, a=me, b=other, slot=wheel.slots.first(), table=1, status="scheduled"
    )
    scheduling.publish(user=staff_user, wheel=wheel)
    mail.outbox.clear()
    client.force_login(user)
    assert other.organisation.name in client.get(reverse("wheel:withdraw", args=[me.pk])).content.decode()
    with committed():
        client.post(reverse("wheel:withdraw", args=[me.pk]))
    m.refresh_from_db()
    me.refresh_from_db()
    assert m.status == "cancelled" and not m.seats.exists()
    assert me.withdrawn_at is not None and not me.available_slots.exists()
    assert [msg.to for msg in mail.outbox] == [[other_user.email]]
    # Re-scheduling gives the withdrawn participant nothing.
    export = scheduling.build_export(wheel=wheel)
    assert next(p for p in export.instance["participants"] if p["id"] == me.code)["available"] == []


def test_cannot_withdraw_someone_else(client, wheel):
    me, user = represented(wheel, Side.BUYER)
    other, _ = represented(wheel, Side.SUPPLIER)
    client.force_login(user)
    assert client.post(reverse("wheel:withdraw", args=[other.pk])).status_code == 403
    other.refresh_from_db()
    assert other.withdrawn_at is None
