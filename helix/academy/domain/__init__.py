"""Academy business logic. Every write to academy models goes through these functions."""

from .attendance import check_can_manage_cohort, evaluate_completion, mark_attendance, set_final_mark
from .capacity import set_cohort_capacity
from .enrolment import (
    ENROLMENT_SEATS,
    accept_offer,
    cancel_enrolment,
    enrol,
    person_for_user,
)

__all__ = [
    "ENROLMENT_SEATS",
    "accept_offer",
    "cancel_enrolment",
    "check_can_manage_cohort",
    "enrol",
    "evaluate_completion",
    "mark_attendance",
    "person_for_user",
    "set_cohort_capacity",
    "set_final_mark",
]
