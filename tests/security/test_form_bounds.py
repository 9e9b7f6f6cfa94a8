"""Issue 11, row 8: every size a form accepts is bounded on the server."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.urls import reverse

import helix
from helix.core.bounds import INTEGER_MAX, LINE_MAX, TEXT_MAX, BoundedForm
from helix.core.forms import CapacityFormMixin
from helix.wheel.models import Wheel
from tests.factories import EventFactory
from tests.factories.wheel import WheelFactory


def helix_form_classes():
    classes = set()
    for module_info in pkgutil.walk_packages(helix.__path__, "helix."):
        if module_info.name.rsplit(".", 1)[-1] != "forms":
            continue
        module = importlib.import_module(module_info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                classes.add(cls)
    return sorted(classes, key=lambda c: f"{c.__module__}.{c.__name__}")


# Django's own sign-in, password and reset forms (passwords are hashed, never stored or shown).
EXEMPT = {"ThrottledAuthenticationForm", "ThrottledAdminAuthenticationForm", "QueuedPasswordResetForm"}
PASSWORD_FIELDS = {"password", "password1", "password2"}


@pytest.mark.django_db
def test_every_form_field_is_bounded():
    unbounded = []
    for cls in helix_form_classes():
        if cls.__name__ in EXEMPT or issubclass(cls, BoundedForm):
            continue
        for name, field in cls.base_fields.items():
            if name in PASSWORD_FIELDS:
                continue
            if name == "capacity" and issubclass(cls, CapacityFormMixin):
                continue  # clean_capacity applies seats.MAX_CAPACITY
            if isinstance(field, forms.CharField) and field.max_length is None:
                unbounded.append(f"{cls.__module__}.{cls.__name__}.{name}")
            if isinstance(field, forms.IntegerField) and field.max_value is None and not field.validators:
                unbounded.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert unbounded == []


def wheel_data(event, **changes):
    data = {
        "event": event.pk,
        "name": "Rueda acotada",
        "date": "2026-12-01",
        "start_time": "09:00",
        "slot_minutes": 20,
        "slot_count": 4,
        "tables": 10,
        "audience": "any_to_any",
        "mode": "confirm",
        "status": "open",
    }
    return {**data, **changes}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"slot_count": 99999}, "slot_count", "Este valor debe ser menor o igual que 96."),
        ({"tables": 5000}, "tables", "Este valor debe ser menor o igual que 200."),
        ({"slot_minutes": 1000}, "slot_minutes", "Este valor debe ser menor o igual que 240."),
        ({"default_cap": 70000}, "default_cap", "Este valor debe ser menor o igual que 100."),
        (
            {"slot_count": 90, "slot_minutes": 30},
            "slot_count",
            "Los bloques deben caber en un día (1440 minutos en total).",
        ),
        ({"name": "R" * 10_000}, "name", "Este valor debe tener como máximo 200 caracteres (tiene 10000)."),
        ({"breaks_text": "1:5," * 1000}, "breaks_text", f"como máximo {LINE_MAX} caracteres"),
    ],
)
def test_wheel_form_refuses_huge_sizes(staff_client, changes, field, message):
    event = EventFactory()
    response = staff_client.post(reverse("wheel:create"), wheel_data(event, **changes))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors
    assert not Wheel.objects.filter(event=event).exists()


@pytest.mark.django_db
def test_save_wheel_refuses_huge_sizes_without_a_form(staff_user):
    from django.core.exceptions import ValidationError

    from helix.wheel.domain.setup import save_wheel

    wheel = WheelFactory()
    with pytest.raises(ValidationError) as caught:
        save_wheel(
            actor=staff_user,
            wheel=wheel,
            fields={"event": wheel.event, "slot_count": 99999},
            slot_tables={},
            sessions=[],
        )
    assert caught.value.message_dict["slot_count"] == ["Entre 1 y 96."]
    wheel.refresh_from_db()
    assert wheel.slot_count == 3 and wheel.slots.count() == 3


@pytest.mark.django_db
def test_long_texts_are_bounded(staff_user):
    from helix.matching.forms import ChallengeForm

    form = ChallengeForm(data={"description": "x" * (TEXT_MAX + 1)}, user=staff_user)
    form.is_valid()
    assert f"como máximo {TEXT_MAX} caracteres" in " ".join(form.errors["description"])
    assert form.fields["description"].widget.attrs["maxlength"] == str(TEXT_MAX)


def test_integer_default_bound_is_postgresqls_integer():
    assert INTEGER_MAX == 2**31 - 1
