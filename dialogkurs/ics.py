"""Calendar files (iCalendar, RFC 5545): the one builder for every ``.ics`` the site makes — a
training's half-days, a facilitator's private feed, and the files attached to e-mails.

Times are written in UTC, which every calendar shows in its own time zone, so no VTIMEZONE
block is needed. Every event that takes place carries a display alarm for each of
``settings.ICS_ALARMS`` (1 day and 1 hour before). An event keeps its UID for ever: a moved
one comes with a higher SEQUENCE, a cancelled one with STATUS:CANCELLED (and a higher
SEQUENCE), so calendar programs update the entry instead of adding a copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Alarm, Calendar, Event

from .fields import single_line

PRODID = "-//dialogkurs//dialogkurs//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class IcsEvent:
    uid: str  # stable per event: a later file with the same uid (and a higher sequence) replaces it
    start: datetime
    end: datetime
    summary: str
    location: str = ""
    description: str = ""
    sequence: int = 0
    url: str = ""
    tentative: bool = False  # STATUS:TENTATIVE instead of CONFIRMED
    cancelled: bool = False  # STATUS:CANCELLED, no alarms (give it a higher sequence too)
    last_modified: datetime | None = None


def ics_calendar(events: Iterable[IcsEvent], *, name: str = "") -> bytes:
    """A calendar with ``events`` (``name`` is the calendar's name in calendar programs). The
    name, summaries and locations are put on one line (a workplace's name saved with a line
    break would break the file); descriptions may hold several lines."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", single_line(str(name)))
    stamp = timezone.now().astimezone(UTC)
    for item in events:
        if timezone.is_naive(item.start) or timezone.is_naive(item.end):
            raise ValueError("Calendar events need timezone-aware start and end times.")
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        if item.last_modified is not None:
            event.add("last-modified", item.last_modified.astimezone(UTC))
        event.add("dtstart", item.start.astimezone(UTC))
        event.add("dtend", item.end.astimezone(UTC))
        event.add("summary", single_line(str(item.summary)))
        event.add("sequence", item.sequence)
        event.add("status", _status(item))
        if item.location:
            event.add("location", single_line(str(item.location)))
        if item.description:
            event.add("description", str(item.description))
        if item.url:
            event.add("url", item.url)
        if not item.cancelled:
            for before in settings.ICS_ALARMS:
                event.add_component(_alarm(item, before))
        calendar.add_component(event)
    return calendar.to_ical()


def _status(item: IcsEvent) -> str:
    if item.cancelled:
        return "CANCELLED"
    return "TENTATIVE" if item.tentative else "CONFIRMED"


def _alarm(item: IcsEvent, before: timedelta) -> Alarm:
    """A display alarm ``before`` the start (RFC 5545 §3.6.6: ACTION, TRIGGER and DESCRIPTION)."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -before)
    alarm.add("description", str(item.summary))
    return alarm


def ics_attachment(events: Iterable[IcsEvent], filename: str = "invite.ics") -> tuple[str, bytes, str]:
    """An e-mail attachment (filename, content, mimetype) holding ``events``."""
    return filename, ics_calendar(events), "text/calendar"
