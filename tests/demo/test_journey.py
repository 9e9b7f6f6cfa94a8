"""The journey demo: invitations, direct meetings and agreements of the demo municipality, consistent
with one another and visible to the demo representative when signing in."""

import datetime as dt
import io
import random

import pytest
from django.urls import reverse
from django.utils import timezone

from helix.demo import journey as demo
from helix.demo.network import REPRESENTATIVE_EMAIL
from helix.matching.domain.records import save_solution
from helix.matching.models import Challenge, Outcome, Solution
from helix.network.models import Agreement
from helix.notifications.models import Notification
from helix.wheel.models import DirectMeeting, DirectMeetingOutcome, Invitation, MeetingRequest, Participant
from tests.factories import OrganisationFactory, UserFactory
from tests.factories.network import MembershipFactory, PersonFactory, commune
from tests.factories.wheel import WheelFactory

pytestmark = pytest.mark.django_db

OFFERS = [
    (
        "Acuática SpA",
        "Sensores de fugas",
        "Sensores y telemetría de caudal y presión para detectar fugas de agua potable.",
    ),
    ("Hidrored Ltda.", "Detección acústica", "Detectar fugas en matrices de agua potable con sensores acústicos."),
    ("Luz Austral", "Luminarias LED", "Luminarias LED telegestionadas que reducen el consumo de energía."),
    ("Andes Lumen", "Alumbrado inteligente", "Alumbrado público LED con telegestión y ahorro de energía."),
    ("Recicla Chile", "Contenedores con sensores", "Sensores de llenado de contenedores y rutas de recolección."),
    ("RutaVerde", "Rutas de residuos", "Rutas optimizadas de recolección de residuos, basura y reciclaje."),
]


@pytest.fixture
def ecosystem():
    town = OrganisationFactory(name="Municipalidad de Valparaíso", kind="municipality", commune=commune(5101))
    rep = UserFactory(email=REPRESENTATIVE_EMAIL)
    MembershipFactory(person=PersonFactory(user=rep, email=rep.email), organisation=town)
    staff = UserFactory(is_staff=True)
    for name, title, description in OFFERS:
        save_solution(
            actor=staff,
            provider=OrganisationFactory(name=name, kind="sme"),
            title=title,
            description=description,
            all_chile=True,
            status=Solution.Status.PUBLISHED,
        )
    wheel = WheelFactory(name="Rueda Agua y Energía", date=timezone.localdate() + dt.timedelta(days=19))
    return town, rep, wheel


def test_journey_demo_is_complete_and_consistent(ecosystem, django_capture_on_commit_callbacks):
    town, rep, wheel = ecosystem
    with django_capture_on_commit_callbacks(execute=True):
        counts = demo.seed(rng=random.Random(1), scale=1, stdout=io.StringIO())
    assert counts == {
        "challenges": 3,
        "invitations": 2,
        "requests to answer": 1,
        "tickets": 0,  # no congress in this small world
        "direct meetings": 4,
        "agreements": 2,
    }

    # Invitations: one pending, one accepted (provider registered, the municipality's request accepted).
    pending = Invitation.objects.get(status="pending")
    accepted = Invitation.objects.get(status="accepted")
    assert pending.wheel == accepted.wheel == wheel
    for invitation in (pending, accepted):
        assert invitation.match.challenge.organisation == town == invitation.inviter.organisation
        assert invitation.organisation == invitation.match.solution.provider
    assert not Participant.objects.filter(wheel=wheel, organisation=pending.organisation).exists()
    request = MeetingRequest.objects.get(wheel=wheel, from_participant=accepted.inviter)
    assert request.to_participant == accepted.participant
    assert (request.status, request.source_match) == ("accepted", accepted.match)
    # The registered provider asks to meet the municipality back: it waits for the town's answer.
    waiting = MeetingRequest.objects.get(wheel=wheel, to_participant=accepted.inviter)
    assert (waiting.from_participant, waiting.status) == (accepted.participant, "pending")

    # Direct meetings: one proposed (three future times), one confirmed (a time in the future), two held.
    now = timezone.now()
    proposed = DirectMeeting.objects.get(status="proposed")
    assert len(proposed.options) == 3 and all(t > now for t in proposed.options) and proposed.starts_at is None
    confirmed = DirectMeeting.objects.filter(status="confirmed", starts_at__gt=now).get()
    assert confirmed.starts_at == confirmed.option_2
    held = DirectMeeting.objects.filter(status="confirmed", starts_at__lt=now)
    assert held.count() == 2
    for meeting in DirectMeeting.objects.all():
        assert meeting.proposer == town and meeting.invitee == meeting.match.solution.provider

    # Agreements: reached at the held meetings, one pending confirmation and one active.
    pending_agreement = Agreement.objects.get(status=Agreement.Status.PENDING)
    active = Agreement.objects.get(status=Agreement.Status.ACTIVE)
    assert active.confirmed_at is not None and active.start_date == timezone.localdate()
    assert set(active.confirmations.values_list("organisation", flat=True)) == {town.pk, None}
    for agreement in (pending_agreement, active):
        meeting = agreement.direct_meeting
        assert meeting in held and agreement.match == meeting.match
        assert agreement.challenge == agreement.match.challenge
        assert set(agreement.parties.all()) == {agreement.challenge.organisation, agreement.match.solution.provider}
        assert agreement.challenge.status == Challenge.Status.PILOT
        assert DirectMeetingOutcome.objects.filter(meeting=meeting, organisation=town, outcome="agreement").exists()
        pair = {"challenge": agreement.challenge, "solution": agreement.match.solution}
        assert Outcome.objects.get(**pair, kind=Outcome.Kind.AGREEMENT).agreement == agreement
    assert not Agreement.objects.exclude(challenge__organisation=town).exists()

    # The demo representative sees them on signing in.
    from django.test import Client

    client = Client()
    client.force_login(rep)
    page = client.get(reverse("home:mine")).content.decode()
    assert f"{accepted.organisation.name} quiere reunirse contigo en Rueda Agua y Energía" in page
    assert Notification.objects.filter(user=rep, kind="meeting_request").exists()
    page = client.get(reverse("wheel:direct_meetings")).content.decode()
    for meeting in DirectMeeting.objects.all():
        assert meeting.invitee.name in page
    page = client.get(pending.match.challenge.get_absolute_url()).content.decode()
    assert "Invitada a Rueda Agua y Energía: Pendiente" in page
    page = client.get(pending_agreement.get_absolute_url()).content.decode()
    assert "Por confirmar" in page and "Confirmar" in page
    page = client.get(town.get_absolute_url()).content.decode()
    assert pending_agreement.title in page and active.title in page


def test_journey_demo_without_the_representative_does_nothing():
    out = io.StringIO()
    counts = demo.seed(rng=random.Random(1), scale=1, stdout=out)
    assert counts["challenges"] == 0 and "skipped" in out.getvalue()
    assert not Challenge.objects.exists() and not Agreement.objects.exists()
