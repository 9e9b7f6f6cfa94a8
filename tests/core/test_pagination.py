import pytest
from django.template import engines
from django.test import RequestFactory

from helix.core.pagination import CappedPaginator, paginate

pytestmark = pytest.mark.django_db


def _links(path: str, items, per_page: int, **context) -> str:
    request = RequestFactory().get(path)
    template = engines["django"].from_string('{% include "core/_pagination.html" %}')
    return template.render({"page": paginate(request, items, per_page), **context}, request)


def test_links_keep_every_filter_and_change_only_the_page():
    html = _links("/x/?q=agua+potable&region=5&page=2", list(range(50)), 10)
    assert 'href="?q=agua+potable&amp;region=5&amp;page=1"' in html
    assert 'href="?q=agua+potable&amp;region=5&amp;page=3"' in html
    assert "Página 2 de 5" in html
    assert "hx-get" not in html


def test_htmx_target_adds_hx_links():
    html = _links("/x/?q=sol", list(range(30)), 10, hx_target="#results")
    assert 'hx-get="?q=sol&amp;page=2" hx-target="#results" hx-push-url="true"' in html
    assert "Anterior" not in html  # first page: no previous link


def test_single_page_has_no_navigation():
    assert _links("/x/", [1, 2, 3], 10).strip() == ""


@pytest.mark.parametrize("asked, shown", [("999", 5), ("abc", 1), ("", 1)])
def test_page_out_of_range_or_not_a_number_falls_back(asked, shown):
    request = RequestFactory().get("/x/", {"page": asked})
    assert paginate(request, list(range(50)), 10).number == shown


def test_capped_paginator_stops_counting_at_the_cap(monkeypatch):
    from helix.network.models import Organisation
    from tests.factories import OrganisationFactory

    monkeypatch.setattr(CappedPaginator, "cap", 3)
    OrganisationFactory.create_batch(7)
    page = paginate(RequestFactory().get("/x/"), Organisation.objects.order_by("pk"), 2, capped=True)
    assert page.paginator.capped and page.paginator.count == 4
    assert page.paginator.num_pages == 2
