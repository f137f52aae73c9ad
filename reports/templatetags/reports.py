from django import template

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
