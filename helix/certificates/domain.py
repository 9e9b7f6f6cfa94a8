"""Issuing, verifying and e-mailing certificates. Every write to `Certificate` goes through here.

Other apps (events, academy) call `issue_certificate` / `issue_certificates_for`; `subject` is any
model instance (an event, a cohort) stored through contenttypes.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from helix.core import mail
from helix.network.personal_data import is_erased

from . import codes
from .models import Certificate
from .permissions import can_download, can_revoke

KINDS = {choice.value for choice in Certificate.Kind}


def _subject_key(subject: models.Model | None) -> tuple[ContentType | None, int | None]:
    if subject is None:
        return None, None
    if subject.pk is None:
        raise ValueError("The subject of a certificate must be saved first.")
    return ContentType.objects.get_for_model(subject), subject.pk


def _lookup(*, person, kind: str, title: str, subject_type, subject_id):
    qs = Certificate.objects.filter(person=person, kind=kind)
    if subject_type is None:
        return qs.filter(subject_type__isnull=True, title=title).first()
    return qs.filter(subject_type=subject_type, subject_id=subject_id).first()


def issue_certificate(
    *,
    person,
    kind: str,
    title: str,
    subject: models.Model | None = None,
    hours: Decimal | float | int | None = None,
    issued_by=None,
) -> Certificate:
    """Issue (or return the already issued) certificate of `kind` for `person` and `subject`.

    Idempotent per (person, kind, subject) — or (person, kind, title) without a subject — even
    under concurrent calls: the unique constraints decide and the loser gets the existing row.
    The verification code is random (60 bits) with an HMAC check part.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown certificate kind {kind!r}")
    subject_type, subject_id = _subject_key(subject)
    existing = _lookup(person=person, kind=kind, title=title, subject_type=subject_type, subject_id=subject_id)
    if existing:
        return existing
    try:
        with transaction.atomic():
            return Certificate.objects.create(
                person=person,
                kind=kind,
                title=title[:250],
                hours=Decimal(str(hours)) if hours is not None else None,
                subject_type=subject_type,
                subject_id=subject_id,
                code=codes.new_code(),
                issued_at=timezone.now(),
                issued_by=issued_by,
            )
    except IntegrityError:
        existing = _lookup(person=person, kind=kind, title=title, subject_type=subject_type, subject_id=subject_id)
        if existing is None:  # a code collision (2^-60): not a duplicate certificate
            raise
        return existing


def issue_certificates_for(
    *,
    subject: models.Model,
    people: Iterable,
    kind: str,
    title: str,
    hours: Decimal | float | int | None = None,
    by=None,
) -> list[Certificate]:
    """Bulk issue: one certificate per person (idempotent) and an e-mail task for each not yet sent.

    Returns the certificates (existing ones included). E-mails go out in the background after
    commit (`send_certificate_email`); a certificate already e-mailed is not sent twice.
    """
    certificates = [
        issue_certificate(person=person, kind=kind, title=title, subject=subject, hours=hours, issued_by=by)
        for person in people
    ]
    for certificate in certificates:
        send_certificate_email(certificate=certificate)
    return certificates


@dataclass(frozen=True)
class Verification:
    """Outcome of checking a code typed or scanned by anyone."""

    status: str  # "valid" | "revoked" | "malformed" | "unknown"
    certificate: Certificate | None = None
    code: str = ""

    @property
    def is_valid(self) -> bool:
        return self.status == "valid"

    @property
    def holder_erased(self) -> bool:
        """The holder deleted their personal data: the certificate stands, but names nobody."""
        return self.certificate is not None and is_erased(self.certificate.person)


def verify_code(text: str) -> Verification:
    """Check a code: malformed or failing its check characters, unknown, revoked, or valid."""
    code = codes.normalise(text)
    if code is None:
        return Verification("malformed", code=(text or "")[:40])
    certificate = Certificate.objects.select_related("person", "subject_type").filter(code=code).first()
    if certificate is None:
        return Verification("unknown", code=code)
    if certificate.revoked_at:
        return Verification("revoked", certificate, code)
    return Verification("valid", certificate, code)


def revoke_certificate(*, certificate: Certificate, actor) -> Certificate:
    """Mark a certificate as revoked (staff only, else ``PermissionDenied``): verification then reports it
    as no longer valid."""
    if not can_revoke(actor):
        raise PermissionDenied(_("Only staff can revoke a certificate."))
    if certificate.revoked_at is None:
        certificate.revoked_at = timezone.now()
        certificate.save(update_fields=["revoked_at"])
    return certificate


def certificate_pdf(*, certificate: Certificate, actor) -> bytes:
    """The certificate as a PDF, for its holder or staff (else ``PermissionDenied``)."""
    if not can_download(actor, certificate):
        raise PermissionDenied(_("Only the holder of this certificate can download it."))
    from .pdf import render_certificate_pdf  # reportlab is loaded only where a PDF is drawn

    return render_certificate_pdf(certificate)


@mail.composer
def certificate_email(*, certificate_id: int) -> mail.Email | None:
    """The certificate, as a PDF attachment, to its holder (nothing for a revoked one)."""
    certificate = Certificate.objects.select_related("person__user").filter(pk=certificate_id).first()
    if certificate is None or not certificate.person.email or certificate.revoked_at:
        return None
    language = mail.language_of(certificate.person)
    with translation.override(language):
        from .pdf import render_certificate_pdf

        pdf = render_certificate_pdf(certificate)
    return mail.Email(
        template="certificates/email",
        to=[certificate.person.email],
        language=language,
        context={"certificate": certificate, "site_url": settings.SITE_URL},
        attachments=[(f"certificado-{certificate.code}.pdf", pdf, "application/pdf")],
    )


def send_certificate_email(*, certificate: Certificate, force: bool = False) -> bool:
    """Queue the certificate's e-mail to its holder (sent by the worker after commit).

    At most once unless ``force``: ``emailed_at`` is set by a conditional update, so two callers
    (or two batches) never both queue it. Returns True when an e-mail was queued."""
    if not certificate.person.email:
        return False
    rows = Certificate.objects.filter(pk=certificate.pk)
    if not force:
        rows = rows.filter(emailed_at__isnull=True)
    if not rows.update(emailed_at=timezone.now()):
        return False
    mail.send(certificate_email, certificate_id=certificate.pk)
    return True
