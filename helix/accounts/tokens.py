"""One token generator per e-mailed link, each with its own salt: a password-reset token does not open
the activation link, nor an activation token the reset page (Django's default generator is shared)."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """The sign-up link: valid until the account's first sign-in (last_login is part of the hash)."""

    key_salt = "helix.accounts.tokens.ActivationTokenGenerator"


class ResetTokenGenerator(PasswordResetTokenGenerator):
    """The password-reset link: valid until the password changes or the account signs in."""

    key_salt = "helix.accounts.tokens.ResetTokenGenerator"


activation_tokens = ActivationTokenGenerator()
reset_tokens = ResetTokenGenerator()
