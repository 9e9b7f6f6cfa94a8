"""Models of the shared kernel (each lives with its module and is registered here)."""

from helix.core.tabular.staging import StagedUpload

__all__ = ["StagedUpload"]
