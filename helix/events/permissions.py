"""Who may do what with events. Pure predicates; the domain functions enforce them and raise.

Capacity changes are checked here (`can_change_capacity`) and applied by the capacity domain function,
which offers freed seats to the waiting list.
"""

from __future__ import annotations

from helix.core.seats import SeatStatus
from helix.core.staff import is_staff
from helix.network.permissions import acting_organisation_ids


def can_edit_minutes(user) -> bool:
    """Staff keep the minutes of technical round tables and their commitments."""
    return is_staff(user)


def can_check_in(user) -> bool:
    """Staff check people in at the door (tickets, name search, walk-ins)."""
    return is_staff(user)


def can_issue_certificates(user) -> bool:
    """Staff start the attendance-certificate batch of an event."""
    return is_staff(user)


def can_manage_registration(user, registration) -> bool:
    """The registrant (same account, or same e-mail when the registration has no account) and staff
    may see and cancel a registration. Holding its signed cancel link also counts (see the domain)."""
    if user is None or not user.is_authenticated:
        return False
    if is_staff(user):
        return True
    return registration.user_id == user.pk or (
        registration.user_id is None and registration.email == user.email.lower()
    )


def can_see_online_link(event, registration) -> bool:
    """An online event's link is shown only to a registration holding a confirmed seat."""
    return bool(event.is_online and registration is not None and registration.status == SeatStatus.CONFIRMED)


def can_change_capacity(user, holder=None) -> bool:
    """Staff set the seats of an event or a session (the back office and the staff pages)."""
    return is_staff(user)


# Events front-end (issue 12 §3): staff, and the organiser organisation's representatives, edit events.
def can_create_event(user) -> bool:
    """Staff, and anyone who represents an organisation (as that organisation's organiser), create events."""
    return is_staff(user) or bool(acting_organisation_ids(user))


def can_edit_event(user, event) -> bool:
    """Staff edit every event; representatives of the organiser organisation edit that event."""
    if is_staff(user):
        return True
    return event.organiser_id is not None and event.organiser_id in acting_organisation_ids(user)
