"""Who may act for an organisation. Checks only; writes live in the domain modules."""

from django.contrib.auth.models import AnonymousUser

from helix.core.staff import is_staff

from .models import Membership, Organisation


def acting_organisation_ids(user) -> set[int]:
    """Organisations the user represents (approved representative or admin memberships)."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return set()
    cached = getattr(user, "_helix_acting_org_ids", None)
    if cached is None:
        cached = set(
            Membership.objects.filter(
                person__user=user,
                status=Membership.Status.APPROVED,
                role__in=[Membership.Role.REPRESENTATIVE, Membership.Role.ADMIN],
            ).values_list("organisation_id", flat=True)
        )
        user._helix_acting_org_ids = cached
    return cached


def can_create_organisation(user) -> bool:
    """Staff add organisations (one by one or from a file); everyone else asks to represent an existing one."""
    return is_staff(user)


def can_edit_organisation(user, organisation: Organisation | int) -> bool:
    """Staff edit everything; a representative or admin only their own organisations."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return org_id in acting_organisation_ids(user)


def can_admin_organisation(user, organisation: Organisation | int) -> bool:
    """Organisation admins approve representatives of their organisation; staff always can."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return Membership.objects.filter(
        person__user=user,
        organisation_id=org_id,
        status=Membership.Status.APPROVED,
        role=Membership.Role.ADMIN,
    ).exists()


def can_edit_person(user, person) -> bool:
    """A person edits their own profile (the one linked to their account); staff edit every profile."""
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_staff or (person.user_id is not None and person.user_id == user.pk))


def can_find_private_people(user) -> bool:
    """Staff find every person in the directory (when picking one); others find public profiles only."""
    return is_staff(user)


def can_import_directory(user) -> bool:
    """Only staff import organisations and people into the directory from a file."""
    return is_staff(user)


def confirming_parties(user, agreement) -> set[int]:
    """The parties of `agreement` that `user` represents (and so confirms for)."""
    own = acting_organisation_ids(user)
    if not own:
        return set()
    return {p.pk for p in agreement.parties.all()} & own


def can_confirm_agreement(user, agreement) -> bool:
    """Staff, or a representative of one of the agreement's parties."""
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_staff or confirming_parties(user, agreement))
