"""Who may do what in a business wheel. Checks only; writes live in `helix.wheel.domain`."""

from helix.network.permissions import acting_organisation_ids, can_admin_organisation, can_edit_organisation

from .models import DirectMeeting, Invitation, Meeting, MeetingRequest, Participant, Wheel


def can_manage_wheel(user, wheel: Wheel) -> bool:
    """Staff, or an admin of the organisation that organises the wheel's event."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    organiser_id = wheel.event.organiser_id
    return organiser_id is not None and can_admin_organisation(user, organiser_id)


def can_act_for_participant(user, participant: Participant) -> bool:
    """Staff and organisers act for anyone; a representative only for their organisation's participant."""
    if user is None or not user.is_authenticated:
        return False
    if participant.organisation_id in acting_organisation_ids(user):
        return True
    return can_manage_wheel(user, participant.wheel)


def can_answer_request(user, request: MeetingRequest) -> bool:
    """The invited participant (its representatives), organisers and staff."""
    return can_act_for_participant(user, request.to_participant)


def can_record_outcome(user, meeting: Meeting, participant: Participant) -> bool:
    """One of the meeting's two sides, by its representatives (or organisers and staff on its behalf)."""
    return participant.pk in (meeting.a_id, meeting.b_id) and can_act_for_participant(user, participant)


def acting_participants(user, wheel: Wheel) -> list[Participant]:
    """The participants of `wheel` the user represents (not counting organiser rights)."""
    org_ids = acting_organisation_ids(user)
    if not org_ids:
        return []
    return list(wheel.participants.filter(organisation_id__in=org_ids).select_related("organisation"))


def can_invite_to_wheel(user, match) -> bool:
    """The challenge's organisation (its representatives) or staff invite a matched provider."""
    return can_edit_organisation(user, match.challenge.organisation_id)


def can_answer_invitation(user, invitation: Invitation) -> bool:
    """The invited organisation's representatives, or staff."""
    return can_edit_organisation(user, invitation.organisation_id)


def proposing_side(user, match) -> str | None:
    """The side of `match` ("challenge" or "provider") `user` proposes a direct meeting for, if any
    (staff and those who represent both propose for the challenge's side)."""
    if can_edit_organisation(user, match.challenge.organisation_id):
        return "challenge"
    if can_edit_organisation(user, match.solution.provider_id):
        return "provider"
    return None


def can_answer_direct_meeting(user, meeting: DirectMeeting) -> bool:
    """The invited organisation's representatives, or staff."""
    return can_edit_organisation(user, meeting.invitee_id)


def can_see_direct_meeting(user, meeting: DirectMeeting) -> bool:
    return can_edit_organisation(user, meeting.invitee_id) or can_edit_organisation(user, meeting.proposer_id)


def direct_meeting_side(user, meeting: DirectMeeting) -> int:
    """The organisation (pk) `user` records a direct meeting's outcome for: the invited side when the user
    represents it, otherwise the proposing side (the domain refuses those who represent neither)."""
    return meeting.invitee_id if meeting.invitee_id in acting_organisation_ids(user) else meeting.proposer_id


def can_record_direct_outcome(user, meeting: DirectMeeting, organisation) -> bool:
    """A side's representative records that side's outcome (staff for either side)."""
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return org_id in (meeting.proposer_id, meeting.invitee_id) and can_edit_organisation(user, org_id)


def can_host_wheel_on(user, event) -> bool:
    """A wheel may sit on an event its organiser organises: staff on any event, an organisation's admin
    only on its own organisation's events (so never on another organisation's event nor its drafts)."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return event.organiser_id is not None and can_admin_organisation(user, event.organiser_id)
