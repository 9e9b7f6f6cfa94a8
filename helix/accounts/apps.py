from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "helix.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib import admin

        from . import personal_data as pd
        from .forms import ThrottledAdminAuthenticationForm

        # The back-office sign-in gets the same failed-login lockout as the site's (helix/accounts/lockout.py).
        admin.site.login_form = ThrottledAdminAuthenticationForm

        pd.register_exporter("account", pd.export_account)
        pd.register_exporter("person", pd.export_person)
        pd.register_exporter("memberships", pd.export_memberships)
        pd.register_exporter("failed_sign_ins", pd.export_login_attempts)
