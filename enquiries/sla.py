"""Working days and the contact deadline of an enquiry: pure functions, no database.

Working days come from ``dialogkurs.workdays`` (weekends and the country's public holidays,
Midsummer Eve, Christmas Eve and New Year's Eve included for Sweden).
Days are counted in the country's local time: an enquiry sent at 00:30 on a Saturday in Oslo
is a weekend enquiry, although it is still Friday in UTC.
"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from dialogkurs.workdays import is_working_day, next_working_day
from sessions_app.models import Country


def time_zone_for(country: str) -> ZoneInfo:
    return ZoneInfo(Country(country).time_zone)


def add_working_days(start: datetime, days: int, country: str) -> datetime:
    """The moment ``days`` working days after ``start``, at the same local time of day.

    Something that arrives outside working days starts its clock at midnight (local time) on the
    next working day: an enquiry sent on a Saturday afternoon is due two working days after
    Monday 00:00, that is at the end of Tuesday.
    """
    if start.tzinfo is None:
        raise ValueError("add_working_days needs a timezone-aware datetime")
    if days < 0:
        raise ValueError("days must not be negative")
    zone = time_zone_for(country)
    local = start.astimezone(zone)
    day, moment = local.date(), local.timetz().replace(tzinfo=None)
    if not is_working_day(day, country):
        day, moment = next_working_day(day, country), time(0, 0)
    for _ in range(days):
        day = next_working_day(day, country)
    return datetime.combine(day, moment, tzinfo=zone)
