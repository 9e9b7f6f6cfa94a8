from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Subscriber(models.Model):
    """Someone who asked for the newsletter. Receives issues only once `confirmed` (double opt-in).

    The consent record (wording and version shown, when and from where it was given and confirmed)
    is kept for accountability. Writes go through `helix.outreach.domain`.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    email = models.EmailField(_("e-mail"), unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    person = models.ForeignKey(
        "network.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("directory person"),
    )
    language = models.CharField(_("language"), max_length=10, default="es-cl")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    topics = models.ManyToManyField("network.Topic", blank=True, related_name="+", verbose_name=_("topics"))
    regions = models.ManyToManyField("territory.Region", blank=True, related_name="+", verbose_name=_("regions"))
    consent_version = models.CharField(_("consent text version"), max_length=20)
    consent_text = models.TextField(_("consent text shown"))
    consent_requested_at = models.DateTimeField(_("subscription requested at"))
    consent_ip = models.GenericIPAddressField(_("IP at request"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_ip = models.GenericIPAddressField(_("IP at confirmation"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.email


class Segment(models.Model):
    """A saved audience: confirmed subscribers narrowed by sector, region, topic or event attendance.

    Empty criteria do not narrow. Sector and event attendance come from the directory (the
    subscriber's linked person); region and topic also match the subscriber's own preferences.
    """

    name = models.CharField(_("name"), max_length=150)
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    regions = models.ManyToManyField("territory.Region", blank=True, related_name="+", verbose_name=_("regions"))
    topics = models.ManyToManyField("network.Topic", blank=True, related_name="+", verbose_name=_("topics"))
    events = models.ManyToManyField(
        "events.Event", blank=True, related_name="+", verbose_name=_("attended one of these events")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")

    def __str__(self) -> str:
        return self.name


class Issue(models.Model):
    """One newsletter issue, written in Markdown, sent once to a segment in background batches."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    subject = models.CharField(_("subject"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    body_markdown = models.TextField(_("body (Markdown)"))
    body_html = models.TextField(_("body (HTML, sanitised)"), blank=True, editable=False)
    segment = models.ForeignKey(
        Segment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issues",
        verbose_name=_("segment"),
        help_text=_("Leave empty to send to every confirmed subscriber."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    send_started_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    total_recipients = models.PositiveIntegerField(_("recipients"), default=0)
    sent_count = models.PositiveIntegerField(_("sent"), default=0)
    skipped_count = models.PositiveIntegerField(_("skipped (unsubscribed meanwhile)"), default=0)
    failed_count = models.PositiveIntegerField(_("failed"), default=0)

    class Meta:
        ordering = ["-sent_at", "-created_at"]
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("outreach:archive_issue", args=[self.slug])

    @property
    def processed(self) -> int:
        return self.sent_count + self.skipped_count + self.failed_count

    @property
    def progress_percent(self) -> int:
        if not self.total_recipients:
            return 100 if self.status == self.Status.SENT else 0
        return min(100, round(100 * self.processed / self.total_recipients))


class Delivery(models.Model):
    """One recipient of one issue. The row is claimed before sending so a retry never sends twice."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Skipped (unsubscribed)")
        FAILED = "failed", _("Failed")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("issue"))
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("subscriber")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # The batch that claimed the row (one value per claim): after a worker died, its batch is told
    # apart from another worker's, and only the row it was sending stays uncertain.
    claim = models.UUIDField(_("claim"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["issue", "subscriber"], name="delivery_once_per_issue")]
        indexes = [models.Index(fields=["issue", "status"])]

    def __str__(self) -> str:
        return f"{self.issue_id} → {self.subscriber_id}: {self.status}"
