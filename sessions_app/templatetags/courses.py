"""Template filters about trainings."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

register = template.Library()


@register.filter
def course_when(course) -> str:
    """When a training is, to tell it from another at the same workplace in the name of a link or
    button (WCAG 2.4.4): "starting <date of half-day 1>", or its number while it has no dates.
    Reads ``course.half_days.all()``: list pages prefetch it."""
    first = min(course.half_days.all(), key=lambda half_day: half_day.number, default=None)
    if first is None:
        return gettext("not planned yet, number %(number)s") % {"number": course.pk}
    return gettext("starting %(date)s") % {"date": date_format(timezone.localtime(first.starts_at), "DATE_FORMAT")}
