"""Migrating the test database to an older state and back, for tests of data migrations."""

from __future__ import annotations

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets: list[tuple[str, str | None]], *, state_of: list[tuple[str, str]]) -> Apps:
    """Migrate to ``targets`` (``None`` as a name: the app unmigrated) and return the historical
    models at the nodes ``state_of``, as a data migration there would see them."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(state_of).apps


def migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
