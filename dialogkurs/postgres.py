"""PostgreSQL-only pieces that must leave the embedded SQLite default alone."""

from __future__ import annotations

from django.db import migrations


class RunSQLOnPostgres(migrations.RunSQL):
    """RunSQL that does nothing on any other database (``make run`` uses SQLite)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def trigram_indexes(table: str, columns: list[str]) -> RunSQLOnPostgres:
    """GIN trigram indexes that serve Django's ``icontains`` on PostgreSQL, which is
    ``UPPER(column::text) LIKE UPPER('%…%')``: the indexed expression is exactly that left side.
    A search of three characters or more then reads the index instead of every row."""
    create = ["CREATE EXTENSION IF NOT EXISTS pg_trgm"] + [
        f'CREATE INDEX IF NOT EXISTS "{table}_{column}_trgm" ON "{table}" USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        for column in columns
    ]
    drop = [f'DROP INDEX IF EXISTS "{table}_{column}_trgm"' for column in columns]
    return RunSQLOnPostgres(create, drop, elidable=False)
