"""Who may do what in the academy. Pure predicates; the domain functions enforce them and raise.

Capacity changes are checked here (`can_change_capacity`) and applied by the capacity domain function,
which offers freed seats to the waiting list.
"""

from __future__ import annotations

from helix.core.seats import SeatStatus
from helix.core.staff import is_staff


def can_manage_cohort(user, cohort) -> bool:
    """Staff, and the cohort's instructors (through their account), take attendance, marks and completion."""
    if user is None or not user.is_authenticated:
        return False
    return is_staff(user) or cohort.instructors.filter(user=user).exists()


def can_enrol(user, person) -> bool:
    """A signed-in person enrols themself (the directory person linked to their account); staff enrol anyone."""
    if user is None or not user.is_authenticated:
        return False
    return is_staff(user) or (person.user_id is not None and person.user_id == user.pk)


def can_manage_enrolment(user, enrolment) -> bool:
    """The enrolee (through their account, or by the same e-mail when the directory person has no
    account, as for event registrations) and staff cancel an enrolment or accept its offered seat."""
    if user is None or not user.is_authenticated:
        return False
    person = enrolment.person
    if person.user_id is None:
        return is_staff(user) or bool(person.email) and person.email.lower() == user.email.lower()
    return is_staff(user) or person.user_id == user.pk


def can_see_online_link(enrolment) -> bool:
    """A cohort's online link is shown only to an enrolment holding a confirmed seat."""
    return enrolment is not None and enrolment.status == SeatStatus.CONFIRMED


def can_change_capacity(user, cohort=None) -> bool:
    """Staff set the seats of a cohort (the back office and the staff pages)."""
    return bool(user is not None and user.is_authenticated and user.is_active and is_staff(user))
