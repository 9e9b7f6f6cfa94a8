"""The per-municipality diagnostic report as PDF (reportlab): scores against the medians, strongest
and weakest dimensions with the answers behind them, and every answer."""

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

INK = colors.HexColor("#0b4f39")


def _fmt(value) -> str:
    return "—" if value is None else f"{value:.2f}"


def report_pdf(report: dict) -> bytes:
    buffer = io.BytesIO()
    response = report["response"]
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, title=response.campaign.title, author="Helix"
    )
    styles = getSampleStyleSheet()
    body, h1, h2 = styles["BodyText"], styles["Title"], styles["Heading2"]
    story = [
        Paragraph(escape(response.organisation.name), h1),
        Paragraph(escape(response.campaign.title), body),
        Paragraph(
            escape(
                _("Overall score: %(score)s of 4 (level %(level)s)")
                % {"score": _fmt(report["overall"]), "level": report["level"]}
            ),
            body,
        ),
        Spacer(1, 6 * mm),
        Paragraph(escape(_("Scores by dimension")), h2),
    ]
    rows = [[_("Dimension"), _("Score"), _("Regional median"), _("National median")]]
    rows += [[d["label"], _fmt(d["score"]), _fmt(d["regional"]), _fmt(d["national"])] for d in report["dimensions"]]
    table = Table(rows, colWidths=[70 * mm, 30 * mm, 35 * mm, 35 * mm])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), INK),
                ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
            ]
        )
    )
    story.append(table)
    for heading, key in ((_("Strongest dimensions"), "strongest"), (_("Weakest dimensions"), "weakest")):
        story.append(Paragraph(escape(heading), h2))
        for d in report[key]:
            story.append(Paragraph(f"<b>{escape(d['label'])}</b>: {_fmt(d['score'])}", body))
            for a in d["answers"]:
                story.append(Paragraph(f"• {escape(a['question'])}: {escape(a['answer'])}", body))
    story.append(Paragraph(escape(_("Answers")), h2))
    for a in report["answers"]:
        story.append(Paragraph(f"<b>{escape(a['question'])}</b> — {escape(a['answer'])}", body))
    doc.build(story)
    return buffer.getvalue()
