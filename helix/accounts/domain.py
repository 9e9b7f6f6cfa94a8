"""Accounts: sign-up, activation, representation requests and their approval.

Every write about accounts goes through these functions; views only call them. The rules are the
`can_*` predicates in `permissions.py`; the writes here enforce them and raise `PermissionDenied`.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from helix.core import audit, mail
from helix.network import domain as network_domain
from helix.network.models import Membership, Organisation, Person

from .models import User
from .permissions import can_appoint_admin, can_decide_membership, can_review_requests
from .tokens import activation_tokens, reset_tokens

# A new activation link (or an "you already have an account" notice) at most this often per address.
ACTIVATION_RESEND_SECONDS = 5 * 60


class AccountExistsError(ValidationError):
    """Raised by `register_account` when the address has an account. Callers must not tell the visitor
    (see `notify_existing_account`): the sign-up page would otherwise reveal who has an account."""


def register_account(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str = "",
    commune=None,
    organisation: Organisation | None = None,
    position: str = "",
    language: str = "es-cl",
) -> User:
    """Create an inactive account and its directory `Person`; optionally ask to represent an organisation.

    Guarantees: the account stays inactive (cannot sign in) until `activate_account`, which proves the
    e-mail belongs to the applicant. If the directory already holds an unclaimed person with this e-mail
    (e.g. imported by staff) that record is linked instead of creating a duplicate — safe because nobody
    can use the account before proving ownership of the address. A representative request is always
    created *pending*; no role is granted here.
    """
    email = User.objects.normalize_email(email).strip().lower()
    with transaction.atomic():
        if User.objects.filter(email__iexact=email).exists():
            raise AccountExistsError({"email": _("An account with this e-mail already exists.")})
        user = User.objects.create_user(
            email=email,
            password=password,
            full_name=f"{first_name} {last_name}".strip(),
            is_active=False,
            language=language,
        )
        person = Person.objects.select_for_update().filter(email__iexact=email, user__isnull=True).first()
        if person is not None:
            # Linking an account to its directory record is an accounts concern, not a profile edit.
            person.user = user
            person.save(update_fields=["user"])
        else:
            person = network_domain.create_person(
                first_name=first_name, last_name=last_name, email=email, commune=commune, user=user
            )
        if organisation is not None:
            _request_representation(person=person, organisation=organisation, position=position)
    return user


def _first_in_window(kind: str, email: str) -> bool:
    """True once per `ACTIVATION_RESEND_SECONDS` for (kind, address): the throttle on resent links."""
    return cache.add(f"helix:accounts:{kind}:{email}", 1, ACTIVATION_RESEND_SECONDS)


def resend_activation(*, email: str) -> None:
    """E-mail a new activation link if `email` belongs to an account not yet activated, at most once per
    `ACTIVATION_RESEND_SECONDS`. Does nothing otherwise, and says nothing either way: the caller answers
    every address the same, so the page cannot be used to learn who has an account."""
    email = User.objects.normalize_email(email).strip().lower()
    user = User.objects.filter(email__iexact=email, is_active=False).first()
    if user is not None and _first_in_window("activation", email):
        mail.send(activation_email, user_id=user.pk)


def notify_existing_account(*, email: str) -> None:
    """Someone signed up with the address of an existing account: tell the address's owner (a new activation
    link if the account is not active yet), throttled like `resend_activation`."""
    email = User.objects.normalize_email(email).strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        return
    if not user.is_active:
        resend_activation(email=email)
    elif _first_in_window("exists", email):
        mail.send(account_exists_email, user_id=user.pk)


@mail.composer
def account_exists_email(*, user_id: int) -> mail.Email | None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    context = {
        "user": user,
        "login_url": settings.SITE_URL + reverse("accounts:login"),
        "reset_url": settings.SITE_URL + reverse("accounts:password_reset"),
    }
    return mail.Email(
        template="accounts/email/account_exists", to=[user.email], language=mail.language_of(user), context=context
    )


def send_activation(*, user: User) -> None:
    """E-mail the one-time activation link (its own token: it expires once the user signs in)."""
    mail.send(activation_email, user_id=user.pk)


@mail.composer
def activation_email(*, user_id: int) -> mail.Email | None:
    user = User.objects.filter(pk=user_id, is_active=False).first()
    if user is None:
        return None
    path = reverse(
        "accounts:activate",
        args=[urlsafe_base64_encode(force_bytes(user.pk)), activation_tokens.make_token(user)],
    )
    return mail.Email(
        template="accounts/email/activation",
        to=[user.email],
        language=mail.language_of(user),
        context={"user": user, "activation_url": settings.SITE_URL + path},
    )


@mail.composer
def password_reset_email(*, user_id: int, domain: str, protocol: str) -> mail.Email | None:
    """The password-reset link (its own token, made in the worker: valid until the password changes)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    context = {
        "email": user.email,
        "user": user,
        "domain": domain,
        "protocol": protocol,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": reset_tokens.make_token(user),
    }
    return mail.Email(
        template="accounts/email/password_reset", to=[user.email], language=mail.language_of(user), context=context
    )


def activate_account(*, user: User) -> User:
    """Mark the account active once the applicant followed the e-mailed link."""
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user


def request_representation(*, user: User, organisation: Organisation, position: str = "") -> Membership:
    """A signed-in person asks to represent an organisation; creates or reopens a *pending* membership.

    Raises ValidationError if the user already acts for it or a request is already pending.
    """
    person = getattr(user, "person", None)
    if person is None:
        person = network_domain.create_person(first_name=user.get_short_name(), email=user.email, user=user)
    with transaction.atomic():
        return _request_representation(person=person, organisation=organisation, position=position)


def _request_representation(*, person: Person, organisation: Organisation, position: str) -> Membership:
    existing = Membership.objects.select_for_update().filter(person=person, organisation=organisation).first()
    if existing is None:
        membership = network_domain.add_membership(
            person=person,
            organisation=organisation,
            role=Membership.Role.REPRESENTATIVE,
            position=position,
            status=Membership.Status.PENDING,
        )
        mail.send(new_request_emails, membership_id=membership.pk)
        return membership
    if existing.status == Membership.Status.PENDING:
        raise ValidationError(_("You already have a pending request for this organisation."))
    if existing.status == Membership.Status.APPROVED and existing.role != Membership.Role.MEMBER:
        raise ValidationError(_("You already represent this organisation."))
    # A plain member (or a rejected applicant) asks again: the request goes back to pending.
    existing.role = Membership.Role.REPRESENTATIVE
    existing.status = Membership.Status.PENDING
    existing.position = position or existing.position
    existing.decided_by = None
    existing.decided_at = None
    existing.save(update_fields=["role", "status", "position", "decided_by", "decided_at"])
    mail.send(new_request_emails, membership_id=existing.pk)
    return existing


@mail.composer
def new_request_emails(*, membership_id: int) -> list[mail.Email]:
    """Tell the organisation's admins a request awaits them (staff see every request on their page)."""
    membership = Membership.objects.select_related("person", "organisation").filter(pk=membership_id).first()
    if membership is None or membership.status != Membership.Status.PENDING:
        return []
    admins = User.objects.filter(
        is_active=True,
        person__memberships__organisation_id=membership.organisation_id,
        person__memberships__role=Membership.Role.ADMIN,
        person__memberships__status=Membership.Status.APPROVED,
    ).distinct()
    context = {"membership": membership, "person": membership.person, "organisation": membership.organisation}
    context["url"] = settings.SITE_URL + reverse("accounts:pending_requests")
    return [
        mail.Email(
            template="accounts/email/new_request", to=[admin.email], language=mail.language_of(admin), context=context
        )
        for admin in admins
    ]


def check_can_review_requests(*, actor) -> None:
    """Raise ``PermissionDenied`` (translated) unless `actor` is staff or an organisation's admin."""
    if not can_review_requests(actor):
        raise PermissionDenied(_("Only staff and organisation admins review representation requests."))


def decide_membership(*, membership_id: int, actor: User, approve: bool, as_admin: bool = False) -> Membership:
    """Approve or reject a pending request and e-mail the applicant the decision.

    Guarantees: the row is locked while deciding, so two approvers clicking at once produce one
    decision (the second gets a ValidationError); the e-mail leaves only after the commit.
    `as_admin` (staff only) approves the applicant as the organisation's admin, who can then approve
    the organisation's other representatives. Raises `PermissionDenied` (nothing written) when the
    actor may not decide this request (`can_decide_membership`) or appoint an admin (`can_appoint_admin`).
    """
    if as_admin and not (approve and can_appoint_admin(actor)):
        raise PermissionDenied(_("Only staff can appoint an organisation's admin."))
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update(of=("self",))
            .select_related("person__user", "organisation")
            .get(pk=membership_id)
        )
        if not can_decide_membership(actor, membership):
            raise PermissionDenied(_("You cannot decide this request."))
        if membership.status != Membership.Status.PENDING:
            raise ValidationError(_("This request has already been decided."))
        membership.status = Membership.Status.APPROVED if approve else Membership.Status.REJECTED
        if as_admin:
            membership.role = Membership.Role.ADMIN
        membership.decided_by = actor
        membership.decided_at = timezone.now()
        membership.save(update_fields=["status", "role", "decided_by", "decided_at"])
        audit.record(actor, audit.Action.MEMBERSHIP_DECIDED, membership, status=membership.status, role=membership.role)
        mail.send(decision_email, membership_id=membership.pk)
    return membership


@mail.composer
def decision_email(*, membership_id: int) -> mail.Email | None:
    membership = Membership.objects.select_related("person__user", "organisation").filter(pk=membership_id).first()
    if membership is None:
        return None
    person = membership.person
    recipient = person.user.email if person.user_id else person.email
    if not recipient:
        return None
    context = {
        "membership": membership,
        "person": person,
        "organisation": membership.organisation,
        "approved": membership.status == Membership.Status.APPROVED,
        "site_url": settings.SITE_URL,
    }
    return mail.Email(
        template="accounts/email/decision", to=[recipient], language=mail.language_of(person), context=context
    )
