"""Wheel e-mails: agendas (one message per participant, to its representatives, with the PDF and .ics
attached) and invitations to register (to the invited organisation's representatives)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from helix.network.models import Membership

from .documents import agenda_ics, agenda_pdf
from .models import Invitation, Participant, Wheel
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


def send_invitation(*, invitation_id: int) -> int:
    """E-mail an invitation to the invited organisation's representatives (else its public address)."""
    invitation = Invitation.objects.select_related(
        "wheel__event", "inviter__organisation", "organisation", "match__challenge", "match__solution"
    ).get(pk=invitation_id)
    people = Membership.objects.filter(
        organisation=invitation.organisation,
        status=Membership.Status.APPROVED,
        role__in=[Membership.Role.REPRESENTATIVE, Membership.Role.ADMIN],
    ).select_related("person__user")
    to = sorted({m.person.email or getattr(m.person.user, "email", "") for m in people} - {"", None})
    if not to and invitation.organisation.email:
        to = [invitation.organisation.email]
    if not to:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {"invitation": invitation, "url": f"{settings.SITE_URL}{invitation.wheel.get_absolute_url()}"}
        subject = render_to_string("wheel/email/invitation_subject.txt", context).strip()
        body = render_to_string("wheel/email/invitation.txt", context)
        EmailMultiAlternatives(subject, body, to=to).send()
    return 1
