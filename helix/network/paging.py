"""Pagination for large directory lists: counting stops at a cap, so a broad search stays fast.

Counting 40,000 matching profiles costs more than showing the first twenty; past the cap the page
says "more than 1,000 results" and the visitor refines the search (filters, more words).
"""

from functools import cached_property

from django.core.paginator import Paginator

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
