"""Template filters about trainings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext

register = template.Library()


@register.filter
def course_when(course) -> str:
    """When a training is, to tell it from another at the same workplace in the name of a link or
    button (WCAG 2.4.4): "starting <date of half-day 1>", or its number while it has no dates.
    Reads ``course.half_days.all()``: list pages prefetch it. Kept on the course for its
    language and time zone: a row names its training in several links and buttons."""
    key = (get_language(), timezone.get_current_timezone_name())
    known = course.__dict__.setdefault("_course_when", {})
    if key not in known:
        known[key] = _course_when(course)
    return known[key]


def _course_when(course) -> str:
    first = min(course.half_days.all(), key=lambda half_day: half_day.number, default=None)
    return when_starting(course.pk, None if first is None else first.starts_at)


def when_starting(pk: int, starts_at: datetime | None, *, date_of: Callable[[datetime], str] | None = None) -> str:
    """``course_when`` of the training ``pk`` whose half-day 1 starts at ``starts_at`` (None:
    not planned), for rows read as values (``selectors.CourseRow``); ``date_of`` formats the
    date as ``DATE_FORMAT`` in the current time zone (``dialogkurs.formatting.formatter``, parsed
    once for a table's rows)."""
    if starts_at is None:
        return gettext("not planned yet, number %(number)s") % {"number": pk}
    date = date_of(starts_at) if date_of else date_format(timezone.localtime(starts_at), "DATE_FORMAT")
    return gettext("starting %(date)s") % {"date": date}
