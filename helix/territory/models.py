from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A country's first-level subdivision. Chile's 16 regions carry their CUT code (1-16) in `code`;
    other countries' subdivisions (loaded from pycountry by `load_country`) have no code, only `iso_code`."""

    code = models.PositiveSmallIntegerField(_("code"), unique=True, null=True, blank=True)
    country = models.CharField(
        _("country"), max_length=2, default="CL", db_index=True, help_text=_("ISO 3166-1 alpha-2 code")
    )
    subdivision_type = models.CharField(_("subdivision type"), max_length=60, blank=True)
    name = models.CharField(_("name"), max_length=100)
    roman_numeral = models.CharField(_("roman numeral"), max_length=6, blank=True)
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=6, blank=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=10, blank=True)
    capital = models.CharField(_("capital"), max_length=100, blank=True)
    population = models.PositiveIntegerField(_("population"), default=0)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=12, decimal_places=2, null=True, blank=True)
    north_south_order = models.PositiveSmallIntegerField(_("north-south order"), default=0)

    class Meta:
        ordering = ["north_south_order", "code", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            # countries: one row per ISO 3166-2 subdivision
            models.UniqueConstraint(
                fields=["iso_code"], condition=~models.Q(iso_code=""), name="region_iso_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        if self.code is None:  # a subdivision abroad: its country's page
            return reverse("impact:country", args=[self.country])
        return reverse("territory:region", args=[self.code])


class Commune(models.Model):
    """A commune (comuna); `cut` is its official Código Único Territorial."""

    cut = models.PositiveIntegerField(_("CUT code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    province = models.CharField(_("province"), max_length=100, blank=True)
    province_code = models.PositiveSmallIntegerField(_("province code"), null=True, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="communes", verbose_name=_("region"))
    population = models.PositiveIntegerField(_("population"), default=0)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=12, decimal_places=2, null=True, blank=True)
    electoral_district = models.PositiveSmallIntegerField(_("electoral district"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("territory:commune", args=[self.cut])
