"""Agenda e-mails: one message per participant, to its representatives, with the PDF and .ics attached.
Sent through ``helix.core.mail`` (queued on commit, composed by the worker)."""

from django.conf import settings
from django.utils import translation

from helix.core import mail

from .documents import agenda_ics, agenda_pdf
from .models import Participant, Wheel
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
