"""Admin building blocks shared by the apps."""

from django import forms

from .forms import CapacityFormMixin


class CapacityModelForm(CapacityFormMixin, forms.ModelForm):
    """Base model form of a seat holder's admin page (the admin adds ``Meta``)."""


class CapacityAdminMixin:
    """For the ModelAdmin of a seat holder (an event, a cohort…): a changed ``capacity`` is not
    saved with the other fields but through the app's domain function, given as ``set_capacity``
    (``actor``, ``pk``, ``capacity`` → the holder), which offers the freed seats to the waiting list."""

    form = CapacityModelForm

    def set_capacity(self, *, actor, pk: int, capacity: int | None):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        capacity_changed = change and "capacity" in form.changed_data
        if capacity_changed:
            new_capacity, obj.capacity = obj.capacity, form.initial["capacity"]
        super().save_model(request, obj, form, change)
        if capacity_changed:
            obj.capacity = self.set_capacity(actor=request.user, pk=obj.pk, capacity=new_capacity).capacity
