"""Big lists you can search (issue 12 §8): the JSON endpoint per registered kind, its permissions,
and the widget that renders only the chosen option instead of thousands."""

import pytest
from django import forms
from django.urls import reverse

from helix.core.autocomplete import AutocompleteSelect, registered, suggestions, use_autocomplete
from helix.events.forms import CommitmentForm
from helix.network.domain import create_person
from helix.network.forms import PersonForm
from helix.network.models import Organisation
from helix.territory.models import Commune
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _ask(client, kind, q):
    response = client.get(reverse("core:autocomplete", args=[kind]), {"q": q})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    return response.json()["results"]


def test_every_big_list_is_registered():
    assert {"communes", "organisations", "people"} <= set(registered())


def test_communes_found_without_accents_names_starting_with_the_term_first(client):
    assert [r["text"] for r in _ask(client, "communes", "los an")] == ["Los Andes (Valparaíso)", "Los Ángeles (Biobío)"]
    results = _ask(client, "communes", "angeles")
    assert results[0]["value"] == str(Commune.objects.get(name="Los Ángeles").pk)
    assert [r["text"] for r in _ask(client, "communes", "VALPARAISO")][0] == "Valparaíso (Valparaíso)"


def test_organisations_found_by_part_of_the_name(client):
    wanted = OrganisationFactory(name="Municipalidad de Valparaíso")
    OrganisationFactory(name="Aguas Andinas")
    results = _ask(client, "organisations", "valpar")
    assert results == [{"value": str(wanted.pk), "text": "Municipalidad de Valparaíso"}]


def test_at_most_twenty_matches_are_sent(client):
    for n in range(25):
        OrganisationFactory(name=f"Cooperativa Agrícola {n}")
    assert len(_ask(client, "organisations", "cooperativa")) == 20


def test_private_people_are_found_by_staff_only(client):
    create_person(first_name="Camila", last_name="Valdés", email="camila@example.cl", public_profile=True)
    create_person(first_name="Javiera", last_name="Valdés", email="javiera@example.cl", public_profile=False)
    assert [r["text"] for r in _ask(client, "people", "valdes")] == ["Camila Valdés"]  # a visitor
    client.force_login(UserFactory())
    assert [r["text"] for r in _ask(client, "people", "valdes")] == ["Camila Valdés"]  # a signed-in citizen
    client.force_login(UserFactory(is_staff=True))
    assert sorted(r["text"] for r in _ask(client, "people", "valdes")) == ["Camila Valdés", "Javiera Valdés"]


def test_an_unknown_list_is_404_in_spanish(client):
    response = client.get(reverse("core:autocomplete", args=["passwords"]), {"q": "a"})
    assert response.status_code == 404


def test_a_long_or_odd_term_is_not_an_error(client):
    assert _ask(client, "organisations", "x" * 5000 + " ' \" % _ )") == []
    assert _ask(client, "communes", "") != []


def test_suggestions_are_the_endpoints_answer():
    wanted = OrganisationFactory(name="Fundación Mar Adentro")
    assert suggestions(user=None, kind="organisations", term="mar adentro") == [
        {"value": str(wanted.pk), "text": "Fundación Mar Adentro"}
    ]


def test_widget_renders_only_the_chosen_option_and_the_search_url():
    OrganisationFactory.create_batch(5)
    chosen = OrganisationFactory(name="Municipalidad de Quilpué")

    class Form(forms.Form):
        organisation = forms.ModelChoiceField(queryset=Organisation.objects.all(), required=False)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            use_autocomplete(self.fields["organisation"], "organisations")

    html = str(Form(initial={"organisation": chosen.pk})["organisation"])
    assert 'data-autocomplete="/autocomplete/organisations/"' in html
    assert 'data-placeholder="Escribe para buscar…"' in html
    assert 'data-no-results="No se encontró nada."' in html
    assert html.count("<option") == 2  # the empty choice and the chosen organisation, not all seven
    assert f'<option value="{chosen.pk}" selected>Municipalidad de Quilpué</option>' in html
    assert html.count("<option") == str(Form()["organisation"]).count("<option") + 1


def test_widget_survives_a_bad_posted_value():
    class Form(forms.Form):
        commune = forms.ModelChoiceField(queryset=Commune.objects.all(), widget=AutocompleteSelect("communes"))

    form = Form({"commune": "not-a-number"})
    assert not form.is_valid()
    assert form.errors["commune"] == ["Elige una opción válida: esa opción no está entre las disponibles."]
    assert str(form["commune"]).count("<option") == 1  # only the empty choice


def test_a_chosen_value_validates_against_the_fields_own_queryset():
    org = OrganisationFactory()
    person = PersonFactory()
    form = CommitmentForm({"description": "Catastro", "owner_organisation": org.pk, "owner_person": person.pk})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["owner_organisation"] == org and form.cleaned_data["owner_person"] == person


def test_the_big_selects_use_it():
    commitment = CommitmentForm()
    assert commitment.fields["owner_organisation"].widget.kind == "organisations"
    assert commitment.fields["owner_person"].widget.kind == "people"
    assert PersonForm().fields["commune"].widget.kind == "communes"
    # the profile form's commune select no longer lists all 346 communes
    assert str(PersonForm()["commune"]).count("<option") == 1


def test_minutes_page_renders_searchable_owner_fields(staff_client):
    from tests.factories.events_extra import MinutesFactory

    OrganisationFactory.create_batch(3)
    event = MinutesFactory().event
    body = staff_client.get(f"/events/{event.slug}/minutes/").content.decode()
    assert 'data-autocomplete="/autocomplete/organisations/"' in body
    assert 'data-autocomplete="/autocomplete/people/"' in body
