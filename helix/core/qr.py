"""QR codes (segno), the one way every app draws them: tickets, agendas, certificates.

Error correction "m" survives a creased paper ticket. A fixed mask pattern: choosing the "best" of
8 masks costs 5x the encoding time and any mask reads fine on a screen or on paper.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import segno


def qr_code(data: str) -> segno.QRCode:
    # Imported on first use: web processes that never draw a QR code don't carry the library.
    import segno

    return segno.make(data, error="m", mask=0, micro=False)


def qr_png(data: str, *, scale: int = 5, border: int = 2) -> bytes:
    """The QR as PNG bytes (e-mail attachments, PDF images)."""
    buffer = io.BytesIO()
    qr_code(data).save(buffer, kind="png", scale=scale, border=border)
    return buffer.getvalue()


def qr_svg(data: str, *, scale: int = 4) -> str:
    """The QR as an inline ``<svg>`` element, to put straight into a page."""
    return qr_code(data).svg_inline(scale=scale)


def qr_svg_data_uri(data: str, *, scale: int = 6, border: int = 2) -> str:
    """The QR as a ``data:image/svg+xml`` URI, for an ``<img src>``."""
    return qr_code(data).svg_data_uri(scale=scale, border=border)


def qr_matrix(data: str) -> tuple[tuple[int, ...], ...]:
    """Rows of dark (truthy) and light modules, without the quiet zone: for drawing vector squares."""
    return qr_code(data).matrix
