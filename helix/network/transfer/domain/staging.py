"""Upload → preview → confirm: the uploaded file waits in the database until staff confirm it.

Only the raw file is kept (``helix.core.tabular.staging``), bounded by :data:`LIMITS`; the preview and
the confirmation read it again, so the session never holds the cells and any app server can answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from helix.core.tabular import Limits, Table, read_table, upload_bytes
from helix.core.tabular.staging import StagedUpload, discard_upload, stage_upload, staged_upload
from helix.network.permissions import can_import_directory

from .applying import ImportResult, apply_import
from .planning import Plan, plan_import

PURPOSE = "directory"
LIMITS = Limits(max_bytes=10 * 1024 * 1024, max_rows=20_000, max_columns=100, max_cells=1_000_000)


@dataclass
class PendingImport:
    """A staged file as the preview shows it."""

    token: str
    kind: str
    filename: str
    table: Table
    notes: list[str] = field(default_factory=list)

    def plan(self) -> Plan:
        return plan_import(kind=self.kind, headers=self.table.headers, rows=self.table.rows)


def _require_staff(actor) -> None:
    if not can_import_directory(actor):
        raise PermissionDenied(_("Only staff can import into the directory."))


def stage_import(*, actor, kind: str, upload) -> str:
    """Read ``upload`` under the limits (HelixError if it cannot be read) and keep it; returns its token."""
    _require_staff(actor)
    data = upload_bytes(upload, limits=LIMITS)
    read_table(data, upload.name or "", limits=LIMITS)  # refuse an unreadable file now, next to the field
    return stage_upload(owner=actor, purpose=PURPOSE, label=kind, filename=upload.name or "", data=data).token


def _pending(staged: StagedUpload) -> PendingImport:
    table = read_table(staged.content, staged.filename, limits=LIMITS)
    return PendingImport(
        token=staged.token,
        kind=staged.label,
        filename=staged.filename,
        table=table,
        notes=[str(note) for note in table.notes],
    )


def pending_import(*, actor, token: str) -> PendingImport | None:
    """The actor's staged import with that token, read again; None if unknown (or someone else's)."""
    _require_staff(actor)
    staged = staged_upload(owner=actor, purpose=PURPOSE, token=token)
    return _pending(staged) if staged else None


def confirm_import(*, actor, pending: PendingImport) -> ImportResult:
    """Write the staged file (all rows or none, see ``apply_import``); the staged file is then dropped."""
    result = apply_import(kind=pending.kind, headers=pending.table.headers, rows=pending.table.rows, actor=actor)
    discard_upload(owner=actor, purpose=PURPOSE, token=pending.token)
    return result


def cancel_import(*, actor, token: str) -> None:
    _require_staff(actor)
    discard_upload(owner=actor, purpose=PURPOSE, token=token)
