"""Pagination, the one way: ``paginate`` for a view, ``core/_pagination.html`` for the links.

The links are built with Django's ``{% querystring %}`` tag, so every filter in the current URL is
kept and only ``page`` changes. Large searches use ``capped=True``: counting stops at a cap, so a
broad search stays fast — counting 40,000 matching profiles costs more than showing the first
twenty; past the cap the page says "more than 1,000 results" and the visitor refines the search.
"""

from __future__ import annotations

from functools import cached_property

from django.core.paginator import Page, Paginator

COUNT_CAP = 1000


class CappedPaginator(Paginator):
    cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        # COUNT over a LIMITed, unordered subquery: the database stops after cap + 1 rows
        # instead of ranking and sorting every match first.
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        return super().num_pages if not self.capped else -(-self.cap // self.per_page)


def paginate(request, object_list, per_page: int, *, capped: bool = False) -> Page:
    """The page asked for in ``?page=`` (the last one if past the end, the first if not a number)."""
    paginator_class = CappedPaginator if capped else Paginator
    return paginator_class(object_list, per_page).get_page(request.GET.get("page"))
