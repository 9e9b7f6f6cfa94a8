"""Spanish sorting on both databases: accents don't push names to the end, ñ comes after n.

Runs on SQLite by default and on PostgreSQL with ``. scripts/pg.sh && pg_up`` (DATABASE_URL)."""

import pytest
from django.urls import reverse

from helix.core.collation import sort_key, spanish_order
from helix.network.queries import search_organisations, search_people
from helix.territory.models import Commune
from tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_communes_sort_with_accents_in_place():
    names = list(spanish_order(Commune.objects.filter(name__startswith="Los "), "name").values_list("name", flat=True))
    assert names.index("Los Ángeles") < names.index("Los Lagos") < names.index("Los Vilos")
    assert names[:3] == ["Los Álamos", "Los Andes", "Los Ángeles"]


def test_directory_sorts_accented_names_and_enye_the_spanish_way():
    for name in ["Zapallar Digital", "Álvaro Consultores", "Ñuñoa Verde", "Nueva Energía", "Alba SpA", "ozono"]:
        OrganisationFactory(name=name)
    names = [o.name for o in search_organisations()]
    assert names == ["Alba SpA", "Álvaro Consultores", "Nueva Energía", "Ñuñoa Verde", "ozono", "Zapallar Digital"]


def test_people_sort_by_surname_in_spanish():
    for last in ["Zúñiga", "Álvarez", "Nuñez", "Núñez", "Ortiz"]:
        PersonFactory(first_name="Ana", last_name=last)
    assert [p.last_name for p in search_people()] == ["Álvarez", "Nuñez", "Núñez", "Ortiz", "Zúñiga"]


def test_region_page_lists_its_communes_in_spanish_order(client):
    body = client.get(reverse("territory:region", args=[8])).content.decode()
    assert body.index("Los Ángeles") < body.index("Lota") < body.index("Mulchén")


def test_sort_key_orders_letters_not_bytes():
    words = ["Vilos", "Ángeles", "ñandú", "nube", "Oso", "angosto"]
    assert sorted(words, key=sort_key) == ["Ángeles", "angosto", "nube", "ñandú", "Oso", "Vilos"]
