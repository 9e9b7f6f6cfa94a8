from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "helix.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app declares its personal-data section (export + erasure) in its own personal_data.py.
        autodiscover_modules("personal_data")
        from . import checks  # noqa: F401  (registers the SECRET_KEY deploy check; issue 11 row 5)
        from .backoffice import name_the_admin_site  # the back office is called Helix (issue 12 §7)

        name_the_admin_site()

        from .collation import install  # Spanish sorting on SQLite (issue 12 §7)

        install()
        # Each app declares the big lists it owns (searchable selects) in its own autocomplete.py.
        autodiscover_modules("autocomplete")
