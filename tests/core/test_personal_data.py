"""The personal-data kernel's helpers: scrubbing free text, placeholders, queued-task discarding."""

import pytest
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from helix.core import mail, personal_data
from helix.core.personal_data import DataSubject, erased_email, is_erased_email, scrub
from helix.events.emails import registration_email
from helix.network.models import Person
from tests.factories import PersonFactory, UserFactory

ANA = DataSubject(user=None, person=None, emails=frozenset({"ana.perez@example.cl"}), names=frozenset({"Ana Pérez"}))


def test_scrub_replaces_whole_names_and_emails_in_any_case():
    text = "Acta: ANA PÉREZ (ana.perez@example.cl) presentó; Anabel Pérez Soto no."
    assert scrub(text, ANA) == "Acta: — (—) presentó; Anabel Pérez Soto no."


def test_short_names_are_not_scrubbed_from_ordinary_words():
    bo = DataSubject(user=None, person=None, emails=frozenset(), names=frozenset({"Bo"}))
    assert scrub("Bo habló de Bolivia", bo) == "Bo habló de Bolivia"  # too short to tell apart safely


def test_erased_email_is_unique_and_recognised():
    assert erased_email(1) != erased_email(2)
    assert is_erased_email(erased_email("registration-7"))
    assert not is_erased_email("ana@example.cl")


@pytest.mark.django_db
def test_subject_collects_account_and_directory_identifiers():
    user = UserFactory(email="ana@example.cl", full_name="Ana P.")
    PersonFactory(user=user, email="ana.perez@trabajo.cl", first_name="Ana", last_name="Pérez")
    subject = personal_data.subject_for(user)
    assert subject.emails == {"ana@example.cl", "ana.perez@trabajo.cl"}
    assert subject.names == {"Ana P.", "Ana Pérez"}
    assert isinstance(subject.person, Person)


@pytest.mark.django_db
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_discard_queued_mail_drops_only_the_named_records(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mail.send(registration_email, registration_id=7, kind="cancelled")
        mail.send(registration_email, registration_id=8, kind="confirmed")
    path = "helix.events.emails.registration_email"
    assert personal_data.discard_queued_mail(path, key="registration_id", values=[7]) == 1
    kept = [t.args_kwargs["args"] for t in DBTaskResult.objects.all()]
    assert kept == [[path, {"registration_id": 8, "kind": "confirmed"}]]


@pytest.mark.django_db
def test_subject_includes_the_unlinked_directory_record_with_the_account_email():
    user = UserFactory(email="ana@example.cl")
    staff_typed = PersonFactory(email="ANA@example.cl", first_name="Ana", last_name="Pérez")
    PersonFactory(email="otra@example.cl")
    assert personal_data.subject_for(user).person == staff_typed
