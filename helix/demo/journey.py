"""Demo of the journey from a challenge to an agreement, for the demo municipality (runs last).

The demo representative (`representante@helix.demo`, Municipalidad de Valparaíso) publishes three
challenges; their matches (computed by the real matcher) then go through every step of the journey,
each through the domain function a user's click calls:
- a provider invited to the upcoming business wheel (pending) and another that accepted (registered,
  with the municipality's meeting request already accepted);
- a direct meeting proposed (three times to choose from) and one confirmed (in both agendas);
- two direct meetings held twelve days ago whose outcome was "agreement": one agreement still
  "pending confirmation", one confirmed by both sides (active); their challenges are in
  "pilot / agreement".
Deterministic: dates are relative to the anchor date (the day the seed runs); the matcher decides the
pairs. Held meetings are moved into the past after being confirmed (as other seeders back-date rows).
"""

import datetime as dt
import random

from django.contrib.auth import get_user_model

from helix.core.errors import HelixError
from helix.demo.dates import TZ, today
from helix.demo.network import REPRESENTATIVE_EMAIL
from helix.events.domain.registration import register
from helix.events.models import Event
from helix.matching.domain.records import save_challenge
from helix.matching.models import Challenge, Match
from helix.network.domain import confirm_agreement
from helix.network.models import Agreement, Membership, Organisation
from helix.wheel.domain.direct import accept_direct_meeting, propose_direct_meeting, record_direct_outcome
from helix.wheel.domain.invitations import accept_invitation, invitable_wheels, invite
from helix.wheel.domain.requests import mark
from helix.wheel.models import DirectMeeting, Invitation, MeetingOutcome, MeetingRequest, Participant, Side, Wheel

PLACE = "Edificio Consistorial, Av. Argentina 864, Valparaíso"
CHALLENGES = [
    (
        "Fugas en la red de agua potable de los cerros",
        "Los cerros de Valparaíso pierden agua potable por fugas en matrices antiguas. Buscamos sensores "
        "y telemetría para detectar fugas, medir caudal y presión, y priorizar reparaciones.",
    ),
    (
        "Alumbrado público eficiente en escaleras y pasajes",
        "Las escaleras y pasajes tienen luminarias antiguas y zonas oscuras. Buscamos luminarias LED "
        "telegestionadas que reduzcan el consumo de energía y mejoren la seguridad de los vecinos.",
    ),
    (
        "Rutas de recolección de residuos y reciclaje",
        "La recolección de residuos y basura en los cerros es lenta y cara. Buscamos sensores de llenado de "
        "contenedores, rutas optimizadas y puntos de reciclaje para los barrios.",
    ),
]


def _at(days: int, hour: int) -> dt.datetime:
    return dt.datetime.combine(today() + dt.timedelta(days=days), dt.time(hour, 0), tzinfo=TZ)


def _actors():
    """The demo representative with its municipality, and a staff account (acting for the providers)."""
    user = get_user_model().objects.filter(email=REPRESENTATIVE_EMAIL).first()
    town = (
        Organisation.objects.filter(
            memberships__person__user=user, memberships__status=Membership.Status.APPROVED
        ).first()
        if user
        else None
    )
    staff = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("pk").first()
    return user, town, staff


def _challenges(user, town: Organisation) -> list[Challenge]:
    found = []
    for title, description in CHALLENGES:
        challenge = Challenge.objects.filter(organisation=town, title=title).first()
        if challenge is None:
            challenge = save_challenge(
                actor=user,
                organisation=town,
                title=title,
                description=description,
                commune=town.commune,
                status=Challenge.Status.OPEN,
            )
        found.append(challenge)
    return found


def _pairs(challenges: list[Challenge], town: Organisation, n: int) -> list[Match]:
    """The best match of each provider (one pair per provider), best first, taking the challenges in turn."""
    matches = (
        Match.objects.filter(challenge__in=challenges)
        .exclude(state=Match.State.DISMISSED)
        .exclude(solution__provider=town)
        .select_related("challenge__organisation", "solution__provider")
        .order_by("-score", "pk")
    )
    by_challenge: dict[int, list[Match]] = {c.pk: [] for c in challenges}
    for match in matches:
        by_challenge[match.challenge_id].append(match)
    picked, providers = [], set()
    while len(picked) < n and any(by_challenge.values()):
        for queue in by_challenge.values():
            while queue and queue[0].solution.provider_id in providers:
                queue.pop(0)
            if queue and len(picked) < n:
                match = queue.pop(0)
                providers.add(match.solution.provider_id)
                picked.append(match)
    return picked


def _invitations(pairs: list[Match], *, user, staff, counts: dict) -> None:
    wheels = invitable_wheels()
    if not wheels or len(pairs) < 2:
        return
    wheel = wheels[0]
    accepted = invite(actor=user, match=pairs[0], wheel=wheel)
    if accepted.status == Invitation.Status.PENDING:
        accept_invitation(actor=staff, invitation=accepted)
    invite(actor=user, match=pairs[1], wheel=wheel)
    counts["invitations"] += 2


def _requests_to_answer(town: Organisation, *, staff, n: int = 2) -> int:
    """Two suppliers of the open wheel ask to meet the municipality: "Mi Helix" shows them waiting for
    its answer (and the representative is notified), as a click on "must meet" would."""
    own = (
        Participant.objects.filter(organisation=town, withdrawn_at__isnull=True, wheel__status=Wheel.Status.OPEN)
        .filter(wheel__date__gt=today())
        .select_related("wheel")
        .order_by("wheel__date")
        .first()
    )
    if own is None:
        return 0
    asked = set(MeetingRequest.objects.filter(to_participant=own).values_list("from_participant_id", flat=True))
    suppliers = (
        own.wheel.participants.filter(side=Side.SUPPLIER, withdrawn_at__isnull=True)
        .exclude(pk__in=asked)
        .order_by("pk")[:n]
    )
    for supplier in suppliers:
        mark(user=staff, source=supplier, target=own, priority=MeetingRequest.Priority.MUST)
    return len(suppliers)


def _ticket(user) -> int:
    """The representative registers for the next congress, so "Mi Helix" shows a ticket."""
    event = (
        Event.objects.filter(kind=Event.Kind.CONGRESS, status=Event.Status.PUBLISHED, starts_at__gt=_at(0, 0))
        .order_by("starts_at")
        .first()
    )
    if event is None:
        return 0
    try:
        register(event_id=event.pk, name=user.get_full_name(), email=user.email, user=user)
    except HelixError:  # already registered (the events seeder may have picked them), or full
        return 0
    return 1


def _propose(match: Match, *, user, days: int) -> DirectMeeting:
    return propose_direct_meeting(
        actor=user,
        match=match,
        options=[_at(days, 10), _at(days + 1, 12), _at(days + 2, 16)],
        place=PLACE,
        minutes=45,
        note=f"Conversemos sobre «{match.challenge.title}».",
    )


def _held_with_agreement(match: Match, *, user, staff, town: Organisation, confirm: bool) -> Agreement:
    meeting = _propose(match, user=user, days=3)
    meeting = accept_direct_meeting(actor=staff, meeting=meeting, option=1)
    held_at = _at(-12, 10)
    DirectMeeting.objects.filter(pk=meeting.pk).update(
        option_1=held_at,
        option_2=None,
        option_3=None,
        starts_at=held_at,
        created_at=held_at - dt.timedelta(days=6),
        answered_at=held_at - dt.timedelta(days=4),
    )
    meeting.refresh_from_db()
    agreement_outcome = MeetingOutcome.Outcome.AGREEMENT
    note = "Acordamos un piloto de seis meses en dos cerros."
    record_direct_outcome(actor=user, meeting=meeting, organisation=town, outcome=agreement_outcome, note=note)
    agreement = Agreement.objects.get(direct_meeting=meeting)
    if confirm:
        provider = match.solution.provider
        record_direct_outcome(actor=staff, meeting=meeting, organisation=provider, outcome=agreement_outcome)
        confirm_agreement(actor=user, agreement=agreement)
        agreement = confirm_agreement(actor=staff, agreement=agreement)
    return agreement


def seed(*, rng: random.Random, scale: int, stdout=None) -> dict[str, int]:
    counts = {"challenges": 0, "invitations": 0, "direct meetings": 0, "agreements": 0}
    user, town, staff = _actors()
    if user is None or town is None or staff is None:
        if stdout:
            stdout.write("journey: no demo representative or staff account; skipped")
        return counts
    challenges = _challenges(user, town)
    counts["challenges"] = len(challenges)
    pairs = _pairs(challenges, town, 6)
    _invitations(pairs[:2], user=user, staff=staff, counts=counts)
    counts["requests to answer"] = _requests_to_answer(town, staff=staff)
    counts["tickets"] = _ticket(user)
    if len(pairs) >= 4:
        _propose(pairs[2], user=user, days=5)
        confirmed = _propose(pairs[3], user=user, days=8)
        accept_direct_meeting(actor=staff, meeting=confirmed, option=2)
        counts["direct meetings"] += 2
    for match, confirm in zip(pairs[4:6], (False, True)):
        _held_with_agreement(match, user=user, staff=staff, town=town, confirm=confirm)
        counts["direct meetings"] += 1
        counts["agreements"] += 1
    if stdout and len(pairs) < 6:
        stdout.write(f"journey: only {len(pairs)} matched providers for the demo municipality's challenges")
    return counts
