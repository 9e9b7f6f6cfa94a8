"""Certificates carry the holder's RUT and the issuing institution with its RUT (issue 12 §7)."""

import base64
import re
import zlib

import pytest
from django.urls import reverse

from helix.certificates import domain
from helix.certificates.issuer import issuer_of
from helix.certificates.pdf import render_certificate_pdf
from tests.factories import EventFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    """The text drawn on the page (reportlab writes content streams ASCII85-encoded, then zlib-compressed)."""
    parts = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
        encoded = stream.strip()
        if encoded.endswith(b"~>"):
            parts.append(zlib.decompress(base64.a85decode(encoded, adobe=True)).decode("latin-1"))
    return "".join(parts)


def _certificate(subject=None, rut=""):
    person = PersonFactory(first_name="Javiera", last_name="Soto", rut=rut)
    return domain.issue_certificate(person=person, kind="attendance", title="Congreso Agua", subject=subject)


def test_event_organiser_issues_with_its_rut_and_the_holder_rut_is_printed(client):
    organiser = OrganisationFactory(name="Corporación Municipal de Quilpué", rut="76543210-3")
    certificate = _certificate(EventFactory(organiser=organiser), rut="12345678-5")
    issuer = issuer_of(certificate)
    assert (issuer.name, issuer.rut) == ("Corporación Municipal de Quilpué", "76.543.210-3")
    text = pdf_text(render_certificate_pdf(certificate))
    assert "RUT 12.345.678-5" in text
    assert "Emitido por Corporaci" in text and "RUT 76.543.210-3" in text
    page = client.get(reverse("certificates:verify", args=[certificate.code])).content.decode()
    assert '<dd id="issuer">Corporación Municipal de Quilpué · RUT 76.543.210-3</dd>' in page
    assert "12.345.678-5" not in page  # the holder's RUT is personal: not on the public page


def test_without_organiser_the_institution_from_settings_issues(settings):
    settings.CERTIFICATE_ISSUER_NAME = "Fundación Helix Chile"
    settings.CERTIFICATE_ISSUER_RUT = "76086428-5"
    certificate = _certificate()
    issuer = issuer_of(certificate)
    assert (issuer.name, issuer.rut) == ("Fundación Helix Chile", "76.086.428-5")
    assert "RUT 12" not in pdf_text(render_certificate_pdf(certificate))
