"""The directory's CSV export names topics the way people read them (issue 12 §9): the `temas`
column holds Spanish labels (“ODS 6: Agua limpia y saneamiento; Agua”), never codes (`sdg-6; water`)."""

import csv
import io

import pytest
from django.conf import settings

from tests.factories import OrganisationFactory
from tests.factories.network import MembershipFactory, topic

pytestmark = pytest.mark.django_db


def _rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_organisation_topics_are_spanish_labels(staff_client):
    org = OrganisationFactory(name="Aguas del Sur SpA")
    org.topics.add(topic("sdg-6"), topic("water"))
    (row,) = _rows(staff_client.get("/directory/transfer/export/organisations.csv"))
    assert row["nombre"] == "Aguas del Sur SpA"
    assert sorted(row["temas"].split("; ")) == ["Agua", "ODS 6: Agua limpia y saneamiento"]
    assert "sdg-6" not in row["temas"] and "water" not in row["temas"]


def test_people_topics_are_spanish_labels_and_english_in_english(staff_client):
    person = MembershipFactory(person__first_name="Javiera", person__last_name="Rojas").person
    person.expertise.add(topic("water"))
    (row,) = _rows(staff_client.get("/directory/transfer/export/people.csv?tab=people"))
    assert row["temas"] == "Agua"
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    (row,) = _rows(staff_client.get("/directory/transfer/export/people.csv?tab=people"))
    assert row["topics"] == "Water"
