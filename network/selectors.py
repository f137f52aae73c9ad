"""What other apps (``reports``) may read of the network app: counts and durations only.

Never a name, a contact detail, a note or anything else about a person: every function
returns numbers. DESIGN §4: reports reads counts and times from ``network``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, F

from .models import Case, CaseStatus, MeetingStatus, NetworkMeeting, Place

# The tables every count and time below is read from (the reports keep their figures until one
# of them is written to).
SOURCES = (Case, NetworkMeeting)


def _cases(since: datetime | None, until: datetime | None):
    cases = Case.objects.all()
    if since is not None:
        cases = cases.filter(first_contact_at__gte=since)
    if until is not None:
        cases = cases.filter(first_contact_at__lt=until)
    return cases


def case_counts(*, since: datetime | None = None, until: datetime | None = None, now: datetime | None = None) -> dict:
    """Cases by first contact in [since, until): how many, open, closed, and how many had their
    first meeting late (not held within NETWORK_FIRST_MEETING_HOURS) or not yet."""
    cases = _cases(since, until)
    return {
        "cases": cases.count(),
        "open": cases.filter(status=CaseStatus.OPEN).count(),
        "closed": cases.filter(status=CaseStatus.CLOSED).count(),
        "first_meeting_late": cases.first_meeting_late(now).count(),
        "first_meeting_held": cases.filter(first_meeting_at__isnull=False).count(),
    }


def first_meeting_delays(*, since: datetime | None = None, until: datetime | None = None) -> list[timedelta]:
    """The time from first contact to the first held meeting of each case, shortest first."""
    return sorted(
        _cases(since, until)
        .filter(first_meeting_at__isnull=False)
        .annotate(delay=F("first_meeting_at") - F("first_contact_at"))
        .values_list("delay", flat=True)
    )


def meeting_counts(*, since: datetime | None = None, until: datetime | None = None) -> dict:
    """Meetings by start in [since, until): held, cancelled, booked."""
    meetings = NetworkMeeting.objects.all()
    if since is not None:
        meetings = meetings.filter(starts_at__gte=since)
    if until is not None:
        meetings = meetings.filter(starts_at__lt=until)
    return {status: meetings.filter(status=status).count() for status in MeetingStatus.values}


def _held_meetings(since: datetime | None, until: datetime | None):
    meetings = NetworkMeeting.objects.filter(status=MeetingStatus.HELD)
    if since is not None:
        meetings = meetings.filter(starts_at__gte=since)
    if until is not None:
        meetings = meetings.filter(starts_at__lt=until)
    return meetings


def meeting_places(*, since: datetime | None = None, until: datetime | None = None) -> list[tuple[str, int]]:
    """Held meetings by start in [since, until), per place (home / clinic / video / other): the
    place's name and a count, every place in its fixed order."""
    counts = dict(_held_meetings(since, until).order_by().values_list("place").annotate(n=Count("pk")))
    return [(str(label), counts.get(value, 0)) for value, label in Place.choices]


def held_meetings_of_cases(*, since: datetime | None = None, until: datetime | None = None) -> int:
    """Held meetings (at any time) of the cases first contacted in [since, until): with
    ``case_counts`` it gives the meetings per case."""
    return NetworkMeeting.objects.filter(status=MeetingStatus.HELD, case__in=_cases(since, until)).count()
