"""Impact's part of the personal-data download and of account deletion: manual figures remember which
staff account entered them; the figure stays (it is the organisation's), the link to the account goes."""

from typing import Any

from helix.core.personal_data import DataSubject, register, unlink

from .models import ManualFigure


def export_manual_figures(subject: DataSubject) -> list[dict[str, Any]]:
    if subject.user is None:
        return []
    return [
        {"label": m.label, "value": m.value, "unit": m.unit, "source": m.source, "date": m.date}
        for m in ManualFigure.objects.filter(entered_by=subject.user).order_by("date", "pk")
    ]


def erase_manual_figures(subject: DataSubject) -> None:
    unlink(subject.user, (ManualFigure, "entered_by"))


register(
    "impact",
    export=export_manual_figures,
    erase=erase_manual_figures,
    covers={"impact.ManualFigure": ("entered_by",)},
)
