"""Two-factor authentication (django-otp): an authenticator app (TOTP) plus single-use recovery codes.

Every account may turn it on at ``/accounts/me/security/``; staff must (``HELIX_STAFF_2FA_REQUIRED``,
enforced by :class:`helix.accounts.middleware.StaffTwoFactorMiddleware`). A person has at most one
confirmed TOTP device and one ``RecoveryCodes`` device holding their recovery codes, stored hashed
(``recovery_codes.py``): shown once, when issued, and each accepted once. The set-up creates an
unconfirmed device; a correct code from the app confirms it and issues the recovery codes, shown
once. Verification picks the device by the code's shape (6 digits: the app; otherwise a recovery
code), so a recovery code never counts as a failed app code; django-otp throttles each device
(a growing delay after each wrong code).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from helix.core import audit
from helix.core.errors import HelixError

from . import recovery_codes
from .models import RecoveryCode, RecoveryCodes

RECOVERY_CODES = 10
DEVICE_NAME = "Helix"


def staff_requirement_on() -> bool:
    return bool(getattr(settings, "HELIX_STAFF_2FA_REQUIRED", True))


def is_enabled(user) -> bool:
    """True when `user` has a confirmed authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def start_setup(*, user) -> TOTPDevice:
    """A fresh unconfirmed authenticator device for `user` (any earlier unconfirmed one is replaced).

    Raises HelixError when two-factor authentication is already on.
    """
    if is_enabled(user):
        raise HelixError(_("Two-factor authentication is already on."), code="2fa_already_on")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def _clean(code: str) -> str:
    return "".join((code or "").split()).lower()


def confirm_setup(*, user, code: str) -> list[str]:
    """Confirm the pending device with a code from the app; returns the new recovery codes (shown once).

    Raises HelixError (nothing changed) when there is no pending device or the code is wrong.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        if device is None:
            raise HelixError(_("Start the set-up again: there is no pending authenticator."), code="2fa_no_setup")
        if not device.verify_token(_clean(code)):
            raise HelixError(_("That code is not right. Check the time on your phone and try again."), code="2fa_bad")
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        audit.record(user, audit.Action.TWO_FACTOR_ENABLED, user)
    return codes


def _new_recovery_codes(user) -> list[str]:
    """Replace `user`'s recovery codes; returns the new ones as shown (``abcd-efgh-ijkl``). Only their
    hashes are stored: this is the one time they can be seen."""
    RecoveryCodes.objects.filter(user=user).delete()
    device = RecoveryCodes.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
    codes = [recovery_codes.new_code() for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, lookup=recovery_codes.lookup(code), code_hash=recovery_codes.digest(code))
        for code in codes
    )
    return [recovery_codes.shown(code) for code in codes]


def renew_recovery_codes(*, user, code: str) -> list[str]:
    """New recovery codes for `user` after a code from the authenticator app; the old ones stop working.
    Returns the new codes (shown once). Raises HelixError (nothing changed) when the code is not an app
    code that the device accepts."""
    code = _clean(code)
    if not (code.isdigit() and len(code) == 6) or verify_code(user=user, code=code) is None:
        raise HelixError(_("That code is not right."), code="2fa_bad")
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        audit.record(user, audit.Action.TWO_FACTOR_ENABLED, user, recovery_codes="renewed")
    return codes


def recovery_codes_left(user) -> int:
    return RecoveryCode.objects.filter(device__user=user, device__confirmed=True).count()


def verify_code(*, user, code: str):
    """The device that accepts `code` (an app code or an unused recovery code, which is then spent), or None.

    Raises HelixError when the device is throttled after repeated wrong codes.
    """
    code = _clean(code)
    model = TOTPDevice if (code.isdigit() and len(code) == 6) else RecoveryCodes
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None:
            return None
        allowed, _why = device.verify_is_allowed()
        if not allowed:
            raise HelixError(_("Too many wrong codes. Wait a minute and try again."), code="2fa_throttled")
        return device if device.verify_token(code) else None


def can_disable(user) -> bool:
    return not (user.is_staff and staff_requirement_on())


def disable(*, user, code: str) -> None:
    """Turn two-factor authentication off after a valid code; staff cannot while it is required."""
    if not can_disable(user):
        raise HelixError(_("Staff accounts must keep two-factor authentication on."), code="2fa_required")
    if verify_code(user=user, code=code) is None:
        raise HelixError(_("That code is not right."), code="2fa_bad")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        RecoveryCodes.objects.filter(user=user).delete()
        audit.record(user, audit.Action.TWO_FACTOR_DISABLED, user)


def give_device(*, user, key: str | None = None) -> tuple[TOTPDevice, list[str]]:
    """A confirmed authenticator (with `key`, hex, if given) and fresh recovery codes — for ``demo_admin``."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        fields = {"key": key} if key else {}
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True, **fields)
        return device, _new_recovery_codes(user)
