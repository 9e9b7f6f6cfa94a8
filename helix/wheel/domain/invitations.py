"""Inviting a matched provider to a business wheel, from a challenge's matches.

The challenge's organisation (or staff) invites the provider of a match: the organisation is
registered in the wheel if it was not, the provider's representatives get an e-mail and see the
invitation in the app, and accepting it registers the provider with the meeting request — from the
challenge's side, about that match — already made and accepted. No organiser has to step in.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helix.core.errors import HelixError
from helix.matching.models import Match
from helix.notifications.domain import notify_organisation
from helix.notifications.models import Kind

from ..models import Invitation, MeetingRequest, Participant, Side, Wheel
from ..notifications import send_invitation
from ..permissions import can_answer_invitation, can_invite_to_wheel, can_manage_wheel
from .answers import close, lock_unanswered
from .registration import register_participant, registration_is_open
from .requests import check_pair_allowed


def invitable_wheels(*, now=None) -> list[Wheel]:
    """Upcoming wheels a provider can still be invited to (registration open), soonest first."""
    now = now or timezone.now()
    wheels = Wheel.objects.filter(date__gte=timezone.localdate(now)).exclude(status=Wheel.Status.DRAFT)
    return [w for w in wheels.select_related("event").order_by("date", "pk")[:20] if registration_is_open(w, now=now)]


def _side(wheel: Wheel, side: str) -> str:
    return Side.ANY if wheel.audience == Wheel.Audience.ANY_TO_ANY else side


def _check_open(wheel: Wheel, actor) -> None:
    if not (registration_is_open(wheel) or can_manage_wheel(actor, wheel)) or wheel.date < timezone.localdate():
        raise HelixError(_("Registration for this wheel is closed."), code="registration_closed")


def invite(*, actor, match: Match, wheel: Wheel) -> Invitation:
    """Invite the provider of `match` to `wheel` on behalf of the challenge's organisation.

    Registers the challenge's organisation (as a buyer, with the challenge linked) when needed. Inviting
    twice returns the same invitation; a provider already registered gets the request right away.
    """
    challenge = match.challenge
    if not can_invite_to_wheel(actor, match):
        raise PermissionDenied(_("Only the challenge's organisation can invite its matches."))
    if match.state == Match.State.DISMISSED:
        raise HelixError(_("This match was dismissed."), code="match_dismissed")
    _check_open(wheel, actor)
    provider = match.solution.provider
    with transaction.atomic():
        inviter = Participant.objects.filter(wheel=wheel, organisation_id=challenge.organisation_id).first()
        if inviter is None:
            inviter = register_participant(
                wheel=wheel,
                organisation=challenge.organisation,
                side=_side(wheel, Side.BUYER),
                by=actor,
                challenges=[challenge],
            )
        else:
            inviter.challenges.add(challenge)
        invitation, created = Invitation.objects.get_or_create(
            wheel=wheel,
            organisation=provider,
            match=match,
            defaults={"inviter": inviter, "invited_by": actor if actor.is_authenticated else None},
        )
        registered = Participant.objects.filter(wheel=wheel, organisation=provider, withdrawn_at__isnull=True).first()
        if registered is not None and invitation.status == Invitation.Status.PENDING:
            _accept(invitation, registered)
        elif created:
            send_invitation(invitation_id=invitation.pk)
            # In the app too; the invitation's own e-mail already carries the link (issue 12 §2).
            notify_organisation(
                provider.pk,
                Kind.INVITATION,
                invitation,
                message="invitation",
                url=wheel.get_absolute_url(),
                params={"organisation": challenge.organisation.name, "wheel": wheel.name},
                emailed=True,
            )
    return invitation


def _request_from_inviter(invitation: Invitation, participant: Participant) -> MeetingRequest:
    check_pair_allowed(wheel=invitation.wheel, a=invitation.inviter, b=participant)
    request, _created = MeetingRequest.objects.update_or_create(
        from_participant=invitation.inviter,
        to_participant=participant,
        defaults={
            "wheel": invitation.wheel,
            "priority": MeetingRequest.Priority.MUST,
            "status": MeetingRequest.Status.ACCEPTED,
            "answered_at": timezone.now(),
            "source_match": invitation.match,
        },
    )
    return request


def _accept(invitation: Invitation, participant: Participant) -> None:
    _request_from_inviter(invitation, participant)
    participant.solutions.add(invitation.match.solution_id)
    close(invitation, status=Invitation.Status.ACCEPTED, participant=participant)


def _lock(invitation: Invitation) -> Invitation:
    return lock_unanswered(
        Invitation.objects.select_related("wheel", "match"),
        invitation.pk,
        waiting=Invitation.Status.PENDING,
        message=_("This invitation was already answered."),
        code="invitation_answered",
    )


def accept_invitation(*, actor, invitation: Invitation) -> Participant:
    """The provider accepts: it is registered (as a supplier, every slot, its solution linked) and the
    inviter's request to meet it is there, accepted. Returns the provider's participant."""
    if not can_answer_invitation(actor, invitation):
        raise PermissionDenied(_("Only the invited organisation can answer this invitation."))
    with transaction.atomic():
        invitation = _lock(invitation)
        _check_open(invitation.wheel, actor)
        participant = Participant.objects.filter(wheel=invitation.wheel, organisation=invitation.organisation).first()
        if participant is None:
            participant = register_participant(
                wheel=invitation.wheel,
                organisation=invitation.organisation,
                side=_side(invitation.wheel, Side.SUPPLIER),
                by=actor,
                solutions=[invitation.match.solution_id],
            )
        _accept(invitation, participant)
    return participant


def decline_invitation(*, actor, invitation: Invitation) -> Invitation:
    if not can_answer_invitation(actor, invitation):
        raise PermissionDenied(_("Only the invited organisation can answer this invitation."))
    with transaction.atomic():
        invitation = _lock(invitation)
        close(invitation, status=Invitation.Status.DECLINED)
    return invitation
