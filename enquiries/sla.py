"""Working days and the contact deadline of an enquiry: pure functions, no database.

A working day is a weekday that is not a public holiday of the enquiry's country. Sweden counts
Midsummer Eve, Christmas Eve and New Year's Eve as non-working too (the Annual Leave Act puts
them on a par with Sundays); the `holidays` library keeps those in its DE_FACTO category.
Days are counted in the country's local time: an enquiry sent at 00:30 on a Saturday in Oslo
is a weekend enquiry, although it is still Friday in UTC.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

TIME_ZONES = {"SE": "Europe/Stockholm", "NO": "Europe/Oslo"}
_CATEGORIES = {"SE": (holidays.PUBLIC, holidays.DE_FACTO), "NO": (holidays.PUBLIC,)}


def time_zone_for(country: str) -> ZoneInfo:
    return ZoneInfo(TIME_ZONES[country])


@lru_cache(maxsize=128)
def public_holidays(country: str, year: int) -> frozenset[date]:
    """The non-working holidays of ``country`` ("SE" or "NO") in ``year``."""
    if country not in _CATEGORIES:
        raise ValueError(f"No holiday calendar for country {country!r}")
    return frozenset(holidays.country_holidays(country, years=year, categories=_CATEGORIES[country]).keys())


def is_working_day(day: date, country: str) -> bool:
    return day.weekday() < 5 and day not in public_holidays(country, day.year)


def next_working_day(day: date, country: str) -> date:
    """The first working day strictly after ``day``."""
    day += timedelta(days=1)
    while not is_working_day(day, country):
        day += timedelta(days=1)
    return day


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
