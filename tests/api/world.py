"""A small world for the authorization matrices: an owner organisation (with a representative and an
admin) whose records are the targets, counterpart organisations, and the six roles' users."""

import datetime as dt

from django.utils import timezone

from helix.academy import domain as academy
from helix.events.domain import registration as events
from helix.matching.models import Match
from helix.network.models import Agreement, Membership
from helix.wheel.domain import direct, invitations
from helix.wheel.models import DirectMeeting, MeetingRequest, Side
from tests.factories.academy import CohortFactory
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.events import EventFactory
from tests.factories.matching import ChallengeFactory, SolutionFactory
from tests.factories.network import AgreementFactory, MembershipFactory, OrganisationFactory, PersonFactory
from tests.factories.surveys import every_type_questionnaire, open_campaign
from tests.factories.wheel import ParticipantFactory, WheelFactory

ROLES = ("anonymous", "citizen", "other_rep", "owner_rep", "owner_admin", "staff")


def _member(organisation, role=Membership.Role.REPRESENTATIVE):
    user = UserFactory()
    MembershipFactory(person=PersonFactory(user=user, email=user.email), organisation=organisation, role=role)
    return user


def _local(days: int, hour: int) -> dt.datetime:
    return (timezone.localtime() + dt.timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def build() -> dict:
    """Every record an API operation or a write page can target, owned by ``owner`` where it has an owner."""
    staff = StaffFactory()
    owner = OrganisationFactory(name="Municipalidad Dueña", kind="municipality")
    firm = OrganisationFactory(name="Empresa Contraparte")
    town = OrganisationFactory(name="Municipalidad Contraparte", kind="municipality")
    other = OrganisationFactory(name="Organización Ajena")
    users = {
        "anonymous": None,
        "citizen": UserFactory(),
        "other_rep": _member(other),
        "owner_rep": _member(owner),
        "owner_admin": _member(owner, Membership.Role.ADMIN),
        "staff": staff,
    }
    firm_rep, town_rep = _member(firm), _member(town)
    now = timezone.now()
    # The owner's challenge matched to the firm's solution; the town's challenge matched to the owner's solution.
    challenge = ChallengeFactory(organisation=owner, title="Desafío del dueño")
    firm_solution = SolutionFactory(provider=firm, title="Solución de la empresa")
    match = Match.objects.create(challenge=challenge, solution=firm_solution, score=0.8, computed_at=now)
    fresh_match = Match.objects.create(
        challenge=challenge, solution=SolutionFactory(provider=firm, title="Otra solución"), score=0.6, computed_at=now
    )
    solution = SolutionFactory(provider=owner, title="Solución del dueño")
    town_challenge = ChallengeFactory(organisation=town, title="Desafío de la contraparte")
    provider_match = Match.objects.create(challenge=town_challenge, solution=solution, score=0.7, computed_at=now)
    # A wheel where the town asked the owner for a meeting; the town invited the owner's solution to another.
    wheel = WheelFactory(date=timezone.localdate() + dt.timedelta(days=20), mode="confirm")
    owner_participant = ParticipantFactory(wheel=wheel, organisation=owner, side=Side.BUYER)
    owner_participant.representatives.add(users["owner_rep"].person, users["owner_admin"].person)
    town_participant = ParticipantFactory(wheel=wheel, organisation=town, side=Side.SUPPLIER)
    meeting_request = MeetingRequest.objects.create(
        wheel=wheel, from_participant=town_participant, to_participant=owner_participant, priority="must"
    )
    invite_wheel = WheelFactory(date=timezone.localdate() + dt.timedelta(days=25), mode="confirm")
    invitation = invitations.invite(actor=town_rep, match=provider_match, wheel=invite_wheel)
    # Direct meetings: one proposed by the town to the owner; one held with the firm (outcome to record).
    options = [_local(3, 10), _local(4, 11)]
    proposal = direct.propose_direct_meeting(
        actor=town_rep, match=provider_match, options=options, place="Sala 1", minutes=30, note=""
    )
    held = direct.propose_direct_meeting(
        actor=users["owner_rep"], match=match, options=options, place="Sala 2", minutes=30, note=""
    )
    direct.accept_direct_meeting(actor=firm_rep, meeting=held, option=1)
    DirectMeeting.objects.filter(pk=held.pk).update(starts_at=now - dt.timedelta(hours=2))
    held.refresh_from_db()
    agreement = AgreementFactory(title="Convenio del dueño", parties=[owner, firm], status=Agreement.Status.PENDING)
    # The owner's representative registered to an event and enrolled in a cohort.
    event = EventFactory(starts_at=now + dt.timedelta(days=10), ends_at=now + dt.timedelta(days=10, hours=3))
    registration = events.register(
        event_id=event.pk,
        name="Rep",
        email=users["owner_rep"].email,
        user=users["owner_rep"],
        organisation_name="",
        answers={},
        session_ids=[],
    )
    cohort = CohortFactory(capacity=10)
    enrolment = academy.enrol(actor=staff, cohort=cohort, person=users["owner_rep"].person, notify=False)
    questionnaire, _questions = every_type_questionnaire(staff)
    campaign = open_campaign(staff, questionnaire, [owner, firm])
    return {
        "users": users,
        "owner": owner,
        "firm": firm,
        "town": town,
        "other": other,
        "challenge": challenge,
        "solution": solution,
        "match": match,
        "provider_match": provider_match,
        "fresh_match": fresh_match,
        "wheel": wheel,
        "invite_wheel": invite_wheel,
        "owner_participant": owner_participant,
        "town_participant": town_participant,
        "meeting_request": meeting_request,
        "invitation": invitation,
        "proposal": proposal,
        "held": held,
        "agreement": agreement,
        "event": event,
        "registration": registration,
        "cohort": cohort,
        "enrolment": enrolment,
        "questionnaire": questionnaire,
        "campaign": campaign,
    }
