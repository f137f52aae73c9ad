"""The data set of a large region over ten years, for benchmarks (``manage.py seed_scale``).

Nothing imports this package: it reaches into every app, as the rest of ``demo/`` does.

Each table is a :class:`Step`: a model and its columns, and a function that yields one tuple per
row. Steps run in the order of ``STEPS`` (``demo/scale/steps.py``); what a later step needs from
an earlier one (ids, dates, e-mail addresses) is kept on the :class:`Seed` they share. Rows go to
PostgreSQL with ``COPY … FROM STDIN`` in chunks, ids are assigned here, and the sequences are
moved past them at the end. Every step draws from its own random generator, seeded with the
seed and the step's name: adding a table changes no other table's rows.

To seed a new table: write a function ``def seed_x(seed: Seed) -> Iterator[tuple]`` next to
its app's others and add ``Step("app.Model", [columns…], seed_x)`` to ``STEPS``.
"""

from __future__ import annotations

import csv
import io
import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection

CHUNK_BYTES = 16 * 1024 * 1024
NULL = "\\N"


@dataclass
class Seed:
    """What the steps share: the scale, the moment the data set is built around, and whatever
    earlier steps left for later ones in ``data``."""

    scale: float
    seed: int
    now: datetime
    data: dict[str, Any] = field(default_factory=dict)
    rng: random.Random = field(default_factory=random.Random)

    def count(self, at_scale_1: int, minimum: int = 1) -> int:
        return max(minimum, round(at_scale_1 * self.scale))

    def token(self, nbytes: int = 24) -> str:
        """A URL-safe token like ``secrets.token_urlsafe``, but from the step's generator."""
        import base64

        return base64.urlsafe_b64encode(self.rng.randbytes(nbytes)).decode().rstrip("=")


@dataclass(frozen=True)
class Step:
    """One table: ``model`` is an app label and model name (``"sessions_app.Course"``) or a
    callable returning the model class (for auto-created many-to-many tables)."""

    model: str | Callable[[], type]
    columns: list[str]
    rows: Callable[[Seed], Iterable[tuple]]

    def model_class(self) -> type:
        return apps.get_model(self.model) if isinstance(self.model, str) else self.model()

    @property
    def name(self) -> str:
        return self.model_class()._meta.label


def copy_rows(model: type, columns: list[str], rows: Iterable[tuple]) -> int:
    """COPY the rows into the model's table; returns the count.

    CSV with ``\\N`` for NULL (None): an empty field is the empty string. Booleans, numbers,
    dates and times are written as Python prints them, which PostgreSQL reads.
    """
    opts = model._meta
    db_columns = ", ".join(connection.ops.quote_name(opts.get_field(name).column) for name in columns)
    sql = f"COPY {connection.ops.quote_name(opts.db_table)} ({db_columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
    count = 0
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg2's own cursor: Django's wrapper has no copy_expert

        def flush() -> None:
            buffer.seek(0)
            raw.copy_expert(sql, buffer)
            buffer.seek(0)
            buffer.truncate()

        for row in rows:
            writer.writerow([NULL if value is None else value for value in row])
            count += 1
            if buffer.tell() > CHUNK_BYTES:
                flush()
        if buffer.tell():
            flush()
    return count


def run(
    steps: list[Step], seed: Seed, *, report: Callable[[str], None] = print, only: Iterable[str] | None = None
) -> dict[str, int]:
    """Run the steps in order inside the caller's transaction; one progress line per table."""
    counts: dict[str, int] = {}
    width = max(len(step.name) for step in steps)
    # Bulk loading: the secondary indexes are dropped and built once at the end, which is much
    # faster than keeping them up to date row by row. Unique ones stay (they check the data).
    indexes = _drop_secondary_indexes(tables(steps))
    for step in steps:
        model = step.model_class()
        seed.rng = random.Random(f"{seed.seed}:{step.name}")  # noqa: S311 (test data, not secrets)
        start = time.perf_counter()
        count = copy_rows(model, step.columns, step.rows(seed))
        elapsed = time.perf_counter() - start
        counts[step.name] = count
        rate = count / elapsed if elapsed else 0
        report(f"  {step.name:<{width}}  {count:>9,} rows  {elapsed:6.1f} s  ({rate:,.0f} rows/s)")
    start = time.perf_counter()
    with connection.cursor() as cursor:
        # Django's foreign keys are checked at commit; an index cannot be built on a table with
        # checks pending, so they run now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for definition in indexes:
            cursor.execute(definition)
    report(f"  {len(indexes)} indexes built in {time.perf_counter() - start:.1f} s")
    models = [step.model_class() for step in steps]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
    return counts


def _drop_secondary_indexes(table_names: list[str]) -> list[str]:
    """Drop the non-unique indexes of these tables; returns the statements that recreate them."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid)
            FROM pg_index
            WHERE indrelid = ANY(%s::regclass[]) AND NOT indisunique AND NOT indisprimary
            ORDER BY indexrelid
            """,
            [table_names],
        )
        found = cursor.fetchall()
        for name, _definition in found:
            cursor.execute(f"DROP INDEX {name}")
    return [definition for _name, definition in found]


def tables(steps: list[Step]) -> list[str]:
    return [step.model_class()._meta.db_table for step in steps]


def ids(start: int = 1) -> Iterator[int]:
    n = start
    while True:
        yield n
        n += 1
