from django.db import models
from django.utils.translation import gettext_lazy as _


class Agreement(models.Model):
    """A convention between organisations (international partners included)."""

    class Kind(models.TextChoices):
        COLLABORATION = "collaboration", _("Collaboration agreement")
        FRAMEWORK = "framework", _("Framework agreement")
        PILOT = "pilot", _("Pilot")
        SERVICE = "service", _("Service contract")
        MEMBERSHIP = "membership", _("Ecosystem membership")
        MOU = "mou", _("Memorandum of understanding")

    class Status(models.TextChoices):
        DRAFT = "draft", _("In negotiation")
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.COLLABORATION)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    parties = models.ManyToManyField("network.Organisation", related_name="agreements", verbose_name=_("parties"))
    topics = models.ManyToManyField("network.Topic", blank=True, related_name="agreements", verbose_name=_("topics"))
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="agreement_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title
