"""The one way a list is cut into pages (shown by templates/includes/pagination.html)."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

PAGE_SIZE = 25


class CappedPaginator(Paginator):
    """Counts at most ``count_at_most`` rows: for a list of a million rows (the outbox), where an
    exact COUNT reads them all on every page. ``capped`` tells the page there are more; they
    are reached by filtering, not by paging."""

    def __init__(self, object_list, per_page, *args, count_at_most: int, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.count_at_most = count_at_most

    @cached_property
    def _counted(self) -> int:
        # COUNT(*) over a subquery with LIMIT: it stops after count_at_most + 1 rows of the index.
        return self.object_list[: self.count_at_most + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.count_at_most)

    @property
    def capped(self) -> bool:
        return self._counted > self.count_at_most


def paginate(
    request, rows, per_page: int = PAGE_SIZE, *, count_at_most: int | None = None, page_param: str = "page"
) -> Page:
    """The page of ``rows`` the request asks for (``?page=``, or ``page_param`` for a second list
    on the same page: give the template's pagination the same ``page_param``); a bad number gives the
    first page and one past the end the last. With ``count_at_most`` the rows are counted only
    that far (``CappedPaginator``)."""
    if count_at_most is None:
        paginator = Paginator(rows, per_page)
    else:
        paginator = CappedPaginator(rows, per_page, count_at_most=count_at_most)
    return paginator.get_page(request.GET.get(page_param))
