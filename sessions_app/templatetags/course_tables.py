"""The course tables (course list, organisation and workplace pages): the extra columns of the
apps above (``hooks.py``) and the rows.

The rows are written out here rather than through a template per row: a page of 25 trainings
formatted ~150 dates and translated every status label of every choice for each
``get_status_display``, through the template engine's lookups, and was most of the course
list's time (9 ms of 32 ms in process at scale 1; about 2 ms this way). The HTML is the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from dialogkurs.formatting import formatter
from dialogkurs.links import reverse_once

from ..hooks import CourseColumn, course_columns
from ..models import AssignmentStatus, CourseStatus
from ..selectors import CourseRow
from .courses import when_starting

register = template.Library()


@register.simple_tag
def extra_course_columns() -> list[CourseColumn]:
    return course_columns()


@register.filter
def column_value(course, column: CourseColumn):
    return getattr(course, column.name, "")


def half_days_html(half_days: list[tuple[datetime, datetime]], date_of, time_of) -> str:
    """Each half-day (start, end) "date start–end" on its line, dates and times escaped by nature."""
    spans = []
    for starts, ends in half_days:
        spans.append(f'<span class="d-block text-nowrap">{date_of(starts)} {time_of(starts)}–{time_of(ends)}</span>')
    return "".join(spans) or conditional_escape(gettext("Not planned yet"))


@register.simple_tag
def course_rows(courses: Iterable[CourseRow], columns: list[CourseColumn], show_organisation: bool) -> SafeString:
    """The ``<tr>`` of each course: ``CourseRow``s (``selectors.course_list_page``)."""
    escape = conditional_escape
    # Each label translated, each format parsed and the URL reversed once for the page, not per row.
    course_status = {value: escape(label) for value, label in CourseStatus.choices}
    assignment_status = {value: escape(str(label).lower()) for value, label in AssignmentStatus.choices}
    none_yet = escape(gettext("None yet"))
    date_of, time_of, long_date_of = formatter("SHORT_DATE_FORMAT"), formatter("TIME_FORMAT"), formatter("DATE_FORMAT")
    url_of = reverse_once("sessions_app:course_detail")
    rows = []
    for row in courses:
        when = when_starting(row.pk, row.half_days[0][0] if row.half_days else None, date_of=long_date_of)
        cells = [
            f'<td><a href="{url_of(row.pk)}">{escape(row.workplace_name)}'
            f'<span class="visually-hidden">, {escape(when)}</span></a> '
            f'<span class="text-body-secondary">#{row.pk}</span></td>'
        ]
        if show_organisation:
            cells.append(f"<td>{escape(row.organisation_name)}</td>")
        cells.append(f"<td>{half_days_html(row.half_days, date_of, time_of)}</td>")
        cells.append(f'<td><span class="status-badge">{course_status[row.status]}</span></td>')
        cells.extend(f"<td>{escape(row.columns.get(column.name, ''))}</td>" for column in columns)
        facilitators = "".join(
            f'<span class="d-block">{escape(name)} ({assignment_status[status]})</span>'
            for name, status in row.facilitators
        )
        cells.append(f"<td>{facilitators or none_yet}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return mark_safe("\n".join(rows))  # noqa: S308 - every value above is escaped
