"""PDF rendering of a certificate (reportlab), with a QR code to its public verification page (segno)."""

import io

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from helix.core.qr import qr_matrix

from .issuer import Issuer, issuer_of
from .models import Certificate

INK = colors.HexColor("#1d3557")
ACCENT = colors.HexColor("#2a9d8f")


def _draw_qr(pdf: canvas.Canvas, data: str, *, x: float, y: float, size: float) -> None:
    """Draw the QR as vector squares: sharp at any zoom, no image library needed."""
    matrix = qr_matrix(data)
    module = size / len(matrix)
    pdf.setFillColor(colors.black)
    for row_index, row in enumerate(matrix):
        for col_index, dark in enumerate(row):
            if dark:
                pdf.rect(x + col_index * module, y + size - (row_index + 1) * module, module, module, stroke=0, fill=1)


def _fit(pdf: canvas.Canvas, text: str, font: str, size: float, width: float) -> float:
    """Largest font size ≤ size at which text fits in width (long names and titles shrink)."""
    while size > 8 and pdf.stringWidth(text, font, size) > width:
        size -= 1
    return size


def issued_by_text(issuer: Issuer) -> str:
    if issuer.rut:
        return _("Issued by %(issuer)s, RUT %(rut)s") % {"issuer": issuer.name, "rut": issuer.rut}
    return _("Issued by %(issuer)s") % {"issuer": issuer.name}


def render_certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as a one-page landscape A4 PDF (bytes starting with %PDF)."""
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(certificate.title)
    pdf.setAuthor("Helix")

    pdf.setStrokeColor(ACCENT)
    pdf.setLineWidth(3)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)

    heading = (
        _("Certificate of completion")
        if certificate.kind == Certificate.Kind.COMPLETION
        else _("Certificate of attendance")
    )
    pdf.setFillColor(INK)
    pdf.setFont("Helvetica-Bold", 30)
    pdf.drawCentredString(width / 2, height - 45 * mm, heading)

    pdf.setFont("Helvetica", 14)
    pdf.drawCentredString(width / 2, height - 62 * mm, _("This certifies that"))
    name = certificate.person.full_name
    size = _fit(pdf, name, "Helvetica-Bold", 26, width - 60 * mm)
    pdf.setFont("Helvetica-Bold", size)
    pdf.drawCentredString(width / 2, height - 78 * mm, name)
    if certificate.person.rut:  # the holder's RUT, as Chilean institutions expect (issue 12 §7)
        pdf.setFont("Helvetica", 11)
        pdf.drawCentredString(width / 2, height - 85 * mm, _("RUT %(rut)s") % {"rut": certificate.person.rut_display})

    pdf.setFont("Helvetica", 14)
    verb = _("has completed") if certificate.kind == Certificate.Kind.COMPLETION else _("attended")
    pdf.drawCentredString(width / 2, height - 93 * mm, verb)
    size = _fit(pdf, certificate.title, "Helvetica-Bold", 20, width - 60 * mm)
    pdf.setFont("Helvetica-Bold", size)
    pdf.drawCentredString(width / 2, height - 106 * mm, certificate.title)

    pdf.setFont("Helvetica", 12)
    details = []
    if certificate.hours:
        details.append(_("Duration: %(hours)s hours") % {"hours": formats.number_format(certificate.hours, 1)})
    details.append(_("Issued on %(date)s") % {"date": formats.date_format(certificate.issued_at, "DATE_FORMAT")})
    pdf.drawCentredString(width / 2, height - 120 * mm, " · ".join(details))
    pdf.drawCentredString(width / 2, height - 128 * mm, issued_by_text(issuer_of(certificate)))

    qr_size = 38 * mm
    _draw_qr(pdf, certificate.verification_url, x=width - 22 * mm - qr_size, y=20 * mm, size=qr_size)
    pdf.setFont("Helvetica", 9)
    pdf.setFillColor(colors.black)
    pdf.drawString(22 * mm, 30 * mm, _("Verification code: %(code)s") % {"code": certificate.code})
    pdf.drawString(22 * mm, 24 * mm, _("Check it at %(url)s") % {"url": certificate.verification_url})
    if certificate.revoked_at:
        pdf.setFillColor(colors.red)
        pdf.setFont("Helvetica-Bold", 16)
        pdf.drawString(22 * mm, 38 * mm, _("REVOKED"))

    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
