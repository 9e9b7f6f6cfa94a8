"""Wheel e-mails: agendas (one message per participant, to its representatives, with the PDF and .ics
attached) and invitations to register (to the invited organisation's representatives)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from helix.network.queries import representative_emails

from .documents import agenda_ics, agenda_pdf, direct_meeting_ics
from .models import DirectMeeting, Invitation, Participant, Wheel
from .queries import agenda_meetings


def recipients(participant: Participant) -> list[str]:
    emails = [p.email for p in participant.representatives.all() if p.email]
    if not emails and participant.organisation.email:
        emails = [participant.organisation.email]
    return sorted(set(emails))


def send_agendas(*, wheel_id: int, participant_ids: list[int], changed: bool) -> int:
    """E-mail the agenda to each listed participant (in Spanish, the default). Returns messages sent."""
    wheel = Wheel.objects.select_related("event").get(pk=wheel_id)
    sent = 0
    participants = (
        wheel.participants.filter(pk__in=participant_ids)
        .select_related("organisation")
        .prefetch_related("representatives")
    )
    with translation.override(settings.LANGUAGE_CODE):
        for participant in participants:
            to = recipients(participant)
            if not to:
                continue
            meetings = agenda_meetings(participant)
            context = {"wheel": wheel, "participant": participant, "meetings": meetings, "changed": changed}
            subject = render_to_string("wheel/email/agenda_subject.txt", context).strip()
            body = render_to_string("wheel/email/agenda.txt", context)
            message = EmailMultiAlternatives(subject, body, to=to)
            message.attach(f"agenda-{participant.pk}.pdf", agenda_pdf(participant, meetings), "application/pdf")
            message.attach(f"agenda-{participant.pk}.ics", agenda_ics(participant, meetings), "text/calendar")
            message.send()
            sent += 1
    return sent


def _send(template: str, context: dict, to: list[str], attachments=()) -> int:
    if not to:
        return 0
    subject = render_to_string(f"wheel/email/{template}_subject.txt", context).strip()
    message = EmailMultiAlternatives(subject, render_to_string(f"wheel/email/{template}.txt", context), to=to)
    for attachment in attachments:
        message.attach(*attachment)
    message.send()
    return 1


def send_invitation(*, invitation_id: int) -> int:
    """E-mail an invitation to the invited organisation's representatives."""
    invitation = Invitation.objects.select_related(
        "wheel__event", "inviter__organisation", "organisation", "match__challenge", "match__solution"
    ).get(pk=invitation_id)
    with translation.override(settings.LANGUAGE_CODE):
        context = {"invitation": invitation, "url": f"{settings.SITE_URL}{invitation.wheel.get_absolute_url()}"}
        return _send("invitation", context, representative_emails(invitation.organisation))


def send_direct_meeting(*, meeting_id: int) -> int:
    """A proposal goes to the invited side; a confirmed meeting to both sides, each with its .ics."""
    meeting = DirectMeeting.objects.select_related("proposer", "invitee", "match__challenge", "match__solution").get(
        pk=meeting_id
    )
    url = f"{settings.SITE_URL}{reverse('wheel:direct_meetings')}"
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        if meeting.status == DirectMeeting.Status.PROPOSED:
            context = {"meeting": meeting, "url": url}
            return _send("direct_proposed", context, representative_emails(meeting.invitee))
        if meeting.status != DirectMeeting.Status.CONFIRMED:
            return 0
        for own, other in ((meeting.proposer, meeting.invitee), (meeting.invitee, meeting.proposer)):
            context = {"meeting": meeting, "own": own, "other": other, "url": url}
            ics = (f"reunion-{meeting.pk}.ics", direct_meeting_ics(meeting, own), "text/calendar")
            sent += _send("direct_confirmed", context, representative_emails(own), [ics])
    return sent
