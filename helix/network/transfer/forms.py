from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What does the file contain?"),
        choices=[("organisations", _("Organisations")), ("people", _("People"))],
        widget=forms.RadioSelect,
        initial="organisations",
    )
    file = forms.FileField(
        label=_("File (CSV or Excel .xlsx)"),
        help_text=_(
            "UTF-8 or Latin-1 CSV (comma or semicolon separated) or an Excel workbook; "
            "first sheet, header on the first row."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
