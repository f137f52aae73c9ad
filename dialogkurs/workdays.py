"""Working days in Sweden and Norway: one calendar for every app (enquiry deadlines, follow-up
meetings).

A working day is a weekday that is not a public holiday of the country. Sweden counts
Midsummer Eve, Christmas Eve and New Year's Eve as non-working too (the Annual Leave Act puts
them on a par with Sundays); the `holidays` library keeps those in its DE_FACTO category.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

_CATEGORIES = {"SE": (holidays.PUBLIC, holidays.DE_FACTO), "NO": (holidays.PUBLIC,)}


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


def working_day_on_or_after(day: date, country: str) -> date:
    return day if is_working_day(day, country) else next_working_day(day, country)


def working_days_between(start: date, end: date, country: str) -> int:
    """The working days after ``start`` up to and including ``end`` (0 for the same day or an
    earlier ``end``): an enquiry received on a Friday and answered on Monday took 1."""
    days, day = 0, start
    while day < end:
        day += timedelta(days=1)
        days += is_working_day(day, country)
    return days
