"""Surveys: versioned questionnaires, campaigns sent to organisations, responses and answers.

Models hold data and invariants only; every write goes through `helix.surveys.domain`.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Questionnaire(models.Model):
    """One version of a questionnaire. A published version is frozen; edits go to a new version of the
    same `family` (question codes are kept, so answers to old versions stay comparable)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", pgettext_lazy("questionnaire", "Published")

    family = models.SlugField(_("family"), max_length=80)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    built_in = models.BooleanField(_("built into Helix"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["family", "-version"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [models.UniqueConstraint(fields=["family", "version"], name="unique_questionnaire_version")]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def get_absolute_url(self) -> str:
        return reverse("surveys:questionnaire", args=[self.pk])


class Section(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="sections", verbose_name=_("questionnaire")
    )
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["questionnaire", "position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.title


class Area(models.TextChoices):
    """The five areas of the 2020 municipal survey (DO! Smart City case)."""

    STRATEGY = "strategy", _("Strategy")
    COMPETENCES = "competences", _("Local-government competences")
    MATCH = "match", _("Offer–demand match")
    AGREEMENTS = "agreements", _("Public–private agreements")
    CITIZENS = "citizens", _("Citizens with new skills")


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        RANKING = "ranking", _("Ranking (pick the top N)")
        MATURITY = "maturity", _("Maturity level (0–4)")
        LIKERT = "likert", _("Likert scale (1–5)")
        YES_NO = "yes_no", _("Yes / no")
        NUMBER = "number", _("Number")
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")

    CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE, Kind.RANKING, Kind.MATURITY)

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions", verbose_name=_("section"))
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"), default=0)
    code = models.SlugField(_("code"), max_length=60, help_text=_("Stable across versions: keeps answers comparable."))
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    required = models.BooleanField(_("required"), default=True)
    max_choices = models.PositiveSmallIntegerField(
        _("maximum choices / top N"),
        null=True,
        blank=True,
        help_text=_("Multiple choice: at most; ranking: exactly N."),
    )
    min_value = models.DecimalField(_("minimum"), max_digits=14, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(_("maximum"), max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    area = models.CharField(_("area"), max_length=12, choices=Area.choices, blank=True)
    dimension = models.ForeignKey(
        "network.Topic",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_questions",
        limit_choices_to={"kind": "dimension"},
        verbose_name=_("smart-city dimension"),
    )
    kpi_code = models.CharField(_("U4SSC KPI code"), max_length=30, blank=True)
    # Conditional display: shown only when the controlling question's answer includes one of these codes.
    show_if_question = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("show only if")
    )
    show_if_values = models.JSONField(_("…answered with one of"), default=list, blank=True)

    class Meta:
        ordering = ["section__position", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class Option(models.Model):
    """A choice of a single/multiple/ranking question, or a level (0–4) of a maturity question with its
    descriptor. `score` (0–1) counts towards the dimension score for single and multiple choice."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("question"))
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"), default=0)
    code = models.SlugField(_("code"), max_length=60)
    label = models.CharField(_("label"), max_length=300)
    descriptor = models.CharField(_("descriptor"), max_length=500, blank=True)
    score = models.FloatField(_("score (0–1)"), null=True, blank=True)

    class Meta:
        ordering = ["question", "position", "pk"]
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [models.UniqueConstraint(fields=["question", "code"], name="unique_option_code")]

    def __str__(self) -> str:
        return self.label


class Campaign(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("campaign", "Open")
        CLOSED = "closed", pgettext_lazy("campaign", "Closed")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("questionnaire")
    )
    title = models.CharField(_("title"), max_length=200)
    deadline = models.DateTimeField(_("deadline"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    last_reminder_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:campaign", args=[self.pk])


class Response(models.Model):
    """One organisation's response to a campaign, opened by its personal token (no account needed)."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="responses", verbose_name=_("campaign")
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.CASCADE,
        related_name="survey_responses",
        verbose_name=_("organisation"),
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.INVITED)
    contact_name = models.CharField(_("respondent's name"), max_length=150, blank=True)
    contact_email = models.EmailField(_("respondent's e-mail"), blank=True)
    scores = models.JSONField(_("scores"), default=dict, blank=True, editable=False)
    started_at = models.DateTimeField(pgettext_lazy("response", "started"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["campaign", "organisation__name", "pk"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organisation"], name="one_response_per_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.campaign}"

    def get_absolute_url(self) -> str:
        return reverse("surveys:respond", args=[self.token])


class Answer(models.Model):
    """The answer to one question, normalised by the domain: an option code, a list of codes (ranking:
    in rank order), a level, a number, true/false or text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response"))
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question"))
    value = models.JSONField(_("value"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.value}"
