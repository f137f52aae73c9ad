"""Figures computed once per state of the data they come from.

A report groups a whole year (or five) of trainings, registrations, attendance and proposals: at
the scale of a large region over ten years that is tens of milliseconds of SQL and Python per
table, for figures that change only when someone writes to the tables behind them. So each
report's figures are kept in the cache (Redis) under the *versions* of the tables it reads
(``sources``) — numbers the database moves on at every write to a table, whatever makes it: a
form, the admin, an import, ``QuerySet.update``, raw SQL (``reports/migrations/0001``); for the
tables the public writes to all day (registrations, evaluation answers, enquiries) per year of
the rows written, so a sign-up for next month does not recompute last year's figures. A write
gives new versions, so the next reader computes the figures again; nothing is ever stale by
time, and nothing needs to be told to forget. A new version becomes visible in the same commit
as the rows it stands for.

Figures are only kept when they are what every connection sees: not inside a transaction that
has written (its own uncommitted rows would otherwise be shown to others), not on SQLite (the
embedded default has no versions and computes every time), and never when the cache is down.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.models import Model
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Kept at most this long, so an entry no version points to any more leaves the cache.
TIMEOUT = 24 * 3600


# The tables whose versions are kept per year of the rows written (reports/migrations/0001).
BY_YEAR = frozenset({"participants_registration", "participants_evaluationanswer", "enquiries_enquiry"})

SQL = (
    "SELECT (SELECT oid FROM pg_database WHERE datname = current_database()), "
    "pg_current_xact_id_if_assigned() IS NOT NULL, "
    "ARRAY(SELECT source || ':' || year || ':' || version FROM reports_dataversion "
    "WHERE source = ANY(%s) AND (year = 0 OR (source = ANY(%s) AND year = ANY(%s))) ORDER BY 1)"
)


def versions(sources: Iterable[type[Model]], years: Iterable[int] = ()) -> str | None:
    """The versions of the tables behind some figures, for the years they cover, as one key
    part; None when the figures must be computed now (SQLite, or a transaction that has
    written: its rows are not yet everyone's). The database's own id is part of it: a test
    database made again starts its versions again."""
    if connection.vendor != "postgresql":
        return None
    tables = sorted({model._meta.db_table for model in sources})
    with connection.cursor() as cursor:
        cursor.execute(SQL, [tables, sorted(BY_YEAR & set(tables)), sorted(set(years))])
        database, has_written, values = cursor.fetchone()
    if has_written:
        return None
    return f"{database}:" + ",".join(values)


def remembered(name: str, sources: Iterable[type[Model]], compute: Callable[[], T], *, years: Iterable[int] = ()) -> T:
    """``compute()``, or what it gave last time for the same ``name``, language and versions of
    ``sources`` in ``years`` (the years of the period the value is about). ``name`` must say
    everything else the value depends on (the report, the period, the place)."""
    version = versions(sources, years)
    if version is None:
        return compute()
    # A digest: the versions of a dozen tables are longer than a cache key should be.
    key = "reports:" + hashlib.sha256(f"{name}|{get_language()}|{version}".encode()).hexdigest()
    try:
        found = cache.get(key)
    except Exception:  # noqa: BLE001 - the cache is a help, never a condition
        logger.warning("The cache cannot be read: figures are computed", exc_info=True)
        return compute()
    if found is not None:
        return found
    value = compute()
    try:
        cache.set(key, value, TIMEOUT)
    except Exception:  # noqa: BLE001
        logger.warning("The cache cannot be written", exc_info=True)
    return value
