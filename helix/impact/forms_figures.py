from django import forms

from .models import ManualFigure


class ManualFigureForm(forms.ModelForm):
    class Meta:
        model = ManualFigure
        fields = ["label", "value", "unit", "source", "date"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
