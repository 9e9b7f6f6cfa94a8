"""Surveys' part of the personal-data download and of account deletion.

A response belongs to the organisation that answered; the person who filled it in is recorded only
as its contact (name and e-mail, for reminders). The download lists the responses whose contact is
the person, with their answers. On deletion the response and its answers stay (they are the
organisation's, counted in campaign figures) but the contact's name and e-mail are removed, and the
person's name and e-mail are scrubbed from free-text answers. Queued reminders then find no address.
"""

from typing import Any

from helix.core.personal_data import ERASED, DataSubject, email_q, register, scrub

from .domain.reports import answer_label
from .models import Answer, Question, Response

TEXT_KINDS = (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT)


def _responses(subject: DataSubject):
    return Response.objects.filter(email_q("contact_email", subject))


def export_responses(subject: DataSubject) -> list[dict[str, Any]]:
    rows = (
        _responses(subject)
        .select_related("campaign", "organisation")
        .prefetch_related("answers__question__options")
        .order_by("created_at", "pk")
    )
    return [
        {
            "campaign": r.campaign.title,
            "organisation": r.organisation.name,
            "contact_name": r.contact_name,
            "contact_email": r.contact_email,
            "status": r.status,
            "started_at": r.started_at,
            "submitted_at": r.submitted_at,
            "answers": [
                {"question": a.question.text, "answer": answer_label(a.question, a.value)} for a in r.answers.all()
            ],
        }
        for r in rows
    ]


def erase_responses(subject: DataSubject) -> None:
    responses = list(_responses(subject))
    for answer in Answer.objects.filter(response__in=responses, question__kind__in=TEXT_KINDS):
        cleaned = scrub(answer.value, subject) if isinstance(answer.value, str) else answer.value
        if cleaned != answer.value:
            answer.value = cleaned
            answer.save(update_fields=["value"])
    for response in responses:
        response.contact_name = ERASED if response.contact_name else ""
        response.contact_email = ""
        response.save(update_fields=["contact_name", "contact_email"])


register(
    "survey_responses",
    export=export_responses,
    erase=erase_responses,
    covers={"surveys.Response": ("contact_name", "contact_email"), "surveys.Answer": ("value",)},
)
