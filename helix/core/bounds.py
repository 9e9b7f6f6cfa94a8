"""Size bounds for what people type into forms, checked on the server (issue 11: "bound every size").

A ModelForm already refuses text longer than a model's CharField (max_length), but long texts (model
TextFields), free-text helpers and integers have no natural limit: a 10 MB description or a slot count of
99,999 would be stored and then make pages, PDFs and exports huge. `BoundedForm` (first in a form's bases)
gives every CharField without a max_length one (`TEXT_MAX` for multi-line inputs, `LINE_MAX` otherwise)
and every IntegerField without a max_value `INTEGER_MAX` (a PostgreSQL integer column), so nothing
unbounded reaches a domain function; forms set tighter limits where the domain has them.
"""

from django import forms
from django.core.validators import MaxLengthValidator, MaxValueValidator

TEXT_MAX = 20_000  # a description, minutes, a note
LINE_MAX = 1_000  # a one-line input that is not a model column
INTEGER_MAX = 2_147_483_647  # PostgreSQL's integer


def bound_fields(form: forms.BaseForm) -> None:
    """Give the form's unbounded text and integer fields the default bounds (in place)."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and field.max_length is None:
            limit = TEXT_MAX if isinstance(field.widget, forms.Textarea) else LINE_MAX
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))
            if not field.widget.is_hidden:
                field.widget.attrs.setdefault("maxlength", str(limit))
        elif isinstance(field, forms.IntegerField) and field.max_value is None:
            field.max_value = INTEGER_MAX
            field.validators.append(MaxValueValidator(INTEGER_MAX))
            field.widget.attrs.setdefault("max", str(INTEGER_MAX))


def set_range(field: forms.IntegerField, low: int | None, high: int) -> None:
    """Bound an integer field to [low, high] (validators and the input's min/max attributes)."""
    from django.core.validators import MinValueValidator

    if low is not None:
        field.min_value = low
        field.validators.append(MinValueValidator(low))
        field.widget.attrs["min"] = str(low)
    field.max_value = high
    field.validators.append(MaxValueValidator(high))
    field.widget.attrs["max"] = str(high)


class BoundedForm:
    """Mixin, first in a form's bases: applies `bound_fields` once the fields exist, and again before
    validating (a form may add fields in its own __init__, after this one has run)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_fields(self)

    def full_clean(self):
        bound_fields(self)
        super().full_clean()
