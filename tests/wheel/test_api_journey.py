"""The journey through the HTTP API: invitations of matched providers, direct meetings and their
outcome, the caller's agreements and their confirmation, a challenge declared solved. The same steps
through the API and through the pages write the same data; refusals are 403 / 400 with the Spanish text."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from helix.matching.models import Challenge, Match, PipelineEntry
from helix.network.models import Agreement
from helix.wheel.models import DirectMeeting, DirectMeetingOutcome, Invitation, MeetingRequest, Participant, Side
from tests.factories import UserFactory
from tests.factories.matching import ChallengeFactory, SolutionFactory
from tests.factories.network import OrganisationFactory, representative_user
from tests.factories.wheel import ParticipantFactory, WheelFactory

pytestmark = pytest.mark.django_db


def _local(days: int, hour: int) -> dt.datetime:
    when = timezone.localtime() + dt.timedelta(days=days)
    return when.replace(hour=hour, minute=0, second=0, microsecond=0)


OPTIONS = [_local(3, 10), _local(4, 11), _local(5, 12)]
HELD_AT = timezone.now().replace(microsecond=0) - dt.timedelta(hours=2)


def _world(tag: str):
    """A municipality with a challenge matched to a provider's solution, two upcoming wheels."""
    town = OrganisationFactory(name=f"Municipalidad de {tag}", kind="municipality")
    firm = OrganisationFactory(name=f"Empresa {tag}")
    match = Match.objects.create(
        challenge=ChallengeFactory(organisation=town, title=f"Desafío {tag}"),
        solution=SolutionFactory(provider=firm, title=f"Solución {tag}"),
        score=0.8,
        computed_at=timezone.now(),
    )
    wheels = [
        WheelFactory(name=f"Rueda {tag} {n}", date=timezone.localdate() + dt.timedelta(days=20 + n), mode="confirm")
        for n in (1, 2)
    ]
    town_client, firm_client = Client(), Client()
    town_client.force_login(representative_user(town))
    firm_client.force_login(representative_user(firm))
    return {
        "town": town,
        "firm": firm,
        "match": match,
        "wheels": wheels,
        "as_town": town_client,
        "as_firm": firm_client,
    }


def _ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


class Api:
    """Each step through the API."""

    def __init__(self, w):
        self.w = w

    def post(self, client, url, body=None, status=200):
        return _ok(client.post(f"/api/{url}", body or {}, content_type="application/json"), status)

    def invite(self, wheel):
        body = {"match": self.w["match"].pk, "wheel": wheel.pk}
        return self.post(self.w["as_town"], "wheels/invitations", body, status=201)

    def answer_invitation(self, invitation, accept):
        self.post(self.w["as_firm"], f"wheels/invitations/{invitation.pk}/{'accept' if accept else 'decline'}")

    def propose(self, client):
        options = [t.isoformat() for t in OPTIONS]
        body = {"match": self.w["match"].pk, "options": options, "place": "Sala 2", "minutes": 30, "note": "Hola"}
        return self.post(client, "wheels/direct", body, status=201)

    def answer_direct(self, client, meeting, option=None):
        if option is None:
            self.post(client, f"wheels/direct/{meeting.pk}/decline")
        else:
            self.post(client, f"wheels/direct/{meeting.pk}/accept", {"option": option})

    def outcome(self, client, meeting, note):
        self.post(client, f"wheels/direct/{meeting.pk}/outcome", {"outcome": "agreement", "note": note})

    def confirm(self, client, agreement):
        self.post(client, f"directory/agreements/{agreement.pk}/confirm")

    def solved(self, client, challenge):
        self.post(client, f"matching/challenges/{challenge.pk}/solved")


class Web:
    """The same steps through the pages."""

    def __init__(self, w):
        self.w = w

    def post(self, client, url, data=None):
        response = client.post(url, data or {})
        assert response.status_code == 302, response.content

    def invite(self, wheel):
        self.post(self.w["as_town"], reverse("wheel:invite", args=[self.w["match"].pk]), {"wheel": wheel.pk})

    def answer_invitation(self, invitation, accept):
        url = reverse("wheel:invitation_answer", args=[invitation.pk])
        self.post(self.w["as_firm"], url, {"answer": "accept" if accept else "decline"})

    def propose(self, client):
        data = {f"option_{n}": t.strftime("%Y-%m-%dT%H:%M") for n, t in enumerate(OPTIONS, 1)}
        data.update(place="Sala 2", minutes=30, note="Hola")
        self.post(client, reverse("wheel:direct_propose", args=[self.w["match"].pk]), data)

    def answer_direct(self, client, meeting, option=None):
        data = {"answer": "decline"} if option is None else {"option": option}
        self.post(client, reverse("wheel:direct_answer", args=[meeting.pk]), data)

    def outcome(self, client, meeting, note):
        self.post(client, reverse("wheel:direct_outcome", args=[meeting.pk]), {"outcome": "agreement", "note": note})

    def confirm(self, client, agreement):
        self.post(client, reverse("network:agreement_confirm", args=[agreement.pk]))

    def solved(self, client, challenge):
        self.post(client, reverse("matching:challenge_solved", args=[challenge.pk]))


def _walk(w, channel) -> None:
    town_c, firm_c = w["as_town"], w["as_firm"]
    first, second = w["wheels"]
    channel.invite(first)
    channel.answer_invitation(Invitation.objects.get(wheel=first), accept=True)
    channel.invite(second)
    channel.answer_invitation(Invitation.objects.get(wheel=second), accept=False)
    channel.propose(firm_c)
    channel.answer_direct(town_c, DirectMeeting.objects.get(match=w["match"], status="proposed"))
    channel.propose(town_c)
    meeting = DirectMeeting.objects.get(match=w["match"], status="proposed")
    channel.answer_direct(firm_c, meeting, option=2)
    DirectMeeting.objects.filter(pk=meeting.pk).update(starts_at=HELD_AT)  # the meeting has taken place
    channel.outcome(firm_c, meeting, "Piloto en dos barrios")
    channel.outcome(town_c, meeting, "")
    agreement = Agreement.objects.get(match=w["match"])
    channel.confirm(town_c, agreement)
    channel.confirm(firm_c, agreement)
    channel.solved(town_c, w["match"].challenge)


def _snapshot(w) -> dict:
    """What the journey wrote, with the world's own records named by their role."""
    role = {w["town"].pk: "town", w["firm"].pk: "firm", None: None}
    match = w["match"]
    participants = Participant.objects.filter(wheel__in=w["wheels"])
    requests = MeetingRequest.objects.filter(wheel__in=w["wheels"])
    meetings = DirectMeeting.objects.filter(match=match).order_by("pk")
    [agreement] = Agreement.objects.filter(match=match)
    return {
        "invitations": [
            (
                i.wheel.name[-1],
                i.status,
                role[i.organisation_id],
                role[i.inviter.organisation_id],
                bool(i.participant_id),
            )
            for i in Invitation.objects.filter(match=match).order_by("wheel__date")
        ],
        "participants": sorted(
            (p.wheel.name[-1], role[p.organisation_id], p.side, p.challenges.count(), p.solutions.count())
            for p in participants
        ),
        "requests": [
            (role[r.from_participant.organisation_id], role[r.to_participant.organisation_id], r.priority, r.status)
            for r in requests
        ],
        "sourced": all(r.source_match_id == match.pk for r in requests),
        "meetings": [
            (m.status, role[m.proposer_id], role[m.invitee_id], m.options, m.starts_at, m.place, m.minutes, m.note)
            for m in meetings
        ],
        "outcomes": sorted(
            (role[o.organisation_id], o.outcome, o.note)
            for o in DirectMeetingOutcome.objects.filter(meeting__match=match)
        ),
        "agreement": (
            agreement.status,
            sorted(role[p.pk] for p in agreement.parties.all()),
            agreement.challenge_id == match.challenge_id,
            agreement.direct_meeting_id == meetings.last().pk,
            agreement.description,
            sorted(role[c.organisation_id] or "" for c in agreement.confirmations.all()),
            agreement.start_date,
        ),
        "pipeline": PipelineEntry.objects.get(challenge=match.challenge).stage,
        "challenge": Challenge.objects.get(pk=match.challenge_id).status,
    }


def test_the_api_and_the_pages_write_the_same_journey(django_capture_on_commit_callbacks):
    snapshots, mails = [], []
    for tag, channel in (("Web", Web), ("Api", Api)):
        world = _world(tag)
        before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            _walk(world, channel(world))
        snapshots.append(_snapshot(world))
        # New-match notifications depend on the other world's records too (one shared matcher): not compared.
        mails.append(len([m for m in mail.outbox[before:] if "/notifications/preferences/" not in m.body]))
    web, api = snapshots
    assert web == api
    assert web["agreement"][0] == "active" and web["agreement"][1] == ["firm", "town"]
    assert web["challenge"] == Challenge.Status.SOLVED
    assert [m[0] for m in web["meetings"]] == ["declined", "confirmed"]
    assert web["requests"] == [("town", "firm", "must", "accepted")] and web["sourced"]
    assert mails[0] == mails[1] > 0


def test_my_agreements_lists_only_my_organisations_agreements():
    w = _world("Lista")
    Api(w).post(
        w["as_town"],
        "wheels/direct",
        {"match": w["match"].pk, "options": [OPTIONS[0].isoformat()], "place": "Sala"},
        status=201,
    )
    meeting = DirectMeeting.objects.get()
    Api(w).answer_direct(w["as_firm"], meeting, option=1)
    DirectMeeting.objects.filter(pk=meeting.pk).update(starts_at=HELD_AT)
    Api(w).outcome(w["as_town"], meeting, "")
    agreement = Agreement.objects.get()
    other = Agreement.objects.create(title="Otro convenio")
    other.parties.set([OrganisationFactory(), OrganisationFactory()])
    [row] = _ok(w["as_firm"].get("/api/directory/agreements/mine"))["items"]
    assert (row["id"], row["status"], row["direct_meeting"], row["match"]) == (
        agreement.pk,
        "pending",
        meeting.pk,
        w["match"].pk,
    )
    assert row["parties"] == sorted([w["town"].pk, w["firm"].pk]) and row["confirmed_by"] == []
    assert _ok(w["as_firm"].get("/api/directory/agreements/mine?status=active"))["items"] == []
    assert Client().get("/api/directory/agreements/mine").status_code == 401


def _refused(response, status: int, text: str) -> None:
    assert response.status_code == status, response.content
    assert response.json()["detail"] == text


def test_refusals_are_403_and_400_with_the_spanish_text():
    w = _world("Rechazo")
    api = Api(w)
    town_c, firm_c, match = w["as_town"], w["as_firm"], w["match"]
    wheel = w["wheels"][0]

    def post(client, url, body=None):
        return client.post(f"/api/{url}", body or {}, content_type="application/json")

    _refused(
        post(firm_c, "wheels/invitations", {"match": match.pk, "wheel": wheel.pk}),
        403,
        "Solo la organización del desafío puede invitar a sus coincidencias.",
    )
    invitation = api.invite(wheel)
    _refused(
        post(town_c, f"wheels/invitations/{invitation['id']}/accept"),
        403,
        "Solo la organización invitada puede responder esta invitación.",
    )
    api.answer_invitation(Invitation.objects.get(), accept=False)
    _refused(post(firm_c, f"wheels/invitations/{invitation['id']}/accept"), 400, "Esta invitación ya fue respondida.")
    assert Invitation.objects.get().status == "declined"

    too_many = [_local(d, 10).isoformat() for d in (2, 3, 4, 5)]
    response = post(town_c, "wheels/direct", {"match": match.pk, "options": too_many, "place": "Sala"})
    assert response.status_code == 422 and not DirectMeeting.objects.exists()
    past = [(timezone.now() - dt.timedelta(days=1)).isoformat()]
    _refused(
        post(town_c, "wheels/direct", {"match": match.pk, "options": past, "place": "Sala"}),
        400,
        "Los horarios propuestos deben ser futuros.",
    )
    naive = (timezone.localtime() + dt.timedelta(days=2)).replace(tzinfo=None, second=0, microsecond=0)
    response = post(town_c, "wheels/direct", {"match": match.pk, "options": [naive.isoformat()], "place": "Sala"})
    local = _ok(response, 201)["options"][0]
    assert dt.datetime.fromisoformat(local) == timezone.make_aware(naive)  # read as local time, as the page does
    _refused(
        post(town_c, "wheels/direct", {"match": match.pk, "options": [naive.isoformat()], "place": "Sala"}),
        400,
        "Ya hay una propuesta para este par esperando respuesta.",
    )
    api.answer_direct(firm_c, DirectMeeting.objects.get(), option=None)
    proposal = api.propose(town_c)
    _refused(
        post(town_c, f"wheels/direct/{proposal['id']}/accept", {"option": 1}),
        403,
        "Solo la organización invitada puede responder esta propuesta.",
    )
    _refused(
        post(firm_c, f"wheels/direct/{proposal['id']}/accept", {"option": 7}),
        400,
        "Elige uno de los horarios propuestos.",
    )
    accepted = _ok(post(firm_c, f"wheels/direct/{proposal['id']}/accept", {"option": 3}))
    assert accepted["status"] == "confirmed" and accepted["starts_at"] == accepted["options"][2]
    _refused(
        post(firm_c, f"wheels/direct/{proposal['id']}/outcome", {"outcome": "agreement"}),
        400,
        "Esta reunión aún no se realiza.",
    )
    outsider = Client()
    outsider.force_login(UserFactory())
    DirectMeeting.objects.filter(pk=proposal["id"]).update(starts_at=HELD_AT)
    _refused(
        post(outsider, f"wheels/direct/{proposal['id']}/outcome", {"outcome": "agreement"}),
        403,
        "Solo las dos partes de una reunión pueden registrar su resultado.",
    )
    api.outcome(firm_c, DirectMeeting.objects.get(pk=proposal["id"]), "")
    agreement = Agreement.objects.get()
    _refused(
        post(outsider, f"directory/agreements/{agreement.pk}/confirm"),
        403,
        "Solo las partes del convenio pueden confirmarlo.",
    )
    staff = Client()
    staff.force_login(UserFactory(is_staff=True))
    assert _ok(post(staff, f"directory/agreements/{agreement.pk}/confirm"))["status"] == "active"
    _refused(
        post(town_c, f"directory/agreements/{agreement.pk}/confirm"),
        400,
        "Este convenio no está esperando confirmación.",
    )
    _refused(
        post(firm_c, f"matching/challenges/{match.challenge_id}/solved"),
        403,
        "Solo la organización del desafío puede declararlo resuelto.",
    )
    assert Challenge.objects.get().status == Challenge.Status.PILOT


def test_a_domain_check_raising_a_plain_validation_error_is_a_400_not_a_500():
    """The provider already takes part in the wheel as a buyer: the inviter's request cannot be made."""
    w = _world("Lado")
    wheel = w["wheels"][0]
    ParticipantFactory(wheel=wheel, organisation=w["firm"], side=Side.BUYER)
    response = w["as_town"].post(
        "/api/wheels/invitations", {"match": w["match"].pk, "wheel": wheel.pk}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("En esta rueda los compradores se reúnen con proveedores;")
    assert not Invitation.objects.exists() and not MeetingRequest.objects.exists()
