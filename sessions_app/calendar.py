"""Calendar files (iCalendar, RFC 5545) for trainings: one course's half-days, and a
facilitator's private feed. Times are written in UTC so no VTIMEZONE block is needed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import AssignmentStatus, Course, Facilitator, HalfDay

PRODID = "-//dialogkurs//Dialogue trainings//EN"
UID_DOMAIN = "dialogkurs"
ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _location(course: Course) -> str:
    parts = [course.location.strip(), course.workplace.visiting_address.strip()]
    return ", ".join(part for part in parts if part)


def _themes_line(half_day: HalfDay) -> str:
    themes = "; ".join(str(link.theme) for link in half_day.theme_links.all())
    return _("Themes: %(themes)s") % {"themes": themes}


def half_day_event(half_day: HalfDay, *, url: str = "", tentative: bool = False, extra: Iterable[str] = ()) -> Event:
    course = half_day.course
    event = Event()
    event.add("uid", f"halfday-{half_day.pk}@{UID_DOMAIN}")
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("last-modified", course.updated_at.astimezone(UTC))
    event.add("dtstart", half_day.starts_at.astimezone(UTC))
    event.add("dtend", half_day.ends_at.astimezone(UTC))
    event.add(
        "summary",
        _("Dialogue training at %(workplace)s, half-day %(number)s of 2")
        % {"workplace": course.workplace.name, "number": half_day.number},
    )
    location = _location(course)
    if location:
        event.add("location", location)
    lines = [_themes_line(half_day), _("Organisation: %(name)s") % {"name": course.workplace.organisation.name}]
    lines += list(extra)
    if url:
        lines.append(url)
        event.add("url", url)
    event.add("description", "\n".join(lines))
    event.add("status", "CONFIRMED" if course.takes_place and not tentative else "TENTATIVE")
    return event


def course_ics(course: Course, half_days: Iterable[HalfDay], *, url: str = "") -> bytes:
    """Both half-days of one training."""
    calendar = _calendar(_("Dialogue training at %(workplace)s") % {"workplace": course.workplace.name})
    for half_day in half_days:
        calendar.add_component(half_day_event(half_day, url=url))
    return calendar.to_ical()


def facilitator_ics(
    facilitator: Facilitator, half_days: Iterable[HalfDay], *, url_for: Callable[[Course], str] | None = None
) -> bytes:
    """A facilitator's private feed. Half-days of trainings they are only invited to are tentative."""
    calendar = _calendar(_("Dialogue trainings of %(name)s") % {"name": facilitator.user.full_name})
    for half_day in half_days:
        invited = getattr(half_day, "assignment_status", AssignmentStatus.ACCEPTED) == AssignmentStatus.INVITED
        extra = [_("You are invited and have not answered yet.")] if invited else []
        url = url_for(half_day.course) if url_for else ""
        calendar.add_component(half_day_event(half_day, url=url, tentative=invited, extra=extra))
    return calendar.to_ical()
