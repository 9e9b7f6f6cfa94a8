"""Who may do what in the academy: ``can_*`` predicates; domain functions enforce them."""


def can_change_capacity(user, cohort=None) -> bool:
    """Staff set the seats of a cohort (the back office and the staff pages)."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)
