"""Matching data: challenges (demand), solutions (offer), persisted matches and the challenge pipeline.

Models hold data and invariants only; every write goes through `helix.matching.domain`.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Challenge(models.Model):
    """A need published by a municipality (or any organisation)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        PILOT = "pilot", _("Pilot / agreement")
        SOLVED = "solved", _("Solved")
        CLOSED = "closed", _("Closed")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        STAFF = "staff", _("Staff only")

    # Statuses whose challenges are matched against solutions (a pilot may still look for more).
    MATCHABLE = (Status.OPEN, Status.IN_PROGRESS, Status.PILOT)

    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="challenges", verbose_name=_("organisation")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="challenges",
        verbose_name=_("commune"),
    )
    # Derived from the commune when there is one; may be set alone for region-wide challenges.
    region = models.ForeignKey(
        "territory.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="challenges",
        verbose_name=_("region"),
    )
    topics = models.ManyToManyField("network.Topic", blank=True, related_name="challenges", verbose_name=_("topics"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    visibility = models.CharField(_("visibility"), max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC)
    budget_min = models.PositiveBigIntegerField(_("minimum budget (CLP)"), null=True, blank=True)
    budget_max = models.PositiveBigIntegerField(_("maximum budget (CLP)"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    search_text = models.TextField(editable=False, blank=True)  # folded title + description, kept by domain writes
    # Value of the "challenges" IndexClock at the last write: lets every process catch its index up.
    index_version = models.PositiveBigIntegerField(default=0, db_index=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        indexes = [models.Index(fields=["status", "visibility"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget_min__isnull=True)
                | models.Q(budget_max__isnull=True)
                | models.Q(budget_max__gte=models.F("budget_min")),
                name="challenge_budget_max_gte_min",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("matching:challenge", args=[self.pk])

    @property
    def is_matchable(self) -> bool:
        return self.status in self.MATCHABLE


class Solution(models.Model):
    """An offer published by a company, university, NGO or public agency."""

    class Language(models.TextChoices):
        SPANISH = "es", _("Spanish")
        ENGLISH = "en", _("English")

    class Maturity(models.TextChoices):
        IDEA = "idea", _("Idea")
        PILOT = "pilot", pgettext_lazy("maturity", "Pilot")
        DEPLOYED = "deployed", _("Deployed")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    provider = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="solutions", verbose_name=_("provider")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.SPANISH)
    topics = models.ManyToManyField("network.Topic", blank=True, related_name="solutions", verbose_name=_("topics"))
    regions = models.ManyToManyField(
        "territory.Region", blank=True, related_name="solutions", verbose_name=_("delivery regions")
    )
    all_chile = models.BooleanField(_("delivers in all of Chile"), default=False)
    maturity = models.CharField(_("maturity"), max_length=10, choices=Maturity.choices, default=Maturity.IDEA)
    references = models.TextField(_("references"), blank=True, help_text=_("Where it has been deployed."))
    contact = models.ForeignKey(
        "network.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="solutions",
        verbose_name=_("contact person"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    search_text = models.TextField(editable=False, blank=True)
    # Value of the "solutions" IndexClock at the last write: lets every process catch its index up.
    index_version = models.PositiveBigIntegerField(default=0, db_index=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("matching:solution", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Match(models.Model):
    """One scored challenge–solution pair, persisted so every app server shows the same ranking.

    `rank` is the solution's position in the challenge's list and `solution_rank` the challenge's
    position in the solution's list; a pair may be in one list only. Dismissed pairs are kept (never
    deleted by a recompute) so that they are excluded from later rankings.
    """

    class State(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        INTERESTED = "interested", _("Interested")
        DISMISSED = "dismissed", _("Dismissed")

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="matches", verbose_name=_("challenge")
    )
    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="matches", verbose_name=_("solution"))
    score = models.FloatField(_("score"), default=0.0)
    why = models.JSONField(_("why"), default=list, blank=True)
    region_fit = models.BooleanField(_("delivers in the challenge's region"), default=True)
    rank = models.PositiveSmallIntegerField(_("rank for the challenge"), null=True, blank=True)
    solution_rank = models.PositiveSmallIntegerField(_("rank for the solution"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SUGGESTED)
    interested_challenge_side = models.BooleanField(_("challenge side interested"), default=False)
    interested_provider_side = models.BooleanField(_("provider interested"), default=False)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dismissed by"),
    )
    dismissed_at = models.DateTimeField(_("dismissed at"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [models.UniqueConstraint(fields=["challenge", "solution"], name="unique_match_pair")]
        indexes = [models.Index(fields=["challenge", "state", "-score"]), models.Index(fields=["solution", "state"])]

    def __str__(self) -> str:
        return f"{self.challenge} ↔ {self.solution}"

    @property
    def score_percent(self) -> int:
        return round(max(0.0, min(1.0, self.score)) * 100)

    @property
    def why_labels(self) -> list[str]:
        """The stored reasons as short strings in the active language."""
        from .reasons import reason_texts

        return reason_texts(self.why)


class Stage(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    CONTACTED = "contacted", _("Contacted")
    MEETING = "meeting", _("Meeting")
    PILOT = "pilot", _("Pilot / agreement")
    SOLVED = "solved", pgettext_lazy("pipeline stage", "Solved")
    DISCARDED = "discarded", _("Discarded")


class PipelineEntry(models.Model):
    """Where one challenge–solution pair stands in the challenge's pipeline."""

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="pipeline", verbose_name=_("challenge")
    )
    solution = models.ForeignKey(
        Solution, on_delete=models.CASCADE, related_name="pipeline", verbose_name=_("solution")
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.SUGGESTED)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("pipeline entry")
        verbose_name_plural = _("pipeline entries")
        constraints = [models.UniqueConstraint(fields=["challenge", "solution"], name="unique_pipeline_pair")]

    def __str__(self) -> str:
        return f"{self.challenge} ↔ {self.solution}: {self.get_stage_display()}"


class PipelineEvent(models.Model):
    """Append-only history of a pipeline entry: who moved it, from where to where, when."""

    entry = models.ForeignKey(PipelineEntry, on_delete=models.CASCADE, related_name="events", verbose_name=_("entry"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moved by"),
    )
    from_stage = models.CharField(_("from"), max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=12, choices=Stage.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pipeline event")
        verbose_name_plural = _("pipeline events")

    def __str__(self) -> str:
        return f"{self.from_stage or '—'} → {self.to_stage}"


class Outcome(models.Model):
    """A result of the pipeline (pilot, agreement, purchase, solved …): feeds the impact figures."""

    class Kind(models.TextChoices):
        PILOT = "pilot", pgettext_lazy("outcome", "Pilot")
        AGREEMENT = "agreement", _("Agreement")
        PURCHASE = "purchase", _("Purchase / contract")
        SOLVED = "solved", pgettext_lazy("outcome", "Challenge solved")
        NO_DEAL = "no_deal", _("No deal")

    challenge = models.ForeignKey(
        Challenge, on_delete=models.PROTECT, related_name="outcomes", verbose_name=_("challenge")
    )
    solution = models.ForeignKey(
        Solution, on_delete=models.PROTECT, null=True, blank=True, related_name="outcomes", verbose_name=_("solution")
    )
    entry = models.ForeignKey(
        PipelineEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcomes",
        verbose_name=_("pipeline entry"),
    )
    organisations = models.ManyToManyField(
        "network.Organisation", related_name="matching_outcomes", verbose_name=_("organisations")
    )
    # Later issues link outcomes to business-wheel meetings; agreements already exist.
    agreement = models.ForeignKey(
        "network.Agreement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="matching_outcomes",
        verbose_name=_("agreement"),
    )
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    summary = models.TextField(_("summary"), blank=True)
    amount_clp = models.PositiveBigIntegerField(_("amount (CLP)"), null=True, blank=True)
    date = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.challenge}"


class MatchRun(models.Model):
    """A full recompute of all matches, run as a background task; the task updates the progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    matches_written = models.PositiveIntegerField(_("matches written"), default=0)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("match run")
        verbose_name_plural = _("match runs")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_status_display()}"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else (100 if self.status == self.Status.DONE else 0)

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE


class ThesaurusEntry(models.Model):
    """A staff edit to the matcher's bilingual thesaurus, on top of the shipped data file.

    With the `concept` id of a shipped concept it adds synonyms to it; with a new id it adds a concept.
    Every save bumps the "thesaurus" index clock, so all processes rebuild their indexes with it.
    """

    concept = models.SlugField(_("concept"), max_length=60, unique=True)
    topic = models.ForeignKey(
        "network.Topic",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("topic"),
    )
    terms_es = models.TextField(_("Spanish terms"), blank=True, help_text=_("One term or phrase per line."))
    terms_en = models.TextField(_("English terms"), blank=True, help_text=_("One term or phrase per line."))
    related = models.CharField(
        _("related concepts"), max_length=300, blank=True, help_text=_("Concept ids separated by spaces.")
    )
    active = models.BooleanField(_("active"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["concept"]
        verbose_name = _("thesaurus entry")
        verbose_name_plural = _("thesaurus entries")

    def __str__(self) -> str:
        return self.concept

    @staticmethod
    def split(text: str) -> list[str]:
        return [line.strip() for line in text.replace("|", "\n").splitlines() if line.strip()]


class IndexClock(models.Model):
    """A counter bumped (under a row lock) by every write to the indexed records of one kind.

    Writers hold the lock until commit, so versions become visible in order: a process that has
    applied every row up to version N never misses a row written later with a version ≤ N.
    """

    name = models.CharField(max_length=20, unique=True)
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("index clock")
        verbose_name_plural = _("index clocks")

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class EmbeddingVector(models.Model):
    """Cached text embedding, keyed by a hash of the text: recomputed only when the text changes."""

    text_hash = models.CharField(max_length=64, unique=True)
    dim = models.PositiveSmallIntegerField(default=0)
    vector = models.BinaryField()  # float32, little-endian
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("embedding vector")
        verbose_name_plural = _("embedding vectors")

    def __str__(self) -> str:
        return self.text_hash
