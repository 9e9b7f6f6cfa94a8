from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MARK_VALIDATORS


class FinalMarkForm(forms.Form):
    mark = forms.DecimalField(
        label=_("Final mark"), max_digits=2, decimal_places=1, required=False, validators=MARK_VALIDATORS
    )
