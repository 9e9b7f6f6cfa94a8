from django.db import models
from django.db.models import F
from django.db.models.functions import Collate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from helix.core.collation import COLLATION
from helix.core.rut import format_rut, validate_rut


class Sector(models.TextChoices):
    """The quadruple helix."""

    COMPANY = "company", _("Company")
    GOVERNMENT = "government", _("Government")
    ACADEMIA = "academia", _("Academia")
    CIVIL_SOCIETY = "civil_society", _("Civil society")


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    REGIONAL_GOVERNMENT = "regional_government", _("Regional government")
    PUBLIC_AGENCY = "public_agency", _("Public agency")
    UNIVERSITY = "university", _("University")
    TECHNICAL_INSTITUTE = "technical_institute", _("Technical institute")
    RESEARCH_CENTRE = "research_centre", _("Research centre")
    STARTUP = "startup", _("Startup")
    SME = "sme", _("SME")
    LARGE_COMPANY = "large_company", _("Large company")
    NGO = "ngo", _("NGO")
    CITIZEN_ASSOCIATION = "citizen_association", _("Citizen association")
    INTERNATIONAL = "international", _("International organisation")
    # Chilean forms (issue 12 §7).
    MUNICIPAL_CORPORATION = "municipal_corporation", _("Municipal corporation")
    MUNICIPAL_ASSOCIATION = "municipal_association", _("Association of municipalities")
    COOPERATIVE = "cooperative", _("Cooperative")
    FOUNDATION = "foundation", _("Foundation")


# The sector each kind belongs to; used to validate imports and forms.
KIND_SECTOR = {
    OrganisationKind.MUNICIPALITY: Sector.GOVERNMENT,
    OrganisationKind.REGIONAL_GOVERNMENT: Sector.GOVERNMENT,
    OrganisationKind.PUBLIC_AGENCY: Sector.GOVERNMENT,
    OrganisationKind.UNIVERSITY: Sector.ACADEMIA,
    OrganisationKind.TECHNICAL_INSTITUTE: Sector.ACADEMIA,
    OrganisationKind.RESEARCH_CENTRE: Sector.ACADEMIA,
    OrganisationKind.STARTUP: Sector.COMPANY,
    OrganisationKind.SME: Sector.COMPANY,
    OrganisationKind.LARGE_COMPANY: Sector.COMPANY,
    OrganisationKind.NGO: Sector.CIVIL_SOCIETY,
    OrganisationKind.CITIZEN_ASSOCIATION: Sector.CIVIL_SOCIETY,
    OrganisationKind.INTERNATIONAL: Sector.CIVIL_SOCIETY,
    OrganisationKind.MUNICIPAL_CORPORATION: Sector.GOVERNMENT,
    OrganisationKind.MUNICIPAL_ASSOCIATION: Sector.GOVERNMENT,
    OrganisationKind.COOPERATIVE: Sector.COMPANY,
    OrganisationKind.FOUNDATION: Sector.CIVIL_SOCIETY,
}


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    # Lower-case, accent-free name: duplicate detection and the SQLite search fallback.
    normalized_name = models.CharField(max_length=200, db_index=True, editable=False)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("commune of seat"),
    )
    region = models.ForeignKey(
        "territory.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("region of seat"),
    )
    operating_regions = models.ManyToManyField(
        "territory.Region",
        blank=True,
        related_name="operating_organisations",
        verbose_name=_("regions where it operates"),
    )
    country = models.CharField(_("country"), max_length=2, default="CL", help_text=_("ISO 3166-1 alpha-2 code"))
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)
    # Stored as 12345678-5 (helix.core.rut); optional, unique when given (issue 12 §7).
    rut = models.CharField(
        _("RUT"), max_length=12, blank=True, validators=[validate_rut], help_text=_("E.g. 76.543.210-3")
    )
    topics = models.ManyToManyField("network.Topic", blank=True, related_name="organisations", verbose_name=_("topics"))
    search_text = models.TextField(editable=False, blank=True)  # folded text for search, kept by domain writes
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(fields=["sector", "kind"]),
            # directory order: names in Spanish (helix.core.collation), built with that collation
            models.Index(Collate(F("name"), COLLATION), F("id"), name="organisation_name_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["rut"],
                condition=~models.Q(rut=""),
                name="organisation_rut_unique",
                violation_error_message=_("Another organisation in the directory has this RUT."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:organisation", args=[self.slug])

    @property
    def rut_display(self) -> str:
        """The RUT with dots (12.345.678-5), or "" when none."""
        return format_rut(self.rut)

    @property
    def is_international(self) -> bool:
        return self.country != "CL"
