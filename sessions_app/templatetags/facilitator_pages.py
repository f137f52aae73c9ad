"""The long lists of the facilitator pages (the directory, my assignments), written out here
rather than through template tags per row, as ``course_tables`` does for the course tables: the
directory's 25 × 6 half-days each reversed a URL and formatted a date and a time through the
template engine, which cost more than the rest of the page. The HTML is the same.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext, pgettext

from dialogkurs.formatting import formatter
from dialogkurs.links import reverse_once

from ..models import Course, Facilitator, HalfDay, LivedExperience
from .course_tables import half_days_html

register = template.Library()


@register.simple_tag
def facilitator_rows(rows: Iterable[tuple[Facilitator, list[HalfDay]]]) -> SafeString:
    """The ``<tr>`` of each facilitator of the directory with her coming half-days
    (``selectors.facilitator_upcoming_half_days``)."""
    escape = conditional_escape
    # Each label translated, each format parsed and each URL reversed once for the page.
    lived_experience = {value: escape(label) for value, label in LivedExperience.choices}
    not_shared, none = escape(gettext("Not shared")), escape(pgettext("no half-days", "None"))
    active, resting, invited = escape(gettext("Active")), escape(gettext("Resting")), escape(gettext("invited"))
    facilitator_url = reverse_once("sessions_app:facilitator_detail")
    course_url = reverse_once("sessions_app:course_detail")
    date_of, time_of = formatter("SHORT_DATE_FORMAT"), formatter("TIME_FORMAT")
    html = []
    for facilitator, half_days in rows:
        user = facilitator.user
        email = escape(user.email)
        spans = []
        for half_day in half_days:
            starts = timezone.localtime(half_day.starts_at)
            spans.append(
                f'<span class="d-block"><a href="{course_url(half_day.course_id)}">'
                f"{escape(half_day.workplace_name)}, {date_of(starts)} {time_of(starts)}</a>"
                f"{f' ({invited})' if half_day.is_invited else ''}</span>"
            )
        total = half_days[0].coming_count if half_days else 0
        if total > len(half_days):
            count = ngettext("%(counter)s coming half-day in all", "%(counter)s coming half-days in all", total)
            spans.append(f'<span class="d-block">{escape(count % {"counter": total})}</span>')
        html.append(
            "<tr>"
            f'<th scope="row"><a href="{facilitator_url(facilitator.pk)}">{escape(user.full_name or user.email)}</a>'
            f'<br><a class="fw-normal" href="mailto:{email}">{email}</a></th>'
            f"<td>{lived_experience.get(facilitator.lived_experience) or not_shared}</td>"
            f"<td>{escape(', '.join(facilitator.languages).upper()) or '–'}</td>"
            f"<td>{escape(facilitator.home_area) or '–'}</td>"
            f"<td>{active if facilitator.active else resting}</td>"
            f"<td>{''.join(spans) or none}</td>"
            "</tr>"
        )
    return mark_safe("".join(html))  # noqa: S308 -- every value above is escaped


@register.simple_tag
def half_day_lines(course: Course) -> SafeString:
    """Each of the course's prefetched half-days on its line, "date start–end"."""
    spans = [(half_day.starts_at, half_day.ends_at) for half_day in course.half_days.all()]
    return mark_safe(half_days_html(spans, formatter("SHORT_DATE_FORMAT"), formatter("TIME_FORMAT")))  # noqa: S308
