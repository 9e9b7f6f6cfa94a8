from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Agreement(models.Model):
    """A convention between organisations (international partners included).

    An agreement reached through the platform (a meeting's "agreement" outcome, or the pipeline board)
    starts "pending confirmation" and links the challenge, the match and the meeting it came from; it
    becomes active when every party (or staff) confirms it. Writes go through `helix.network.domain`.
    """

    class Kind(models.TextChoices):
        COLLABORATION = "collaboration", _("Collaboration agreement")
        FRAMEWORK = "framework", _("Framework agreement")
        PILOT = "pilot", _("Pilot")
        SERVICE = "service", _("Service contract")
        MEMBERSHIP = "membership", _("Ecosystem membership")
        MOU = "mou", _("Memorandum of understanding")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending confirmation")
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
    challenge = models.ForeignKey(
        "matching.Challenge",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("challenge"),
    )
    match = models.ForeignKey(
        "matching.Match",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("match"),
    )
    meeting = models.ForeignKey(
        "wheel.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("meeting"),
    )
    direct_meeting = models.ForeignKey(
        "wheel.DirectMeeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("direct meeting"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
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
            ),
            # Both sides of a meeting may record "agreement": it is still one agreement.
            models.UniqueConstraint(
                fields=["meeting"], condition=models.Q(meeting__isnull=False), name="agreement_one_per_meeting"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("network:agreement", args=[self.pk])


class AgreementConfirmation(models.Model):
    """One party's confirmation of an agreement (organisation empty: confirmed by staff for everyone)."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="confirmations", verbose_name=_("agreement")
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), auto_now_add=True)

    class Meta:
        ordering = ["confirmed_at", "pk"]
        verbose_name = _("agreement confirmation")
        verbose_name_plural = _("agreement confirmations")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "organisation"], name="agreement_confirmed_once_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id}: {self.organisation_id or 'staff'}"
