"""Who issues a certificate (issue 12 §7): the organisation that organised the event or course, with
its RUT; otherwise the institution running Helix (settings ``CERTIFICATE_ISSUER_NAME``/``_RUT``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from helix.core.rut import format_rut

from .models import Certificate


@dataclass(frozen=True)
class Issuer:
    name: str
    rut: str  # with dots, or ""


def issuer_of(certificate: Certificate) -> Issuer:
    subject = certificate.subject
    organiser = getattr(subject, "organiser", None)
    if organiser is None and getattr(subject, "course", None) is not None:
        organiser = subject.course.organiser
    if organiser is not None:
        return Issuer(name=organiser.name, rut=organiser.rut_display)
    return Issuer(
        name=getattr(settings, "CERTIFICATE_ISSUER_NAME", "Helix"),
        rut=format_rut(getattr(settings, "CERTIFICATE_ISSUER_RUT", "")),
    )
