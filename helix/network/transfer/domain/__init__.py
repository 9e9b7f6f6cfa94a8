"""The directory import's rules: columns and their words, the plan of each row, and the writes."""

from .applying import ImportRejectedError, ImportResult, apply_import
from .columns import COLUMNS, ORGANISATION_COLUMNS, PERSON_COLUMNS
from .planning import Plan, plan_import
from .staging import LIMITS, PendingImport, cancel_import, confirm_import, pending_import, stage_import

__all__ = [
    "COLUMNS",
    "LIMITS",
    "ORGANISATION_COLUMNS",
    "PERSON_COLUMNS",
    "ImportRejectedError",
    "ImportResult",
    "PendingImport",
    "Plan",
    "apply_import",
    "cancel_import",
    "confirm_import",
    "pending_import",
    "plan_import",
    "stage_import",
]
