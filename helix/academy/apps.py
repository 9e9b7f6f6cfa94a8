from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcademyConfig(AppConfig):
    name = "helix.academy"
    verbose_name = _("Academy")
    #: Modules that register seat pairs with helix.core.seats (imported by the offer sweep).
    seat_modules = ["helix.academy.domain.enrolment"]
