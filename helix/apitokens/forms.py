from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .domain import EXPIRY_DAYS
from .models import ApiToken


def _days_label(days: int) -> str:
    return ngettext_lazy("%(days)d day", "%(days)d days", days) % {"days": days}


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. “budget report”."))
    scope = forms.ChoiceField(label=_("Access"), choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ)
    days = forms.TypedChoiceField(
        label=_("Expires after"), coerce=int, choices=[(d, _days_label(d)) for d in EXPIRY_DAYS], initial=90
    )
