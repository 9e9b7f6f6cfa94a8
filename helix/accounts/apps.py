from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "helix.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib import admin

        from .forms import ThrottledAdminAuthenticationForm

        # The back-office sign-in gets the same failed-login throttling as the site's.
        admin.site.login_form = ThrottledAdminAuthenticationForm
