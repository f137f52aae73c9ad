"""Which indexes PostgreSQL would use for a query: for tests that an index serves its query.

On a test database of a few rows a sequential scan is always cheapest, so the plan is asked for
with sequential scans priced out; what remains shows whether an index *can* serve the query.
"""

from __future__ import annotations

import re

from django.db import connection, transaction


def indexes_used(queryset_or_sql, params=()) -> set[str]:
    """The names of the indexes in the plan of a queryset (or of SQL with params)."""
    if hasattr(queryset_or_sql, "query"):
        sql, params = queryset_or_sql.query.sql_with_params()
    else:
        sql = queryset_or_sql
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # "Index Scan using x on t", "Index Only Scan Backward using x on t", "Bitmap Index Scan on x"
    found = re.findall(r"Index (?:Only )?Scan (?:Backward )?using (\w+)|Bitmap Index Scan on (\w+)", plan)
    return {name for pair in found for name in pair if name}
