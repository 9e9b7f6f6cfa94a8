"""Forms shared by the apps."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import seats


class CapacityFormMixin:
    """For any form with a ``capacity`` field: the bounds of :func:`helix.core.seats.check_capacity`,
    shown next to the field instead of failing when saving."""

    def clean_capacity(self):
        capacity = self.cleaned_data.get("capacity")
        seats.check_capacity(capacity)
        return capacity


class CapacityForm(CapacityFormMixin, forms.Form):
    """The seats of an event, a session or a cohort, on the staff pages."""

    capacity = forms.IntegerField(label=_("Seats"), required=False, help_text=_("Empty means unlimited."))
