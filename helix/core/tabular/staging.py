"""An uploaded file kept between a preview and its confirmation, in the database.

The bytes wait in PostgreSQL (bounded by the reader's size limit), so any of several stateless app
servers can show the preview and confirm it, and the session stays small. Each person keeps a few
pending uploads per purpose; uploads older than a day are deleted whenever a new one is staged, and
an account's uploads go with the account.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEEP_PER_PURPOSE = 3
MAX_AGE = timedelta(days=1)


class StagedUpload(models.Model):
    token = models.CharField(max_length=32, unique=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=40)  # which import, e.g. "directory"
    label = models.CharField(max_length=40, blank=True)  # what the owner said the file holds
    filename = models.CharField(max_length=255, blank=True)
    data = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        app_label = "core"
        verbose_name = _("staged upload")
        verbose_name_plural = _("staged uploads")

    def __str__(self) -> str:
        return f"{self.purpose}: {self.filename}"

    @property
    def content(self) -> bytes:
        return bytes(self.data)


def stage_upload(*, owner, purpose: str, label: str, filename: str, data: bytes) -> StagedUpload:
    """Store ``data`` for ``owner`` under a new random token; drops expired and surplus uploads."""
    StagedUpload.objects.filter(created_at__lt=timezone.now() - MAX_AGE).delete()
    kept = StagedUpload.objects.filter(owner=owner, purpose=purpose).order_by("-created_at", "-pk")
    surplus = list(kept.values_list("pk", flat=True)[KEEP_PER_PURPOSE - 1 :])
    if surplus:
        StagedUpload.objects.filter(pk__in=surplus).delete()
    return StagedUpload.objects.create(
        token=secrets.token_urlsafe(16)[:32],
        owner=owner,
        purpose=purpose,
        label=label,
        filename=filename[:255],
        data=data,
    )


def staged_upload(*, owner, purpose: str, token: str) -> StagedUpload | None:
    """The owner's unexpired upload with that token, or None (another person's token is unknown)."""
    return StagedUpload.objects.filter(
        owner=owner, purpose=purpose, token=token, created_at__gte=timezone.now() - MAX_AGE
    ).first()


def discard_upload(*, owner, purpose: str, token: str) -> None:
    StagedUpload.objects.filter(owner=owner, purpose=purpose, token=token).delete()
