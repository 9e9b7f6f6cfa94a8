"""Direct meetings when no wheel is planned: one side proposes up to three times, the other accepts one;
both have it in their agenda with an .ics; an "agreement" outcome records the directory agreement."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from helix.matching.models import Challenge, Match, PipelineEntry
from helix.network.models import Agreement
from helix.wheel.models import DirectMeeting
from tests.factories import UserFactory
from tests.factories.matching import ChallengeFactory, SolutionFactory
from tests.factories.network import OrganisationFactory, representative_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    town = OrganisationFactory(name="Municipalidad de Olmué", kind="municipality")
    firm = OrganisationFactory(name="Reciclajes del Valle")
    match = Match.objects.create(
        challenge=ChallengeFactory(organisation=town, title="Reciclaje en ferias libres"),
        solution=SolutionFactory(provider=firm, title="Puntos limpios móviles"),
        score=0.7,
        computed_at=timezone.now(),
    )
    return match, representative_user(town), representative_user(firm)


def _local(days, hour):
    when = timezone.localtime() + dt.timedelta(days=days)
    return when.replace(hour=hour, minute=0, second=0, microsecond=0)


def test_propose_accept_agenda_ics_and_agreement(client, pair, django_capture_on_commit_callbacks):
    match, town_user, firm_user = pair
    client.force_login(firm_user)
    assert "Proponer una reunión" in client.get(match.challenge.get_absolute_url()).content.decode()
    options = [_local(3, 10), _local(4, 11), _local(5, 12)]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wheel:direct_propose", args=[match.pk]),
            {
                "option_1": options[0].strftime("%Y-%m-%dT%H:%M"),
                "option_2": options[1].strftime("%Y-%m-%dT%H:%M"),
                "option_3": options[2].strftime("%Y-%m-%dT%H:%M"),
                "minutes": 45,
                "place": "Municipalidad de Olmué, sala 2",
            },
            follow=True,
        )
    assert "Reunión propuesta; la otra parte elegirá uno de los horarios." in response.content.decode()
    meeting = DirectMeeting.objects.get()
    assert (meeting.proposer, meeting.invitee) == (match.solution.provider, match.challenge.organisation)
    [proposal] = mail.outbox
    assert proposal.to == [town_user.email] and proposal.subject == "Reciclajes del Valle propone una reunión"

    client.force_login(town_user)
    page = client.get(reverse("wheel:direct_meetings")).content.decode()
    assert "Aceptar este horario" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wheel:direct_answer", args=[meeting.pk]), {"option": "2"}, follow=True)
    assert "Reunión confirmada; está en ambas agendas." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "confirmed" and meeting.starts_at == options[1]
    confirmations = mail.outbox[1:]
    assert sorted(m.to[0] for m in confirmations) == sorted([town_user.email, firm_user.email])
    assert all(m.attachments[0][2] == "text/calendar" for m in confirmations)
    for user in (town_user, firm_user):
        client.force_login(user)
        assert "Agregar a mi calendario (.ics)" in client.get(reverse("wheel:direct_meetings")).content.decode()
        ics = client.get(reverse("wheel:direct_ics", args=[meeting.pk])).content.decode()
        assert "BEGIN:VEVENT" in ics and "LOCATION:Municipalidad de Olmué\\, sala 2" in ics
    assert PipelineEntry.objects.get().stage == "meeting"

    # Not yet held: no outcome. Once held, "agreement" records the directory agreement.
    response = client.post(reverse("wheel:direct_outcome", args=[meeting.pk]), {"outcome": "agreement"}, follow=True)
    assert "Esta reunión aún no se realiza." in response.content.decode()
    DirectMeeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    client.post(reverse("wheel:direct_outcome", args=[meeting.pk]), {"outcome": "agreement", "note": "Piloto"})
    agreement = Agreement.objects.get()
    assert (agreement.direct_meeting, agreement.match, agreement.status) == (meeting, match, "pending")
    match.challenge.refresh_from_db()
    assert match.challenge.status == Challenge.Status.PILOT
    client.force_login(town_user)
    client.post(reverse("wheel:direct_outcome", args=[meeting.pk]), {"outcome": "agreement"})
    assert Agreement.objects.count() == 1


def test_proposals_are_bounded_and_only_the_invitee_answers(client, pair):
    match, town_user, firm_user = pair
    client.force_login(town_user)
    url = reverse("wheel:direct_propose", args=[match.pk])
    past = (timezone.localtime() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page = client.post(url, {"option_1": past, "minutes": 45, "place": "Sala"}).content.decode()
    assert "Los horarios propuestos deben ser futuros." in page
    page = client.post(url, {"option_1": _local(2, 9).strftime("%Y-%m-%dT%H:%M"), "minutes": 500, "place": "Sala"})
    assert "Este valor debe ser menor o igual que 240." in page.content.decode()
    client.post(url, {"option_1": _local(2, 9).strftime("%Y-%m-%dT%H:%M"), "minutes": 30, "place": "Sala"})
    meeting = DirectMeeting.objects.get()
    page = client.post(url, {"option_1": _local(2, 9).strftime("%Y-%m-%dT%H:%M"), "minutes": 30, "place": "Sala"})
    assert "Ya hay una propuesta para este par esperando respuesta." in page.content.decode()
    # The proposer cannot accept its own proposal; an outsider cannot even see it.
    assert client.post(reverse("wheel:direct_answer", args=[meeting.pk]), {"option": "1"}).status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == "proposed"
    client.force_login(UserFactory())
    assert client.post(reverse("wheel:direct_answer", args=[meeting.pk]), {"option": "1"}).status_code == 403
    assert client.get(reverse("wheel:direct_propose", args=[match.pk])).status_code == 403
    client.force_login(firm_user)
    response = client.post(reverse("wheel:direct_answer", args=[meeting.pk]), {"option": "7"}, follow=True)
    assert "Elige uno de los horarios propuestos." in response.content.decode()
