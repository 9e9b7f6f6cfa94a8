"""Who may see which strategy analysis. Coverage and countries are public aggregates (counts only);
the expansion ranking and the partner network name organisations and weigh them: staff only."""

from helix.core.staff import is_staff


def can_view_coverage(user) -> bool:
    return True


def can_view_expansion(user) -> bool:
    return is_staff(user)


def can_view_partners(user) -> bool:
    return is_staff(user)
