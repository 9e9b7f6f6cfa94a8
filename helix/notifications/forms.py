from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Kind

# Invitations and seat offers always come by e-mail: that message carries the link to answer.
OPTIONAL_EMAIL_KINDS = [Kind.MATCH, Kind.MEETING_REQUEST]


class PreferencesForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        label=_("Also send me an e-mail for"),
        choices=[(kind.value, kind.label) for kind in OPTIONAL_EMAIL_KINDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
