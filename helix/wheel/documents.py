"""Documents: agenda PDF (with the check-in QR code), iCalendar agenda, table sheets per slot (PDF)."""

import io

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from helix.core.calendar import CalendarEntry, build_calendar
from helix.core.qr import qr_png

from .domain.dayof import checkin_token
from .models import DirectMeeting, Meeting, Participant, Wheel


def _local(value) -> str:
    return timezone.localtime(value).strftime("%H:%M")


def agenda_pdf(participant: Participant, meetings: list[Meeting]) -> bytes:
    """One A4 page (more if needed): wheel, organisation, a row per meeting, and the check-in QR code."""
    from reportlab.lib.utils import ImageReader

    wheel = participant.wheel
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1, pageCompression=0)
    pdf.setTitle(f"{wheel.name} — {participant.organisation.name}")
    width, height = A4
    y = height - 25 * mm
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(20 * mm, y, wheel.name)
    y -= 8 * mm
    pdf.setFont("Helvetica", 12)
    pdf.drawString(20 * mm, y, f"{participant.organisation.name} · {wheel.date:%d-%m-%Y}")
    qr = ImageReader(io.BytesIO(qr_png(checkin_token(participant), scale=4)))
    pdf.drawImage(qr, width - 55 * mm, height - 55 * mm, 35 * mm, 35 * mm)
    y -= 6 * mm
    pdf.setFont("Helvetica", 9)
    pdf.drawString(20 * mm, y, _("Show the QR code at the check-in desk."))
    y -= 20 * mm
    pdf.setFont("Helvetica-Bold", 11)
    for x, title in ((20, _("Time")), (45, _("Table")), (65, _("Meeting with"))):
        pdf.drawString(x * mm, y, title)
    pdf.setFont("Helvetica", 11)
    if not meetings:
        y -= 7 * mm
        pdf.drawString(20 * mm, y, _("No meetings scheduled yet."))
    for m in meetings:
        y -= 7 * mm
        if y < 20 * mm:
            pdf.showPage()
            pdf.setFont("Helvetica", 11)
            y = height - 25 * mm
        other = m.counterpart(participant.pk)
        pdf.drawString(20 * mm, y, f"{_local(m.slot.starts_at)}–{_local(m.slot.ends_at)}")
        pdf.drawString(45 * mm, y, str(m.table))
        pdf.drawString(65 * mm, y, other.organisation.name[:70])
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _host() -> str:
    return settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS and settings.ALLOWED_HOSTS[0] != "*" else "helix"


def agenda_ics(participant: Participant, meetings: list[Meeting]) -> bytes:
    """An iCalendar file with one VEVENT per meeting (stable UIDs, so updates replace old entries)."""
    wheel = participant.wheel
    venue = wheel.event.venue or wheel.name
    entries = [
        CalendarEntry(
            uid=f"wheel-{wheel.pk}-meeting-{m.pk}-p{participant.pk}@{_host()}",
            summary=_("Meeting with %(org)s") % {"org": m.counterpart(participant.pk).organisation.name},
            starts_at=m.slot.starts_at,
            ends_at=m.slot.ends_at,
            location=_("Table %(table)s, %(venue)s") % {"table": m.table, "venue": venue},
        )
        for m in meetings
    ]
    return build_calendar(entries, name=f"{wheel.name} — {participant.organisation.name}", product="Business wheel")


def direct_meeting_ics(meeting: DirectMeeting, own) -> bytes:
    """The confirmed direct meeting as seen by the side `own` (an organisation)."""
    other = meeting.invitee if own.pk == meeting.proposer_id else meeting.proposer
    entry = CalendarEntry(
        uid=f"direct-meeting-{meeting.pk}-o{own.pk}@{_host()}",
        summary=_("Meeting with %(org)s") % {"org": other.name},
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        location=meeting.place,
    )
    return build_calendar([entry], name=own.name, product="Business wheel")


def table_sheets_pdf(wheel: Wheel, board: list) -> bytes:
    """One page per slot listing every table and its meeting (for the room staff)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1, pageCompression=0)
    pdf.setTitle(_("Table sheets — %(wheel)s") % {"wheel": wheel.name})
    width, height = A4
    for slot, meetings in board:
        by_table = {m.table: m for m in meetings}
        y = height - 25 * mm
        pdf.setFont("Helvetica-Bold", 15)
        pdf.drawString(20 * mm, y, f"{wheel.name} · {_local(slot.starts_at)}–{_local(slot.ends_at)}")
        pdf.setFont("Helvetica", 10)
        for table in range(1, slot.table_count(wheel) + 1):
            y -= 6 * mm
            if y < 15 * mm:
                pdf.showPage()
                pdf.setFont("Helvetica", 10)
                y = height - 20 * mm
            m = by_table.get(table)
            text = f"{m.a.organisation.name[:45]} — {m.b.organisation.name[:45]}" if m else "—"
            pdf.drawString(20 * mm, y, _("Table %(table)s: %(meeting)s") % {"table": table, "meeting": text})
        pdf.showPage()
    if not board:
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
