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
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import DateFormat
from django.utils.dates import MONTHS
from django.utils.formats import get_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from ..hooks import CourseColumn, course_columns
from ..models import AssignmentStatus, Course, CourseStatus
from ..selectors import CourseRow
from .courses import when_starting

register = template.Library()


@register.simple_tag
def extra_course_columns() -> list[CourseColumn]:
    return course_columns()


@register.filter
def column_value(course, column: CourseColumn):
    return getattr(course, column.name, "")


def _url_of(name: str):
    """The URL of ``name`` for one id, reversed once per page and then filled in (``reverse``
    costs about 0.1 ms): the same URL as the model's ``get_absolute_url``."""
    mark = "987654321000"
    return reverse(name, args=[mark]).replace("{", "{{").replace("}", "}}").replace(mark, "{}").format


# The format codes of the dates and times of sv and nb ("Y-m-d", "d.m.Y", "j F Y", "j. F Y",
# "H:i") as plain functions; Django's formatter parses the format anew for every value.
_CODES = {
    "d": lambda v: f"{v.day:02d}",
    "j": lambda v: str(v.day),
    "m": lambda v: f"{v.month:02d}",
    "n": lambda v: str(v.month),
    "F": lambda v: str(MONTHS[v.month]),
    "Y": lambda v: f"{v.year:04d}",
    "y": lambda v: f"{v.year % 100:02d}",
    "H": lambda v: f"{v.hour:02d}",
    "G": lambda v: str(v.hour),
    "i": lambda v: f"{v.minute:02d}",
    "s": lambda v: f"{v.second:02d}",
}


def formatter(format_name: str):
    """``formats.date_format(value, format_name)`` for the current language as a function of
    ``value``, for the ~75 dates of a page of rows: the format is read and parsed once. A
    format with any other code than those of ``_CODES`` is left to Django."""
    format_string = get_format(format_name)
    if any(char.isalpha() and char not in _CODES or char == "\\" for char in format_string):
        return lambda value: DateFormat(value).format(format_string)
    parts = [_CODES.get(char, char) for char in format_string]
    return lambda value: "".join(part if isinstance(part, str) else part(value) for part in parts)


def half_days_html(half_days: list[tuple[datetime, datetime]], date_of, time_of) -> str:
    """As ``includes/half_days.html``: each half-day "date start–end" on its line."""
    spans = []
    for starts_at, ends_at in half_days:
        starts, ends = timezone.localtime(starts_at), timezone.localtime(ends_at)
        spans.append(f'<span class="d-block text-nowrap">{date_of(starts)} {time_of(starts)}–{time_of(ends)}</span>')
    return "".join(spans) or conditional_escape(gettext("Not planned yet"))


@register.simple_tag
def course_rows(
    courses: Iterable[CourseRow | Course], columns: list[CourseColumn], show_organisation: bool
) -> SafeString:
    """The ``<tr>`` of each course: ``CourseRow``s (``selectors.course_list_page``), or courses
    of ``selectors.course_list`` (workplace, organisation, half-days and live assignments
    fetched with it)."""
    escape = conditional_escape
    # Each label translated, each format parsed and the URL reversed once for the page, not per row.
    course_status = {value: escape(label) for value, label in CourseStatus.choices}
    assignment_status = {value: escape(str(label).lower()) for value, label in AssignmentStatus.choices}
    none_yet = escape(gettext("None yet"))
    date_of, time_of, long_date_of = formatter("SHORT_DATE_FORMAT"), formatter("TIME_FORMAT"), formatter("DATE_FORMAT")
    url_of = _url_of("sessions_app:course_detail")
    rows = []
    for course in courses:
        row = course if isinstance(course, CourseRow) else CourseRow.of(course)
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
