from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WheelConfig(AppConfig):
    name = "helix.wheel"
    verbose_name = _("Business wheels")
