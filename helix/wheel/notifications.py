"""Wheel e-mails: agendas (one message per participant, to its representatives, with the PDF and .ics
attached), invitations to register and direct meetings. Sent through ``helix.core.mail`` (queued on
commit, composed by the worker)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from helix.core import mail
from helix.network.queries import representative_emails

from .documents import agenda_ics, agenda_pdf, direct_meeting_ics
from .models import DirectMeeting, Invitation, Participant, Wheel
from .queries import agenda_meetings


def recipients(participant: Participant) -> list[str]:
    emails = [p.email for p in participant.representatives.all() if p.email]
    if not emails and participant.organisation.email:
        emails = [participant.organisation.email]
    return sorted(set(emails))


@mail.composer
def agenda_emails(*, wheel_id: int, participant_ids: list[int], changed: bool) -> list[mail.Email]:
    """The agenda of each listed participant (in Spanish, the default), one message each."""
    wheel = Wheel.objects.select_related("event").get(pk=wheel_id)
    participants = (
        wheel.participants.filter(pk__in=participant_ids)
        .select_related("organisation")
        .prefetch_related("representatives")
    )
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for participant in participants:
            to = recipients(participant)
            if not to:
                continue
            meetings = agenda_meetings(participant)
            messages.append(
                mail.Email(
                    template="wheel/email/agenda",
                    to=to,
                    language=settings.LANGUAGE_CODE,
                    context={"wheel": wheel, "participant": participant, "meetings": meetings, "changed": changed},
                    attachments=[
                        (f"agenda-{participant.pk}.pdf", agenda_pdf(participant, meetings), "application/pdf"),
                        (f"agenda-{participant.pk}.ics", agenda_ics(participant, meetings), "text/calendar"),
                    ],
                )
            )
    return messages


def send_agendas(*, wheel_id: int, participant_ids: list[int], changed: bool) -> None:
    """Queue the agenda e-mails of these participants (composed and sent by the worker after commit)."""
    if participant_ids:
        mail.send(agenda_emails, wheel_id=wheel_id, participant_ids=list(participant_ids), changed=changed)


@mail.composer
def invitation_email(*, invitation_id: int) -> mail.Email | None:
    """An invitation to register, to the invited organisation's representatives."""
    invitation = (
        Invitation.objects.select_related(
            "wheel__event", "inviter__organisation", "organisation", "match__challenge", "match__solution"
        )
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        return None
    return mail.Email(
        template="wheel/email/invitation",
        to=representative_emails(invitation.organisation),
        language=settings.LANGUAGE_CODE,
        context={"invitation": invitation, "url": f"{settings.SITE_URL}{invitation.wheel.get_absolute_url()}"},
    )


def send_invitation(*, invitation_id: int) -> None:
    mail.send(invitation_email, invitation_id=invitation_id)


@mail.composer
def direct_meeting_emails(*, meeting_id: int) -> list[mail.Email]:
    """A proposal goes to the invited side; a confirmed meeting to both sides, each with its .ics."""
    meeting = (
        DirectMeeting.objects.select_related("proposer", "invitee", "match__challenge", "match__solution")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        return []
    url = f"{settings.SITE_URL}{reverse('wheel:direct_meetings')}"
    if meeting.status == DirectMeeting.Status.PROPOSED:
        return [
            mail.Email(
                template="wheel/email/direct_proposed",
                to=representative_emails(meeting.invitee),
                language=settings.LANGUAGE_CODE,
                context={"meeting": meeting, "url": url},
            )
        ]
    if meeting.status != DirectMeeting.Status.CONFIRMED:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        return [
            mail.Email(
                template="wheel/email/direct_confirmed",
                to=representative_emails(own),
                language=settings.LANGUAGE_CODE,
                context={"meeting": meeting, "own": own, "other": other, "url": url},
                attachments=[(f"reunion-{meeting.pk}.ics", direct_meeting_ics(meeting, own), "text/calendar")],
            )
            for own, other in ((meeting.proposer, meeting.invitee), (meeting.invitee, meeting.proposer))
        ]


def send_direct_meeting(*, meeting_id: int) -> None:
    mail.send(direct_meeting_emails, meeting_id=meeting_id)
