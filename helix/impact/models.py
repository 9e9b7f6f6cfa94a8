import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ManualFigure(models.Model):
    """A figure the organisation tracks outside Helix (media reach, funds raised …), entered by staff with
    its source and date; always shown marked as manual, never mixed with computed figures."""

    label = models.CharField(_("figure"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2, validators=[MinValueValidator(0)])
    unit = models.CharField(_("unit"), max_length=40, help_text=_("For example: US$, people, articles."))
    source = models.CharField(_("source"), max_length=300, help_text=_("Where the number comes from."))
    date = models.DateField(_("date"), help_text=_("The day the figure refers to."))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("manual figure")
        verbose_name_plural = _("manual figures")

    def __str__(self) -> str:
        return f"{self.label}: {self.value} {self.unit}"


def _new_epoch() -> str:
    return uuid.uuid4().hex


class FiguresVersion(models.Model):
    """One row: a counter bumped (after commit) by every write to a record the figures read. Cached
    figures are keyed by it, so every process sees a new agreement on its next request."""

    value = models.PositiveBigIntegerField(default=0)
    # New with the row: a database emptied (tests) or replaced starts a new series of keys.
    epoch = models.CharField(max_length=32, default=_new_epoch, editable=False)

    class Meta:
        verbose_name = _("figures version")
        verbose_name_plural = _("figures versions")

    def __str__(self) -> str:
        return f"{self.epoch}-{self.value}"


class Snapshot(models.Model):
    """A figure, dashboard part or strategy result computed for one data version (FiguresVersion), by the
    background precompute or by the first request that needed it. Shared by every process whatever the
    cache backend. Served for the version it was computed for; for a later version only while writes are
    constant (the version moved during its computation) and its data are recent enough for the 5 s rule
    (`figures.cache.recent`)."""

    key = models.CharField(max_length=255, unique=True)  # "<version>:<name>"
    name = models.CharField(max_length=200, default="")  # the key without its version
    version = models.CharField(max_length=64, db_index=True)
    value = models.BinaryField()  # pickled plain data (dicts, lists, dataclasses of our own)
    computed_at = models.DateTimeField(auto_now_add=True)
    # When its computation started: every write committed before then is in it.
    data_as_of = models.DateTimeField(null=True)
    # The data version had already moved when it was stored: writes are constant.
    superseded = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("precomputed figure")
        verbose_name_plural = _("precomputed figures")
        indexes = [models.Index(fields=["name", "data_as_of"], name="impact_snapshot_recent")]

    def __str__(self) -> str:
        return self.key
