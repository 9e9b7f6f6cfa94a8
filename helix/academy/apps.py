from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcademyConfig(AppConfig):
    name = "helix.academy"
    verbose_name = _("Academy")

    def ready(self):
        # Registers the app's seat pairs with helix.core.seats (for the periodic offer sweep).
        from . import domain  # noqa: F401
