"""The one way a list is cut into pages (shown by templates/includes/pagination.html)."""

from __future__ import annotations

from django.core.paginator import Page, Paginator

PAGE_SIZE = 25


def paginate(request, rows, per_page: int = PAGE_SIZE) -> Page:
    """The page of ``rows`` the request asks for (``?page=``); a bad number gives the first page
    and one past the end the last."""
    return Paginator(rows, per_page).get_page(request.GET.get("page"))
