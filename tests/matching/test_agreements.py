"""An agreement reached anywhere (a wheel meeting, the pipeline board) becomes one directory agreement
"por confirmar", linked to the challenge, match and meeting; the parties (or staff) confirm it, and
the pipeline, the challenge, the organisation pages and the outcome figures read it."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from helix.matching.models import Challenge, Match, Outcome, PipelineEntry
from helix.network.domain import confirm_agreement
from helix.network.models import Agreement
from helix.wheel.domain import dayof
from helix.wheel.domain.outcomes import record_outcome
from helix.wheel.models import MeetingRequest, Side
from tests.factories import UserFactory
from tests.factories.matching import ChallengeFactory, SolutionFactory
from tests.factories.wheel import WheelFactory, represented

pytestmark = pytest.mark.django_db


@pytest.fixture
def wheel_meeting(staff_user):
    wheel = WheelFactory()
    town, town_user = represented(wheel, Side.BUYER, organisation__name="Municipalidad de Quillota")
    firm, firm_user = represented(wheel, Side.SUPPLIER, organisation__name="Sensores del Pacífico")
    challenge = ChallengeFactory(organisation=town.organisation, title="Medir el caudal de los canales")
    match = Match.objects.create(
        challenge=challenge,
        solution=SolutionFactory(provider=firm.organisation, title="Caudalímetros LoRa"),
        score=0.8,
        computed_at=timezone.now(),
    )
    request = MeetingRequest.objects.create(
        wheel=wheel, from_participant=town, to_participant=firm, priority="must", source_match=match
    )
    meeting = dayof.create_meeting(
        user=staff_user, wheel=wheel, a=town, b=firm, slot=wheel.slots.first(), table=1, status="scheduled"
    )
    meeting.request = request
    meeting.save(update_fields=["request"])
    return meeting, (town, town_user), (firm, firm_user), match


def test_agreement_outcome_creates_one_pending_directory_agreement(wheel_meeting, django_capture_on_commit_callbacks):
    meeting, (town, town_user), (firm, firm_user), match = wheel_meeting
    with django_capture_on_commit_callbacks(execute=True):
        record_outcome(
            user=town_user, meeting=meeting, participant=town, outcome="agreement", note="Piloto en 3 canales"
        )
        record_outcome(user=firm_user, meeting=meeting, participant=firm, outcome="agreement")
    # Each party is asked, once, to confirm it.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([town_user.email, firm_user.email])
    assert {m.subject for m in mail.outbox} == {"Por confirmar: Convenio: Medir el caudal de los canales"}
    assert "\n«Convenio: Medir el caudal de los canales» quedó registrado en Helix" in mail.outbox[0].body
    agreement = Agreement.objects.get()
    assert agreement.status == Agreement.Status.PENDING
    assert (agreement.challenge, agreement.match, agreement.meeting) == (match.challenge, match, meeting)
    assert set(agreement.parties.all()) == {town.organisation, firm.organisation}
    assert agreement.title == "Convenio: Medir el caudal de los canales"
    match.challenge.refresh_from_db()
    assert match.challenge.status == Challenge.Status.PILOT
    assert PipelineEntry.objects.get().stage == "pilot"
    assert Outcome.objects.get(kind=Outcome.Kind.AGREEMENT).agreement == agreement
    match.refresh_from_db()
    assert match.state == Match.State.INTERESTED  # kept by later re-rankings


def test_both_parties_confirm_then_it_is_active(client, wheel_meeting):
    meeting, (town, town_user), (firm, firm_user), _match = wheel_meeting
    record_outcome(user=town_user, meeting=meeting, participant=town, outcome="agreement")
    agreement = Agreement.objects.get()
    url = reverse("network:agreement", args=[agreement.pk])
    client.force_login(town_user)
    page = client.get(url).content.decode()
    assert "Por confirmar" in page and "Confirmar el convenio" in page
    response = client.post(reverse("network:agreement_confirm", args=[agreement.pk]), follow=True)
    assert "Registramos tu confirmación; falta que confirme la otra parte." in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.PENDING
    assert "Confirmar el convenio" not in client.get(url).content.decode()  # nothing left for this party
    client.force_login(firm_user)
    response = client.post(reverse("network:agreement_confirm", args=[agreement.pk]), follow=True)
    assert "El convenio está confirmado y vigente." in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ACTIVE
    assert agreement.start_date == timezone.localdate() and agreement.confirmed_at is not None


def test_staff_confirm_for_everyone_and_outsiders_cannot(client, staff_user, wheel_meeting):
    meeting, (town, town_user), _firm, _match = wheel_meeting
    record_outcome(user=town_user, meeting=meeting, participant=town, outcome="agreement")
    agreement = Agreement.objects.get()
    client.force_login(UserFactory())
    assert client.post(reverse("network:agreement_confirm", args=[agreement.pk])).status_code == 403
    confirm_agreement(actor=staff_user, agreement=agreement)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ACTIVE
    client.force_login(town_user)
    response = client.post(reverse("network:agreement_confirm", args=[agreement.pk]), follow=True)
    assert "Este convenio no está esperando confirmación." in response.content.decode()


def test_agreement_shows_on_both_organisation_pages_and_the_challenge(client, wheel_meeting):
    meeting, (town, town_user), (firm, _), match = wheel_meeting
    record_outcome(user=town_user, meeting=meeting, participant=town, outcome="agreement")
    for org in (town.organisation, firm.organisation):
        page = client.get(org.get_absolute_url()).content.decode()
        assert "Convenio: Medir el caudal de los canales" in page and "Por confirmar" in page
        assert "No hay convenios registrados" not in page
    page = client.get(match.challenge.get_absolute_url()).content.decode()
    assert "Convenio: Medir el caudal de los canales" in page and "Piloto / convenio" in page


def test_the_municipality_declares_the_challenge_solved(client, wheel_meeting):
    meeting, (town, town_user), (firm, firm_user), match = wheel_meeting
    record_outcome(user=town_user, meeting=meeting, participant=town, outcome="agreement")
    url = reverse("matching:challenge_solved", args=[match.challenge.pk])
    client.force_login(firm_user)
    assert "Marcar como resuelto" not in client.get(match.challenge.get_absolute_url()).content.decode()
    assert client.post(url).status_code == 403
    client.force_login(town_user)
    assert "Marcar como resuelto" in client.get(match.challenge.get_absolute_url()).content.decode()
    page = client.post(url, follow=True).content.decode()
    assert "El desafío quedó marcado como resuelto." in page and "Resuelto" in page
    match.challenge.refresh_from_db()
    assert match.challenge.status == Challenge.Status.SOLVED


def test_staff_record_an_agreement_from_the_pipeline_board(client, staff_user):
    challenge = ChallengeFactory(title="Iluminación eficiente")
    solution = SolutionFactory(title="Luminarias LED")
    match = Match.objects.create(challenge=challenge, solution=solution, score=0.6, computed_at=timezone.now())
    client.force_login(staff_user)
    board = client.get(reverse("matching:board", args=[challenge.pk])).content.decode()
    assert "Registrar un convenio" in board
    response = client.post(reverse("matching:board_agreement", args=[challenge.pk, solution.pk]), follow=True)
    assert "Convenio registrado; espera la confirmación de las partes." in response.content.decode()
    agreement = Agreement.objects.get()
    assert (agreement.challenge, agreement.match, agreement.status) == (challenge, match, "pending")
    assert set(agreement.parties.all()) == {challenge.organisation, solution.provider}
    board = client.get(reverse("matching:board", args=[challenge.pk])).content.decode()
    assert agreement.get_absolute_url() in board and "Por confirmar" in board
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.PILOT


def test_a_party_cannot_use_the_staff_board(client):
    challenge = ChallengeFactory()
    solution = SolutionFactory()
    client.force_login(UserFactory())
    assert client.post(reverse("matching:board_agreement", args=[challenge.pk, solution.pk])).status_code == 403
    assert not Agreement.objects.exists()


def test_back_office_shows_and_confirms_through_the_domain(staff_client, wheel_meeting):
    meeting, (town, town_user), _firm, _match = wheel_meeting
    record_outcome(user=town_user, meeting=meeting, participant=town, outcome="agreement")
    agreement = Agreement.objects.get()
    for name in ("network_agreement", "wheel_invitation", "wheel_directmeeting", "wheel_directmeetingoutcome"):
        assert staff_client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
    assert staff_client.get(reverse("admin:network_agreement_change", args=[agreement.pk])).status_code == 200
    staff_client.post(
        reverse("admin:network_agreement_changelist"),
        {"action": "confirm_agreements", "_selected_action": [agreement.pk]},
    )
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ACTIVE and agreement.confirmations.get().organisation is None
