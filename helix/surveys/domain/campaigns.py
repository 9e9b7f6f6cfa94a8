"""Campaigns: sending a published questionnaire to organisations, personal token links, save and
resume, submission with scoring, reminders in the background and response-rate tracking."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helix.core import mail
from helix.core.enqueue import enqueue_on_commit
from helix.core.errors import HelixError
from helix.core.personal_data import is_erased_email
from helix.network.models import Organisation

from .. import scoring
from ..models import Answer, Campaign, Question, Questionnaire, Response
from ..permissions import can_manage_surveys
from .answers import clean_answers

MAX_RECIPIENTS = 5000


def new_token() -> str:
    """256 random bits, URL-safe: cannot be guessed, and opens only its own response."""
    return secrets.token_urlsafe(32)


def recipients(*, regions: Iterable[int] = (), kinds: Iterable[str] = (), sectors: Iterable[str] = ()):
    """Organisations matching every given filter (region codes, kinds, sectors)."""
    qs = Organisation.objects.all()
    if regions:
        qs = qs.filter(Q(region__code__in=list(regions)) | Q(commune__region__code__in=list(regions)))
    if kinds:
        qs = qs.filter(kind__in=list(kinds))
    if sectors:
        qs = qs.filter(sector__in=list(sectors))
    return qs.distinct().order_by("name", "pk")


def create_campaign(
    *, actor, questionnaire: Questionnaire, title: str, deadline: dt.datetime, organisations: Iterable[Organisation]
) -> Campaign:
    """Open a campaign of a published questionnaire and give each organisation its response with a
    personal token. Guarantees: the version is published (frozen); the deadline is in the future;
    1–5,000 distinct organisations."""
    if not can_manage_surveys(actor):
        raise PermissionDenied
    errors = {}
    if not questionnaire.is_frozen:
        errors["questionnaire"] = _("Publish the questionnaire before sending it.")
    if not (title or "").strip():
        errors["title"] = _("A title is required.")
    if deadline is None or deadline <= timezone.now():
        errors["deadline"] = _("The deadline must be in the future.")
    orgs = list({o.pk: o for o in organisations}.values())
    if not orgs:
        errors["organisations"] = _("Choose at least one organisation.")
    elif len(orgs) > MAX_RECIPIENTS:
        errors["organisations"] = _("At most %(n)s organisations per campaign.") % {"n": MAX_RECIPIENTS}
    if errors:
        raise HelixError(_("Please correct the errors below."), code="invalid_campaign", field_errors=errors)
    with transaction.atomic():
        campaign = Campaign.objects.create(questionnaire=questionnaire, title=title.strip()[:200], deadline=deadline)
        Response.objects.bulk_create(
            Response(campaign=campaign, organisation=o, token=new_token(), contact_email=o.email) for o in orgs
        )
        # Each organisation with an address gets its personal link (sent by the worker after commit).
        mail.send(campaign_invitation_emails, campaign_id=campaign.pk)
    return campaign


def _personal_email(response: Response, template: str) -> mail.Email:
    campaign = response.campaign
    return mail.Email(
        template=template,
        to=[response.contact_email],
        language=settings.LANGUAGE_CODE,
        context={
            "organisation": response.organisation.name,
            "campaign": campaign.title,
            "deadline": timezone.localtime(campaign.deadline).strftime("%d-%m-%Y %H:%M"),
            "link": settings.SITE_URL.rstrip("/") + response.get_absolute_url(),
        },
    )


@mail.composer
def campaign_invitation_emails(*, campaign_id: int) -> list[mail.Email]:
    """The first message of a campaign: each organisation's personal link to its response."""
    responses = (
        Response.objects.filter(campaign_id=campaign_id)
        .exclude(contact_email="")
        .select_related("organisation", "campaign")
        .order_by("pk")
    )
    return [_personal_email(r, "surveys/email/invitation") for r in responses if not is_erased_email(r.contact_email)]


def close_campaign(*, actor, campaign: Campaign) -> Campaign:
    if not can_manage_surveys(actor):
        raise PermissionDenied
    campaign.status = Campaign.Status.CLOSED
    campaign.save(update_fields=["status"])
    return campaign


def response_for_token(token: str) -> Response:
    """The response a token opens. Raises HelixError "bad_token" for a token that matches none
    (mistyped, truncated or tampered with)."""
    response = None
    if isinstance(token, str) and 20 <= len(token) <= 64:
        response = (
            Response.objects.select_related("campaign__questionnaire", "organisation").filter(token=token).first()
        )
    if response is None:
        raise HelixError(
            _("This link is not valid. Check that you copied it whole, or ask the organisers for a new one."),
            code="bad_token",
        )
    return response


def check_answerable(response: Response, *, now: dt.datetime | None = None) -> None:
    """Raises HelixError when the response can no longer change: submitted, closed or past the deadline."""
    now = now or timezone.now()
    if response.status == Response.Status.SUBMITTED:
        raise HelixError(_("This response was already submitted. Thank you!"), code="submitted")
    if response.campaign.status == Campaign.Status.CLOSED:
        raise HelixError(_("This campaign is closed and no longer takes answers."), code="closed")
    if response.campaign.deadline <= now:
        raise HelixError(
            _("The deadline of this campaign has passed (%(deadline)s). Contact the organisers if you need more time.")
            % {"deadline": timezone.localtime(response.campaign.deadline).strftime("%d-%m-%Y %H:%M")},
            code="expired",
        )


def questions_of(questionnaire: Questionnaire) -> list[Question]:
    return list(
        Question.objects.filter(section__questionnaire=questionnaire)
        .select_related("section", "dimension")
        .prefetch_related("options")
        .order_by("section__position", "section_id", "position", "pk")
    )


def stored_values(response: Response) -> dict[int, object]:
    return dict(response.answers.values_list("question_id", "value"))


def scored_questions(questions: list[Question]) -> list[scoring.ScoredQuestion]:
    return [
        scoring.ScoredQuestion(
            code=q.code,
            kind=q.kind,
            dimension=q.dimension.code if q.dimension_id else "",
            area=q.area,
            option_scores={o.code: o.score for o in q.options.all() if o.score is not None},
        )
        for q in questions
    ]


def _valid_email(address: str) -> bool:
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def save_answers(
    *,
    token: str,
    raw: Mapping[int, object],
    submit: bool,
    contact_name: str = "",
    contact_email: str = "",
    now: dt.datetime | None = None,
) -> Response:
    """Save (and with `submit`, submit) the answers typed through a personal link.

    Guarantees: only the token's own response is touched; a submitted, closed or expired response is
    never changed; answers are validated all together (on submit, every shown required question is
    answered) and written all together, or nothing is written and a HelixError carries a message per
    question (`field_errors`). Submitting twice is refused under a row lock; a submission stores the
    scores.
    """
    now = now or timezone.now()
    response = response_for_token(token)
    with transaction.atomic():
        response = Response.objects.select_for_update().select_related("campaign__questionnaire").get(pk=response.pk)
        check_answerable(response, now=now)
        questions = questions_of(response.campaign.questionnaire)
        values = clean_answers(questions, raw, complete=submit)
        contact_name = (contact_name or "").strip()[:150]
        contact_email = (contact_email or "").strip()[:254]
        if contact_email and not _valid_email(contact_email):
            raise HelixError(
                _("Enter a valid e-mail address for the respondent."),
                code="bad_email",
                field_errors={"contact_email": _("Enter a valid e-mail address for the respondent.")},
            )
        response.answers.all().delete()
        Answer.objects.bulk_create(
            Answer(response=response, question_id=pk, value=value) for pk, value in values.items() if value is not None
        )
        response.contact_name = contact_name or response.contact_name
        response.contact_email = contact_email or response.contact_email
        response.started_at = response.started_at or now
        fields = ["contact_name", "contact_email", "started_at", "status"]
        if submit:
            by_pk = {q.pk: q for q in questions}
            answers = {by_pk[pk].code: v for pk, v in values.items()}
            response.scores = scoring.score_response(scored_questions(questions), answers)
            response.status = Response.Status.SUBMITTED
            response.submitted_at = now
            fields += ["scores", "submitted_at"]
        else:
            response.status = Response.Status.IN_PROGRESS
        response.save(update_fields=fields)
    return response


def response_rate(campaign: Campaign) -> dict:
    """Invited, started and submitted counts, and the submitted share (0–1)."""
    counts = campaign.responses.aggregate(
        invited=Count("pk"),
        started=Count("pk", filter=Q(status=Response.Status.IN_PROGRESS)),
        submitted=Count("pk", filter=Q(status=Response.Status.SUBMITTED)),
    )
    counts["rate"] = round(counts["submitted"] / counts["invited"], 4) if counts["invited"] else 0.0
    return counts


def request_reminders(*, actor, campaign: Campaign) -> None:
    """Queue reminders to everyone who has not submitted (sent by a background task after commit)."""
    if not can_manage_surveys(actor):
        raise PermissionDenied
    if campaign.status == Campaign.Status.CLOSED or campaign.deadline <= timezone.now():
        raise HelixError(_("Reminders can only be sent while the campaign is open."), code="closed")
    enqueue_on_commit("helix.surveys.tasks.send_campaign_reminders", campaign.pk)


@mail.composer
def reminder_email(*, response_id: int) -> mail.Email | None:
    """The reminder to one unfinished response's contact, with its personal link."""
    response = Response.objects.select_related("organisation", "campaign").filter(pk=response_id).first()
    if response is None or response.status == Response.Status.SUBMITTED or not response.contact_email:
        return None
    return _personal_email(response, "surveys/email/reminder")


def send_reminders(*, campaign_id: int) -> int:
    """Queue a reminder to each unfinished response's contact (its personal link); returns how many."""
    campaign = Campaign.objects.get(pk=campaign_id)
    if campaign.status == Campaign.Status.CLOSED or campaign.deadline <= timezone.now():
        return 0
    sent = 0
    pending = campaign.responses.exclude(status=Response.Status.SUBMITTED).exclude(contact_email="")
    for response in pending.only("pk", "contact_email", "reminders_sent"):
        if is_erased_email(response.contact_email):
            continue
        mail.send(reminder_email, response_id=response.pk)
        Response.objects.filter(pk=response.pk).update(reminders_sent=response.reminders_sent + 1)
        sent += 1
    Campaign.objects.filter(pk=campaign.pk).update(last_reminder_at=timezone.now())
    return sent


def rescore_campaign(*, actor, campaign: Campaign, batch: int = 500) -> int:
    """Recompute the stored scores of every submitted response (after the scoring rules change, or
    to check them); returns how many were scored. Reads answers in batches: memory stays flat."""
    if not can_manage_surveys(actor):
        raise PermissionDenied
    questions = questions_of(campaign.questionnaire)
    specs = scored_questions(questions)
    code_of = {q.pk: q.code for q in questions}
    ids = list(campaign.responses.filter(status=Response.Status.SUBMITTED).values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        answers: dict[int, dict[str, object]] = {pk: {} for pk in chunk}
        for response_id, question_id, value in Answer.objects.filter(response_id__in=chunk).values_list(
            "response_id", "question_id", "value"
        ):
            answers[response_id][code_of[question_id]] = value
        rows = [Response(pk=pk, scores=scoring.score_response(specs, answers[pk])) for pk in chunk]
        Response.objects.bulk_update(rows, ["scores"])
    return len(ids)
