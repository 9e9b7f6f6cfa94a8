from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .event import Event


class Minutes(models.Model):
    """The minutes of a technical round table: what was discussed, concluded and committed."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("event"))
    summary = models.TextField(_("summary"), blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)
    topics = models.ManyToManyField("network.Topic", blank=True, related_name="+", verbose_name=_("topics"))
    challenges = models.ManyToManyField(
        "matching.Challenge", blank=True, related_name="minutes", verbose_name=_("challenges discussed")
    )
    published = models.BooleanField(_("published"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return str(self.event)


class Commitment(models.Model):
    """Something a person or organisation committed to at a round table; tracked until done."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    minutes = models.ForeignKey(
        Minutes, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("minutes")
    )
    description = models.TextField(_("commitment"))
    owner_person = models.ForeignKey(
        "network.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("owner")
    )
    owner_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_commitments",
        verbose_name=_("owner organisation"),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=5, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(status="open", done_at__isnull=True) | models.Q(status="done", done_at__isnull=False)
                ),
                name="commitment_done_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.description[:80]


class CertificateBatch(models.Model):
    """A background run issuing attendance certificates to an event's attendees; shows progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="certificate_batches", verbose_name=_("event")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("total"), default=0)
    issued = models.PositiveIntegerField(_("issued"), default=0)
    skipped = models.PositiveIntegerField(_("already had one"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("certificate batch")
        verbose_name_plural = _("certificate batches")

    def __str__(self) -> str:
        return f"{self.event} · {self.get_status_display()}"
