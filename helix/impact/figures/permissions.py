"""Who may see what of the impact figures. Public pages show aggregates only; the records behind a
number (people, organisations) and manual entries are for staff."""

from helix.core.staff import is_staff


def can_see_records(user) -> bool:
    """Drill-downs list named people and organisations: staff only."""
    return is_staff(user)


def can_see_dashboard(user) -> bool:
    return is_staff(user)


def can_enter_manual_figure(user) -> bool:
    return is_staff(user)
