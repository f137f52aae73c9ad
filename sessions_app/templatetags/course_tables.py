"""The extra columns of the course tables, registered by the apps above (``hooks.py``)."""

from django import template

from ..hooks import CourseColumn, course_columns

register = template.Library()


@register.simple_tag
def extra_course_columns() -> list[CourseColumn]:
    return course_columns()


@register.filter
def column_value(course, column: CourseColumn):
    return getattr(course, column.name, "")
