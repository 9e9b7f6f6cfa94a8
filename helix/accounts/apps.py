from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "helix.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib import admin

        from .forms import ThrottledAdminAuthenticationForm

        # The back-office sign-in gets the same failed-login lockout as the site's (helix/accounts/lockout.py).
        admin.site.login_form = ThrottledAdminAuthenticationForm
