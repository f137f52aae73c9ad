"""Which indexes PostgreSQL would use for a query: for tests that an index serves its query.

On a test database of a few rows a sequential scan is always cheapest, so the plan is asked for
with sequential scans priced out; what remains shows whether an index *can* serve the query.
"""

from __future__ import annotations

import re

from django.db import connection, transaction


def plan(queryset_or_sql, params=(), *, priced_out=("seqscan",)) -> str:
    """The plan of a queryset (or of SQL with params), sequential scans (or the plan nodes of
    ``priced_out``: "bitmapscan", "sort") priced out."""
    if hasattr(queryset_or_sql, "query"):
        sql, params = queryset_or_sql.query.sql_with_params()
    else:
        sql = queryset_or_sql
    with transaction.atomic(), connection.cursor() as cursor:
        for node in priced_out:
            cursor.execute(f"SET LOCAL enable_{node} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def indexes_used(queryset_or_sql, params=()) -> set[str]:
    """The names of the indexes in the plan of a queryset (or of SQL with params)."""
    plan_text = plan(queryset_or_sql, params)
    # "Index Scan using x on t", "Index Only Scan Backward using x on t", "Bitmap Index Scan on x"
    found = re.findall(r"Index (?:Only )?Scan (?:Backward )?using (\w+)|Bitmap Index Scan on (\w+)", plan_text)
    return {name for pair in found for name in pair if name}
