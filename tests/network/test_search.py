"""Directory search: accents and case ignored, relevance first, filters. Runs on SQLite and PostgreSQL."""

import pytest

from helix.network.domain import create_organisation, create_person, search_organisations, search_people
from helix.territory.models import Commune
from tests.factories.accounts import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ecosystem():
    valpo = Commune.objects.get(cut=5101)
    santiago = Commune.objects.get(cut=13101)
    return {
        "muni": create_organisation(
            actor=StaffFactory(), name="Municipalidad de Valparaíso", kind="municipality", commune=valpo
        ),
        "santiago": create_organisation(
            actor=StaffFactory(), name="Municipalidad de Santiago", kind="municipality", commune=santiago
        ),
        "startup": create_organisation(
            actor=StaffFactory(),
            name="Aguas Claras SpA",
            kind="startup",
            commune=santiago,
            operating_regions=[5],
            topics=["water"],
            description="Sensores para redes de agua potable en Valparaíso.",
        ),
        "uni": create_organisation(
            actor=StaffFactory(),
            name="Universidad Técnica del Pacífico",
            kind="university",
            commune=valpo,
            topics=["energy"],
        ),
    }


@pytest.mark.parametrize("q", ["municipalidad valparaiso", "Municipalidad de Valparaíso", "MUNICIPALIDAD VALPARAÍSO"])
def test_search_ignores_accents_and_case(ecosystem, q):
    results = list(search_organisations(q=q))
    assert results[0] == ecosystem["muni"]
    assert ecosystem["santiago"] not in results


def test_prefixes_match_while_typing(ecosystem):
    assert list(search_organisations(q="valpar munic")) == [ecosystem["muni"]]
    assert ecosystem["uni"] in search_organisations(q="tecnica pacif")


def test_name_matches_rank_before_description_matches(ecosystem):
    results = list(search_organisations(q="valparaiso"))
    # The municipality has the word in its name; the startup only in its description.
    assert results.index(ecosystem["muni"]) < results.index(ecosystem["startup"])
    assert set(results) >= {ecosystem["muni"], ecosystem["startup"], ecosystem["uni"]}


def test_no_match_gives_empty_result(ecosystem):
    assert not search_organisations(q="zzzqqq").exists()


def test_filters(ecosystem):
    assert set(search_organisations(sector="government")) == {ecosystem["muni"], ecosystem["santiago"]}
    assert list(search_organisations(kind="startup")) == [ecosystem["startup"]]
    # Region 5: seat in Valparaíso, or operating there.
    assert set(search_organisations(region=5)) == {ecosystem["muni"], ecosystem["startup"], ecosystem["uni"]}
    assert list(search_organisations(topic="water")) == [ecosystem["startup"]]
    # A dimension includes its finer topics (energy belongs to the environment dimension).
    assert ecosystem["uni"] in search_organisations(topic="environment")
    assert list(search_organisations(q="agua", region=5, topic="water")) == [ecosystem["startup"]]
    assert not search_organisations(region="not-a-code").exists()


def test_people_search_shows_only_public_profiles():
    public = create_person(first_name="Ramón", last_name="Núñez", public_profile=True, expertise=["energy"])
    create_person(first_name="Ramona", last_name="Nunez", public_profile=False)
    assert list(search_people(q="ramon nunez")) == [public]
    assert list(search_people(q="energia")) == [public]
    assert search_people(q="nunez", public_only=False).count() == 2


@pytest.mark.parametrize("q", ["de la", "a_b", "'\"*:&|!()", "ñ" * 300, "agua & ! :*"])
def test_odd_queries_never_fail(ecosystem, q):
    list(search_organisations(q=q))
    list(search_people(q=q))


def test_edits_are_searchable_at_once(ecosystem):
    from helix.network.domain import update_organisation
    from tests.factories import UserFactory

    update_organisation(organisation=ecosystem["uni"], actor=UserFactory(is_staff=True), description="Hidrógeno verde")
    assert list(search_organisations(q="hidrogeno")) == [ecosystem["uni"]]
    ecosystem["uni"].delete()
    assert not search_organisations(q="hidrogeno").exists()
