import pytest

from helix.core.slugs import unique_slug
from helix.network.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_accents_folded_and_taken_slugs_suffixed():
    OrganisationFactory(slug="municipalidad-de-nunoa")
    OrganisationFactory(slug="municipalidad-de-nunoa-2")
    slug = unique_slug("Municipalidad de Ñuñoa", queryset=Organisation.objects.all(), fallback="x")
    assert slug == "municipalidad-de-nunoa-3"


def test_the_row_being_renamed_keeps_its_slug():
    org = OrganisationFactory(slug="aguas-andinas")
    queryset = Organisation.objects.all()
    assert unique_slug("Aguas Andinas", queryset=queryset, fallback="x", exclude_pk=org.pk) == "aguas-andinas"
    assert unique_slug("Aguas Andinas", queryset=queryset, fallback="x") == "aguas-andinas-2"


def test_reserved_words_and_empty_text():
    queryset = Organisation.objects.all()
    assert unique_slug("Subscribe", queryset=queryset, fallback="x", reserved={"subscribe"}) == "subscribe-2"
    assert unique_slug("¡¿?!", queryset=queryset, fallback="boletin") == "boletin"


def test_in_memory_reservation_for_bulk_loaders():
    taken: set[str] = set()
    slugs = [unique_slug("Solar SpA", taken=taken, fallback="x") for _ in range(3)]
    assert slugs == ["solar-spa", "solar-spa-2", "solar-spa-3"] and taken == set(slugs)


def test_exactly_one_source_of_used_slugs():
    with pytest.raises(TypeError):
        unique_slug("a", fallback="x")
