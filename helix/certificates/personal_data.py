"""Certificates' part of the personal-data download and of account deletion.

A certificate is kept and stays valid: its verification page still confirms, by its code, that a
certificate with that title and hours was issued on that date, which is what the impact figures
count and what a holder who kept the PDF may still need. It is linked to the directory person, who
becomes a tombstone, so the page no longer shows whose it was. (Revoking would punish the holder
for exercising a right; deleting would change figures.) Certificate e-mails still queued are
discarded, and certificates issued by the account forget who issued them.
"""

from typing import Any

from helix.core.personal_data import DataSubject, discard_queued_mail, register, unlink

from .models import Certificate


def export_certificates(subject: DataSubject) -> list[dict[str, Any]]:
    if subject.person is None:
        return []
    return [
        {
            "title": c.title,
            "kind": c.kind,
            "hours": c.hours,
            "code": c.code,
            "verification_url": c.verification_url,
            "issued_at": c.issued_at,
            "emailed_at": c.emailed_at,
            "revoked_at": c.revoked_at,
        }
        for c in Certificate.objects.filter(person=subject.person).order_by("issued_at", "pk")
    ]


def erase_certificates(subject: DataSubject) -> None:
    if subject.person is not None:
        ids = Certificate.objects.filter(person=subject.person).values_list("pk", flat=True)
        discard_queued_mail("helix.certificates.domain.certificate_email", key="certificate_id", values=list(ids))
    unlink(subject.user, (Certificate, "issued_by"))


register(
    "certificates",
    export=export_certificates,
    erase=erase_certificates,
    covers={"certificates.Certificate": ("person", "issued_by")},
)
