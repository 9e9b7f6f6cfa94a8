"""The completion rule, as a pure function (no database): attendance share and optional final mark."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class CompletionCheck:
    attended: int
    sessions: int
    attendance_ok: bool
    mark_ok: bool

    @property
    def completed(self) -> bool:
        return self.attendance_ok and self.mark_ok

    @property
    def attendance_percent(self) -> int:
        return round(100 * self.attended / self.sessions) if self.sessions else 0


def check_completion(
    *, attended: int, sessions: int, threshold: int, mark: Decimal | None, pass_mark: Decimal | None
) -> CompletionCheck:
    """Completed ⇔ attended/sessions ≥ threshold% (exactly at the threshold passes) and, when the
    course has a pass mark, a final mark ≥ pass mark. Integer arithmetic: 3 of 4 at 75% passes.
    A cohort without sessions cannot be completed by attendance."""
    attendance_ok = sessions > 0 and attended * 100 >= threshold * sessions
    mark_ok = pass_mark is None or (mark is not None and Decimal(mark) >= Decimal(pass_mark))
    return CompletionCheck(attended=attended, sessions=sessions, attendance_ok=attendance_ok, mark_ok=mark_ok)
