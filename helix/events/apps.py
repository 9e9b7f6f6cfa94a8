from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "helix.events"
    verbose_name = _("Events")
    #: Modules that register seat pairs with helix.core.seats (imported by the offer sweep).
    seat_modules = ["helix.events.domain.registration"]
