from html import escape

from django import template
from django.utils.safestring import mark_safe

from ..charts import chart_svg

register = template.Library()


@register.simple_tag
def chart(table):
    """The table's chart as inline SVG (nothing when it has none)."""
    return chart_svg(table)


@register.simple_tag
def rows_of(table, links: bool = False):
    """The rows the page shows: with their links for a reader who may follow them."""
    return table.display_rows if links else table.display_rows_text


@register.filter
def link_items(links) -> str:
    """Each of ``links`` (``text`` and ``url``, strings) as ``<li><a href="url">text</a></li>``,
    escaped as the template would (Django's ``escape`` is the standard library's, behind a check
    for lazy strings), in one call: a home page lists up to 150, and a loop of template nodes cost
    more than the rest of each row."""
    return mark_safe(  # noqa: S308 (every value escaped)
        "".join(f'<li><a href="{escape(link.url)}">{escape(link.text)}</a></li>' for link in links)
    )
