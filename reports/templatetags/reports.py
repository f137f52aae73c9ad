from django import template

from ..charts import chart_svg

register = template.Library()


@register.simple_tag
def chart(table):
    """The table's chart as inline SVG (nothing when it has none)."""
    return chart_svg(table)
