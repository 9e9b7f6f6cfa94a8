"""Who may do what with surveys. Checks only; writes live in the domain."""

from helix.core.staff import is_staff
from helix.network.permissions import acting_organisation_ids, can_edit_organisation

# Public figures are shown only over at least this many respondents.
MIN_PUBLIC_RESPONDENTS = 5


def can_manage_surveys(user) -> bool:
    """Staff build questionnaires, run campaigns and see every response."""
    return is_staff(user)


def can_view_response(user, response) -> bool:
    """An individual response: staff, or a representative of the responding organisation."""
    if is_staff(user):
        return True
    return response.organisation_id in acting_organisation_ids(user)


def can_act_on_response(user, response) -> bool:
    """Turning a recommendation into a challenge acts for the organisation."""
    return can_edit_organisation(user, response.organisation_id)


def can_see_aggregate(user, respondents: int) -> bool:
    """Aggregated figures: staff always; others only over enough respondents to protect each one."""
    return is_staff(user) or respondents >= MIN_PUBLIC_RESPONDENTS
