from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Certificate(models.Model):
    """A certificate of attendance or completion issued to a directory person.

    `subject` is what it certifies (an events.Event, an academy.Cohort…); `code` is the public,
    unguessable verification code (with an HMAC check part, see `codes.py`). Writes go through
    `helix.certificates.domain`.
    """

    class Kind(models.TextChoices):
        ATTENDANCE = "attendance", _("Attendance")
        COMPLETION = "completion", _("Completion")

    person = models.ForeignKey(
        "network.Person", on_delete=models.PROTECT, related_name="certificates", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, null=True, blank=True)
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("subject type")
    )
    subject_id = models.PositiveBigIntegerField(_("subject id"), null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    code = models.CharField(_("verification code"), max_length=32, unique=True, editable=False)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        indexes = [models.Index(fields=["subject_type", "subject_id"])]
        constraints = [
            # One certificate of a kind per person and subject (issuing is idempotent).
            models.UniqueConstraint(
                fields=["person", "kind", "subject_type", "subject_id"],
                condition=models.Q(subject_type__isnull=False),
                name="certificate_unique_per_subject",
            ),
            models.UniqueConstraint(
                fields=["person", "kind", "title"],
                condition=models.Q(subject_type__isnull=True),
                name="certificate_unique_without_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.person} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("certificates:verify", args=[self.code])

    @property
    def verification_url(self) -> str:
        return settings.SITE_URL + self.get_absolute_url()

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None
