"""Models of the shared kernel (each lives with its module and is registered here)."""

from helix.core.audit import AuditEvent
from helix.core.tabular.staging import StagedUpload

__all__ = ["AuditEvent", "StagedUpload"]
