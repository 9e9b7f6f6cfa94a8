"""The event editing pages with the whole directory behind them: organiser, commune, speaker and partner
are searchable fields (core autocomplete, tom-select), and the page's queries do not grow with its rows."""

import pytest

from helix.events.models import Speaker
from helix.network.domain import refresh_search_text
from tests.factories import EventFactory, OrganisationFactory, PersonFactory
from tests.factories.events_extra import SessionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def test_big_lists_are_searchable_fields_not_every_row(staff_client):
    event = EventFactory()
    for i in range(30):
        PersonFactory(first_name="Persona", last_name=f"Oculta {i}")
        OrganisationFactory(name=f"Organización Oculta {i}")
    body = staff_client.get(f"/events/{event.slug}/edit/").content.decode()
    for kind in ("organisations", "communes", "people"):
        assert f'data-autocomplete="/autocomplete/{kind}/"' in body
    assert body.count('data-placeholder="Escribe para buscar…"') == 4  # organiser, commune, speaker, partner
    assert "Oculta" not in body  # the page carries only the chosen options
    new = staff_client.get("/events/new/").content.decode()
    assert 'data-autocomplete="/autocomplete/organisations/"' in new and "Oculta" not in new


def test_a_speaker_and_a_partner_picked_from_the_search_are_added(staff_client):
    event = EventFactory()
    person = PersonFactory(first_name="Javiera", last_name="Rojas", public_profile=False)  # imported, not public
    refresh_search_text(person=person)
    partner = OrganisationFactory(name="Fundación Ciudad Abierta")
    found = staff_client.get("/autocomplete/people/", {"q": "javiera"}).json()["results"]
    assert {"value": str(person.pk), "text": "Javiera Rojas"} in found
    staff_client.post(f"/events/{event.slug}/speakers/add/", {"person": found[0]["value"], "role": "speaker"})
    assert Speaker.objects.get(event=event).person == person
    found = staff_client.get("/autocomplete/organisations/", {"q": "ciudad abierta"}).json()["results"]
    staff_client.post(f"/events/{event.slug}/partners/add/", {"organisation": found[0]["value"]})
    assert list(event.partners.all()) == [partner]
    page = staff_client.get(f"/events/{event.slug}/edit/").content.decode()
    assert "Javiera Rojas · Expositor(a)" in page and "Fundación Ciudad Abierta</a>" in page


def test_edit_page_query_count_does_not_grow_with_sessions_speakers_and_partners(
    staff_client, django_assert_max_num_queries
):
    event = EventFactory()

    def count(n):
        for _ in range(n):
            session = SessionFactory(event=event)
            SpeakerFactory(event=event, session=session)
            event.partners.add(OrganisationFactory())
        with django_assert_max_num_queries(30) as captured:
            response = staff_client.get(f"/events/{event.slug}/edit/")
        assert response.status_code == 200
        return len(captured.captured_queries)

    assert count(1) == count(4)
