"""Calendar files of trainings: one course's half-days, and a facilitator's private feed, built
with the project's one calendar builder (``dialogkurs.ics``)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dialogkurs.ics import CONTENT_TYPE, IcsEvent, ics_calendar

from .models import AssignmentStatus, Course, Facilitator, HalfDay

ICS_CONTENT_TYPE = CONTENT_TYPE
# A facilitator's feed holds the half-days from this long ago until this far ahead: calendar
# programs poll it every few hours, and ten years of history made each poll read and send
# the whole of it. What lies outside stays on the facilitator's pages.
FEED_PAST = relativedelta(months=3)
FEED_AHEAD = relativedelta(years=2)


def feed_window(now: datetime) -> tuple[datetime, datetime]:
    return now - FEED_PAST, now + FEED_AHEAD


def feed_etag(body: bytes) -> str:
    """The feed's entity tag: a digest of its content without the DTSTAMP lines, which only
    say when the file was made (a new time on every request), so an unchanged feed keeps its
    tag and a calendar program's conditional request is answered 304 Not Modified."""
    content = b"\n".join(line for line in body.splitlines() if not line.startswith(b"DTSTAMP"))
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


# How long a rendered feed is kept (``feed_cache_key``). Its key changes with every change of
# its content, so this only bounds how long a feed of a deployment's old code can be served.
FEED_CACHE_SECONDS = 24 * 60 * 60
# One up whenever the code makes a different feed from the same rows (a new property, say), so
# that no feed rendered by the old code is served.
FEED_FORMAT = 1


def feed_cache_key(facilitator: Facilitator, content: tuple[list, list], *, base_url: str) -> str:
    """The cache key of a facilitator's rendered feed: a digest of everything it is made of —
    the rows of ``selectors.facilitator_feed_content``, the facilitator's name and language,
    the site's address (each entry links to its training), the translated texts of its entries
    and the alarms — so that any change to an entry, to the window's entries or to the texts
    gives a new key. The feed itself is rendered only when the key is new; DTSTAMP (when the
    file was made) then stays the time of that rendering, which RFC 5545 allows."""
    user = facilitator.user
    texts = (
        _("Dialogue training at %(workplace)s, half-day %(number)s of 2"),
        _("Dialogue trainings of %(name)s"),
        _("Themes: %(themes)s"),
        _("Organisation: %(name)s"),
        _("You are invited and have not answered yet."),
    )
    parts = (FEED_FORMAT, facilitator.pk, user.full_name, user.language, get_language(), base_url, texts)
    parts += (tuple(settings.ICS_ALARMS), content)
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:40]
    return f"sessions_app:feed:{facilitator.pk}:{digest}"


def _location(course: Course) -> str:
    return course.full_location


def _themes_line(half_day: HalfDay) -> str:
    themes = "; ".join(str(link.theme) for link in half_day.theme_links.all())
    return _("Themes: %(themes)s") % {"themes": themes}


def half_day_event(half_day: HalfDay, *, url: str = "", tentative: bool = False, extra: Iterable[str] = ()) -> IcsEvent:
    """One half-day; the same uid everywhere (download, feed, e-mail), so calendar programs
    update it instead of adding a copy."""
    course = half_day.course
    lines = [_themes_line(half_day), _("Organisation: %(name)s") % {"name": course.workplace.organisation.name}]
    lines += list(extra)
    if url:
        lines.append(url)
    return IcsEvent(
        uid=f"halfday-{half_day.pk}@dialogkurs",
        start=half_day.starts_at,
        end=half_day.ends_at,
        summary=_("Dialogue training at %(workplace)s, half-day %(number)s of 2")
        % {"workplace": course.workplace.name, "number": half_day.number},
        location=_location(course),
        description="\n".join(lines),
        url=url,
        tentative=tentative or not course.takes_place,
        cancelled=course.is_cancelled,
        sequence=half_day.calendar_sequence,
        last_modified=course.updated_at,
    )


def course_ics(course: Course, half_days: Iterable[HalfDay], *, url: str = "") -> bytes:
    """Both half-days of one training."""
    return ics_calendar(
        (half_day_event(half_day, url=url) for half_day in half_days),
        name=_("Dialogue training at %(workplace)s") % {"workplace": course.workplace.name},
    )


def facilitator_ics(
    facilitator: Facilitator, half_days: Iterable[HalfDay], *, url_for: Callable[[Course], str] | None = None
) -> bytes:
    """A facilitator's private feed. Half-days of trainings they are only invited to are tentative;
    those of cancelled trainings stay in the feed, cancelled, so calendars mark them."""
    events = []
    for half_day in half_days:
        invited = getattr(half_day, "assignment_status", AssignmentStatus.ACCEPTED) == AssignmentStatus.INVITED
        extra = [_("You are invited and have not answered yet.")] if invited else []
        url = url_for(half_day.course) if url_for else ""
        events.append(half_day_event(half_day, url=url, tentative=invited, extra=extra))
    return ics_calendar(events, name=_("Dialogue trainings of %(name)s") % {"name": facilitator.user.full_name})
