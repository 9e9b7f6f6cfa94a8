"""Models of the shared kernel (each lives with its module and is registered here)."""

from helix.core.audit import AuditEvent
from helix.core.mailbox import MailboxMessage  # the local mailbox (issue 12 §5)
from helix.core.tabular.staging import StagedUpload

__all__ = ["AuditEvent", "MailboxMessage", "StagedUpload"]
