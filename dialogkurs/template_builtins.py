"""Template filters every template may use without ``{% load %}`` (TEMPLATES' ``builtins``)."""

from __future__ import annotations

from django import template

from .forms import has_required_field, quick_fields

register = template.Library()
register.filter("has_required_field", has_required_field)
register.filter("quick_fields", quick_fields)


@register.simple_tag(takes_context=True)
def page_query(context, number, page_param=""):
    """``{% querystring page=number %}`` with the name of the page's parameter given: a page
    with two lists paged apart (``paginate(page_param=…)``) keeps the other list's page in its links."""
    params = context.request.GET.copy()
    params[page_param or "page"] = number
    return f"?{params.urlencode()}"
