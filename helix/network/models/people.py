from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Collate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from helix.core.collation import COLLATION
from helix.core.rut import format_rut, validate_rut


class Person(models.Model):
    """A person in the directory; may or may not have a user account."""

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        NON_BINARY = "non_binary", _("Non-binary")
        OTHER = "other", _("Other")
        UNDISCLOSED = "", _("Prefer not to say")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("account"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), unique=True, null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Optional; stored as 12345678-5 (helix.core.rut); printed on the person's certificates (issue 12 §7).
    rut = models.CharField(
        _("RUT"), max_length=12, blank=True, validators=[validate_rut], help_text=_("E.g. 12.345.678-5")
    )
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("commune"),
    )
    expertise = models.ManyToManyField("network.Topic", blank=True, related_name="experts", verbose_name=_("expertise"))
    bio = models.TextField(_("biography"), blank=True)
    public_profile = models.BooleanField(
        _("public expert profile"), default=False, help_text=_("Show my profile in the public expert directory.")
    )
    # Self-declared, optional; used only for aggregate figures unless the person consents.
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices, blank=True)
    gender_public = models.BooleanField(_("show my gender on my profile"), default=False)
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        # The expert directory lists public profiles by name, in Spanish order (helix.core.collation):
        # the index is built with that collation so a page walks it and stops at the page size.
        indexes = [
            models.Index(
                F("public_profile"),
                Collate(F("last_name"), COLLATION),
                Collate(F("first_name"), COLLATION),
                F("id"),
                name="person_public_name_idx",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["rut"],
                condition=~models.Q(rut=""),
                name="person_rut_unique",
                violation_error_message=_("Another person in the directory has this RUT."),
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def rut_display(self) -> str:
        """The RUT with dots (12.345.678-5), or "" when none."""
        return format_rut(self.rut)

    def get_absolute_url(self) -> str:
        return reverse("network:person", args=[self.pk])


class Membership(models.Model):
    """A person's position in an organisation; representatives and admins act for it once approved."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        REPRESENTATIVE = "representative", _("Representative")
        ADMIN = "admin", _("Organisation admin")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person"))
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.APPROVED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["person", "organisation"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.person} — {self.organisation}"
