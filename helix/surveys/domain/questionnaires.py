"""Building questionnaires: sections, questions and options; publishing freezes a version, and a new
version copies the last one for editing (question codes kept, so results stay comparable)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from helix.core.errors import HelixError

from ..models import Option, Question, Questionnaire, Section
from ..permissions import can_manage_surveys

K = Question.Kind
MAX_OPTIONS = 40


def _require_staff(actor) -> None:
    if not can_manage_surveys(actor):
        raise PermissionDenied


def _require_draft(questionnaire: Questionnaire) -> None:
    if questionnaire.is_frozen:
        raise HelixError(_("This version is published and frozen. Create a new version to change it."), code="frozen")


def create_questionnaire(*, actor, title: str, description: str = "", family: str = "") -> Questionnaire:
    _require_staff(actor)
    title = (title or "").strip()
    if not title:
        raise HelixError(_("A title is required."), code="required", field_errors={"title": _("A title is required.")})
    base = slugify(family or title)[:70] or "questionnaire"
    family, n = base, 1
    while Questionnaire.objects.filter(family=family).exists():
        n += 1
        family = f"{base}-{n}"
    return Questionnaire.objects.create(title=title[:200], description=description, family=family)


def add_section(*, actor, questionnaire: Questionnaire, title: str, description: str = "") -> Section:
    _require_staff(actor)
    _require_draft(questionnaire)
    if not (title or "").strip():
        raise HelixError(_("A title is required."), code="required", field_errors={"title": _("A title is required.")})
    position = (questionnaire.sections.aggregate(m=Max("position"))["m"] or 0) + 1
    return Section.objects.create(
        questionnaire=questionnaire, title=title.strip()[:200], description=description, position=position
    )


def parse_options(text: str) -> list[dict]:
    """Options typed one per line as ``label``, ``code | label`` or ``code | label | score``."""
    options = []
    for line in (text or "").splitlines():
        parts = [p.strip() for p in line.split("|")]
        if not parts[0]:
            continue
        if len(parts) == 1:
            code, label, score = slugify(parts[0])[:60], parts[0], None
        else:
            code, label = slugify(parts[0])[:60], parts[1]
            score = parts[2] if len(parts) > 2 else None
        try:
            score = float(score.replace(",", ".")) if score else None
        except ValueError:
            raise HelixError(_("An option's score must be a number from 0 to 1."), code="bad_score") from None
        if score is not None and not 0 <= score <= 1:
            raise HelixError(_("An option's score must be a number from 0 to 1."), code="bad_score")
        options.append({"code": code or f"o{len(options) + 1}", "label": label[:300], "score": score})
    return options


def _check_options(q: Question, options: list[dict]) -> tuple[dict, list[dict]]:
    errors: dict[str, object] = {}
    if q.kind == K.MATURITY:
        if len(options) != 5:
            errors["options"] = _("A maturity question has exactly five levels (0 to 4), one descriptor per line.")
        else:
            options = [
                {"code": str(i), "label": str(o.get("label") or i), "descriptor": o.get("descriptor") or o["label"]}
                for i, o in enumerate(options)
            ]
    elif q.kind in Question.CHOICE_KINDS:
        if len(options) < 2:
            errors["options"] = _("Give at least two options, one per line.")
        elif len({o["code"] for o in options}) != len(options):
            errors["options"] = _("Two options have the same code.")
        elif len(options) > MAX_OPTIONS:
            errors["options"] = _("At most %(n)s options.") % {"n": MAX_OPTIONS}
    else:
        options = []
    return errors, options


def _check_question(q: Question, options: list[dict], section: Section) -> tuple[dict, list[dict]]:
    """The errors of a question definition (field → message) and its normalised options."""
    errors, options = _check_options(q, options)
    if not q.text:
        errors["text"] = _("Write the question.")
    if q.kind not in K.values:
        errors["kind"] = _("Choose a question type.")
    if q.kind == K.RANKING and options and not 1 <= (q.max_choices or 0) <= len(options):
        errors["max_choices"] = _("N must be between 1 and the number of options.")
    if q.kind == K.MULTIPLE and q.max_choices is not None and q.max_choices < 1:
        errors["max_choices"] = _("The maximum must be at least 1.")
    if q.min_value is not None and q.max_value is not None and q.min_value > q.max_value:
        errors["max_value"] = _("The maximum cannot be lower than the minimum.")
    same_code = Question.objects.filter(section__questionnaire_id=section.questionnaire_id, code=q.code)
    if same_code.exclude(pk=q.pk).exists():
        errors["code"] = _("Another question of this questionnaire has this code.")
    if q.show_if_question_id:
        controller = Question.objects.filter(pk=q.show_if_question_id).select_related("section").first()
        if (
            controller is None
            or controller.section.questionnaire_id != section.questionnaire_id
            or (q.pk and controller.pk == q.pk)
        ):
            errors["show_if_question"] = _("A condition must refer to another question of this questionnaire.")
    return errors, options


def save_question(
    *,
    actor,
    section: Section,
    question: Question | None = None,
    options: list[dict] | None = None,
    **values,
) -> Question:
    """Create or update a question of a draft version, with its options (replaced when given).

    Guarantees: choice questions have options with distinct codes (maturity questions always have the
    five levels 0–4, each with its descriptor); a ranking's N is at least 1 and at most the options;
    a number's minimum is not above its maximum; a condition points to an earlier question of the
    same version. Raises HelixError with `field_errors`; nothing is written then.
    """
    _require_staff(actor)
    _require_draft(section.questionnaire)
    q = question or Question(section=section)
    for name, value in values.items():
        setattr(q, name, value)
    q.section = section
    q.text = (q.text or "").strip()
    if not q.code:
        q.code = slugify(q.text)[:50] or "q"
    if options is None:
        options = (
            [{"code": o.code, "label": o.label, "score": o.score, "descriptor": o.descriptor} for o in q.options.all()]
            if q.pk
            else []
        )
    errors, options = _check_question(q, options, section)
    if errors:
        raise HelixError(_("Please correct the errors below."), code="invalid_question", field_errors=errors)
    with transaction.atomic():
        if q.pk is None:
            q.position = (section.questions.aggregate(m=Max("position"))["m"] or 0) + 1
        q.save()
        if options or q.kind not in Question.CHOICE_KINDS:
            q.options.all().delete()
            Option.objects.bulk_create(
                Option(
                    question=q,
                    position=i,
                    code=o["code"],
                    label=o["label"],
                    score=o.get("score"),
                    descriptor=o.get("descriptor", ""),
                )
                for i, o in enumerate(options)
            )
    return q


def delete_question(*, actor, question: Question) -> None:
    _require_staff(actor)
    _require_draft(question.section.questionnaire)
    question.delete()


def publish(*, actor, questionnaire: Questionnaire) -> Questionnaire:
    """Freeze the version: from now on it can be sent in campaigns and never changes."""
    _require_staff(actor)
    _require_draft(questionnaire)
    if not Question.objects.filter(section__questionnaire=questionnaire).exists():
        raise HelixError(_("Add at least one question before publishing."), code="empty")
    questionnaire.status = Questionnaire.Status.PUBLISHED
    questionnaire.published_at = timezone.now()
    questionnaire.save(update_fields=["status", "published_at"])
    return questionnaire


def new_version(*, actor, questionnaire: Questionnaire) -> Questionnaire:
    """A draft copy of `questionnaire` as the family's next version (sections, questions, options and
    conditions copied; codes kept). The original stays as it was, with its responses."""
    _require_staff(actor)
    with transaction.atomic():
        last = Questionnaire.objects.select_for_update().filter(family=questionnaire.family).order_by("-version")[0]
        copy = Questionnaire.objects.create(
            family=questionnaire.family,
            version=last.version + 1,
            title=questionnaire.title,
            description=questionnaire.description,
            built_in=questionnaire.built_in,
        )
        question_map: dict[int, Question] = {}
        pending_conditions = []
        for section in questionnaire.sections.prefetch_related("questions__options"):
            new_section = Section.objects.create(
                questionnaire=copy, position=section.position, title=section.title, description=section.description
            )
            for q in section.questions.all():
                old_pk, controller = q.pk, q.show_if_question_id
                opts = list(q.options.all())
                q.pk = None
                q.section = new_section
                q.show_if_question = None
                q.save()
                question_map[old_pk] = q
                if controller:
                    pending_conditions.append((q, controller))
                Option.objects.bulk_create(
                    Option(
                        question=q,
                        position=o.position,
                        code=o.code,
                        label=o.label,
                        descriptor=o.descriptor,
                        score=o.score,
                    )
                    for o in opts
                )
        for q, controller in pending_conditions:
            q.show_if_question = question_map.get(controller)
            q.save(update_fields=["show_if_question"])
    return copy
