"""A municipality invites a matched provider to a business wheel from its challenge's matches; the
provider gets an e-mail and an in-app invitation, and accepting it registers the provider with the
meeting request already made. No organiser steps in."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from helix.matching.models import Match
from helix.wheel.models import Invitation, MeetingRequest, Participant, Side, Wheel
from tests.factories import UserFactory
from tests.factories.matching import ChallengeFactory, SolutionFactory
from tests.factories.network import OrganisationFactory, representative_user
from tests.factories.wheel import WheelFactory, represented

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey():
    wheel = WheelFactory(
        name="Rueda Valparaíso Inteligente", date=timezone.localdate() + timezone.timedelta(days=20), mode="confirm"
    )
    town = OrganisationFactory(name="Municipalidad de Limache", kind="municipality")
    firm = OrganisationFactory(name="Aguas Claras SpA")
    challenge = ChallengeFactory(organisation=town, title="Pérdidas de agua potable")
    match = Match.objects.create(
        challenge=challenge,
        solution=SolutionFactory(provider=firm, title="Detección acústica de fugas"),
        score=0.9,
        computed_at=timezone.now(),
    )
    return wheel, match, representative_user(town), representative_user(firm)


def test_invite_accept_and_the_request_is_there(client, journey, django_capture_on_commit_callbacks):
    wheel, match, town_user, firm_user = journey
    client.force_login(town_user)
    page = client.get(match.challenge.get_absolute_url()).content.decode()
    assert "Invitar a una rueda de negocios" in page and "Rueda Valparaíso Inteligente" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wheel:invite", args=[match.pk]), {"wheel": wheel.pk}, follow=True)
    assert "Aguas Claras SpA quedó invitada a Rueda Valparaíso Inteligente." in response.content.decode()
    assert "Invitada a Rueda Valparaíso Inteligente: Pendiente" in response.content.decode()
    inviter = Participant.objects.get(wheel=wheel, organisation=match.challenge.organisation)
    assert inviter.side == Side.BUYER and list(inviter.challenges.all()) == [match.challenge]
    assert not Participant.objects.filter(organisation=match.solution.provider).exists()
    [email] = mail.outbox
    assert email.to == [firm_user.email]
    assert email.subject == "Municipalidad de Limache te invita a Rueda Valparaíso Inteligente"
    assert "«Detección acústica de fugas»" in email.body and wheel.get_absolute_url() in email.body

    client.force_login(firm_user)
    page = client.get(match.solution.get_absolute_url()).content.decode()
    assert "Municipalidad de Limache te invita a Rueda Valparaíso Inteligente" in page
    assert "Ver la invitación" in page and wheel.get_absolute_url() in page
    page = client.get(wheel.get_absolute_url()).content.decode()
    assert "Tienes una invitación" in page and "«Pérdidas de agua potable»" in page
    invitation = Invitation.objects.get()
    response = client.post(reverse("wheel:invitation_answer", args=[invitation.pk]), {"answer": "accept"}, follow=True)
    assert (
        "Aguas Claras SpA quedó inscrita; la solicitud de reunión está en tus solicitudes." in response.content.decode()
    )
    provider = Participant.objects.get(wheel=wheel, organisation=match.solution.provider)
    assert provider.side == Side.SUPPLIER and list(provider.solutions.all()) == [match.solution]
    request = MeetingRequest.objects.get()
    assert (request.from_participant, request.to_participant) == (inviter, provider)
    assert (request.priority, request.status, request.source_match) == ("must", "accepted", match)
    assert "Municipalidad de Limache" in response.content.decode()
    invitation.refresh_from_db()
    assert (invitation.status, invitation.participant) == ("accepted", provider)
    # Answering twice is refused with a message, not an error page.
    response = client.post(reverse("wheel:invitation_answer", args=[invitation.pk]), {"answer": "accept"}, follow=True)
    assert "Esta invitación ya fue respondida." in response.content.decode()


def test_only_the_challenge_side_invites_and_only_the_provider_answers(client, journey):
    wheel, match, town_user, firm_user = journey
    client.force_login(firm_user)
    assert client.post(reverse("wheel:invite", args=[match.pk]), {"wheel": wheel.pk}).status_code == 403
    client.force_login(town_user)
    client.post(reverse("wheel:invite", args=[match.pk]), {"wheel": wheel.pk})
    invitation = Invitation.objects.get()
    for user in (town_user, UserFactory()):
        client.force_login(user)
        response = client.post(reverse("wheel:invitation_answer", args=[invitation.pk]), {"answer": "accept"})
        assert response.status_code == 403
    assert Invitation.objects.get().status == "pending"


def test_a_closed_wheel_cannot_be_invited_to(client, journey):
    wheel, match, town_user, _firm_user = journey
    Wheel.objects.filter(pk=wheel.pk).update(status=Wheel.Status.CLOSED)
    client.force_login(town_user)
    assert "Invitar a una rueda de negocios" not in client.get(match.challenge.get_absolute_url()).content.decode()
    response = client.post(reverse("wheel:invite", args=[match.pk]), {"wheel": wheel.pk}, follow=True)
    assert "La inscripción para esta rueda está cerrada." in response.content.decode()
    assert not Invitation.objects.exists() and not Participant.objects.exists()


def test_a_registered_provider_gets_the_request_at_once(client, journey):
    wheel, match, town_user, firm_user = journey
    provider = Participant.objects.create(wheel=wheel, organisation=match.solution.provider, side=Side.SUPPLIER)
    client.force_login(town_user)
    client.post(reverse("wheel:invite", args=[match.pk]), {"wheel": wheel.pk})
    request = MeetingRequest.objects.get()
    assert request.to_participant == provider and request.source_match == match
    assert Invitation.objects.get().status == "accepted"


def test_browse_marks_matched_participants_with_the_challenge_title(client):
    wheel = WheelFactory()
    town, town_user = represented(wheel, Side.BUYER)
    firm, firm_user = represented(wheel, Side.SUPPLIER, organisation__name="Proveedora Coincidente")
    represented(wheel, Side.SUPPLIER, organisation__name="Proveedora Sin Coincidencia")
    Match.objects.create(
        challenge=ChallengeFactory(organisation=town.organisation, title="Semáforos inteligentes"),
        solution=SolutionFactory(provider=firm.organisation),
        score=0.5,
        computed_at=timezone.now(),
    )
    client.force_login(town_user)
    page = client.get(reverse("wheel:browse", args=[town.pk]) + "?q=proveedora").content.decode()
    assert page.count("Coincide con «Semáforos inteligentes»") == 1
    card = page[page.index("Proveedora Coincidente") :]
    assert card.index("Coincide con «Semáforos inteligentes»") < card.index("Proveedora Sin Coincidencia")
    client.force_login(firm_user)
    page = client.get(reverse("wheel:browse", args=[firm.pk])).content.decode()
    assert "Coincide con «Semáforos inteligentes»" in page
