from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from helix.core.errors import HelixError


def test_helix_error_is_a_validation_error_with_code_text_and_extras():
    error = HelixError(_("This field is required."), code="full", registration=7, field_errors={"email": "x"})
    assert isinstance(error, ValidationError)
    assert error.code == "full"
    assert error.registration == 7
    assert error.field_errors == {"email": "x"}
    with translation.override("es"):
        assert error.text == "Este campo es obligatorio."
        assert str(error) == "Este campo es obligatorio."


def test_a_form_shows_a_helix_error_next_to_the_field():
    class NameForm(forms.Form):
        name = forms.CharField()

    form = NameForm(data={"name": "x"})
    assert form.is_valid()
    form.add_error("name", HelixError("Nombre ocupado.", code="taken"))
    assert form.errors["name"] == ["Nombre ocupado."]
