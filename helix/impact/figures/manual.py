"""Figures tracked outside Helix, entered by hand (always shown marked as manual)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ..models import ManualFigure
from ..period import Period
from .permissions import can_enter_manual_figure


def record_manual_figure(*, actor, label: str, value: Decimal, unit: str, source: str, date: dt.date) -> ManualFigure:
    """Store a hand-entered figure with its source and date; only staff may enter one."""
    if not can_enter_manual_figure(actor):
        raise PermissionDenied(_("Only staff can enter manual figures."))
    return ManualFigure.objects.create(
        label=label.strip(), value=value, unit=unit.strip(), source=source.strip(), date=date, entered_by=actor
    )


def manual_figures(period: Period) -> QuerySet:
    """Manual figures dated within the period, newest first."""
    return ManualFigure.objects.filter(date__gte=period.start, date__lte=period.end).select_related("entered_by")
