from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "helix.events"
    verbose_name = _("Events")

    def ready(self):
        # Registers the app's seat pairs with helix.core.seats (for the periodic offer sweep).
        from .domain import registration  # noqa: F401
