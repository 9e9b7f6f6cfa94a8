"""Every model with a personal field is covered by a registered personal-data section.

A field is personal when it links to the user model or to `network.Person`, or when its name says
so (e-mail, name, phone, RUT, notes, IP address, …). A new model or field of that kind fails this
test until a section in the owning app's `personal_data.py` exports and erases it, or it is added
to the reviewed allow-list below with the reason it is not about a person.
"""

import re

from django.apps import apps
from django.conf import settings

from helix.core import personal_data

PERSONAL_NAME = re.compile(
    r"(^|_)(e_?mail|name|username|first_name|last_name|full_name|phone|mobile|rut|answers?|notes?|bio|user_agent|"
    r"ip|ip_address|address|birth\w*|gender|search_text|signature)$"
)

# Personal fields whose name does not say so.
ALSO_PERSONAL = {
    "events.answer": {"value"},  # free-form answers to an event's questions (diet, health…)
}

# Reviewed: fields named like personal data that are not about a person.
NOT_PERSONAL = {
    "auth.group": {"name"},
    "auth.permission": {"name"},
    "network.organisation": {"name", "normalized_name", "email", "phone", "rut", "search_text"},  # the organisation's
    "network.topic": {"name_es", "name_en"},
    "territory.region": {"name"},
    "territory.commune": {"name"},
    "academy.cohort": {"name"},  # "2026, second semester"
    "wheel.wheel": {"name"},
    "wheel.session": {"name"},  # "Mañana", "Tarde": a part of the wheel's day
    "outreach.segment": {"name"},
    "matching.indexclock": {"name"},
    "impact.snapshot": {"name"},  # the figure's key ("actors_connected"); values are recomputed after any change
    "matching.challenge": {"search_text"},  # title + description of an organisation's challenge
    "matching.solution": {"search_text"},
    "django_tasks_database.dbtaskresult": {"queue_name", "backend_name"},
}


def _label(model) -> str:
    return model._meta.label_lower


def personal_fields(model) -> set[str]:
    person = apps.get_model("network", "Person")
    user = apps.get_model(settings.AUTH_USER_MODEL)
    found = set(ALSO_PERSONAL.get(_label(model), set()))
    for field in model._meta.get_fields(include_hidden=False):
        if field.auto_created and not field.concrete:
            continue  # reverse relations: the other side declares them
        links_a_person = field.is_relation and field.related_model in (person, user)
        if links_a_person or PERSONAL_NAME.search(field.name):
            found.add(field.name)
    return found - NOT_PERSONAL.get(_label(model), set())


def test_every_personal_field_is_exported_and_erased():
    covered = personal_data.coverage()
    missing = {}
    for model in apps.get_models():
        fields = personal_fields(model)
        gap = fields - covered.get(_label(model), set())
        if gap:
            missing[_label(model)] = sorted(gap)
    assert missing == {}, (
        "Models with personal fields that no personal-data section exports and erases "
        "(register them in the app's personal_data.py, or add a reviewed entry to NOT_PERSONAL): "
        f"{missing}"
    )


def test_covered_models_and_fields_exist():
    for label, fields in personal_data.coverage().items():
        model = apps.get_model(label)
        names = {f.name for f in model._meta.get_fields()}
        assert set(fields) <= names, (label, set(fields) - names)


def test_the_detector_sees_personal_fields():
    registration = apps.get_model("events", "Registration")
    assert {"name", "email", "person", "user"} <= personal_fields(registration)
    assert personal_fields(apps.get_model("events", "Answer")) == {"value"}
    assert "name" not in personal_fields(apps.get_model("network", "Organisation"))
    assert personal_fields(apps.get_model("matching", "Challenge")) == {"created_by"}
    assert personal_fields(apps.get_model("academy", "Cohort")) == {"instructors"}  # many-to-many to Person
    assert {"username", "ip_address", "user_agent"} <= personal_fields(apps.get_model("axes", "AccessAttempt"))


def test_every_section_has_an_exporter_and_an_eraser():
    for section in personal_data.sections():
        assert callable(section.export) and callable(section.erase) and section.covers, section.name
