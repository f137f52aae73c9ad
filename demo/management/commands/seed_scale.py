"""``manage.py seed_scale``: the data set of a large region over ten years, for benchmarks."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from demo.scale import Seed, run, tables
from demo.scale.steps import STEPS
from demo.scale.trainings import PASSWORD, email_of


class Command(BaseCommand):
    help = (
        "Fill an empty PostgreSQL database with the data set of a large region over ten years "
        "(at scale 1: 5,000 trainings, ~100,000 registrations, 20,000 enquiries, 1,000,000 outbox "
        "rows). Reproducible: the same --seed and --today give the same rows. Benchmark and demo "
        "databases only (DJANGO_BENCH=1 or DJANGO_DEMO=1)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="size factor (default 1; 0.01 for a quick try)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--today", type=date.fromisoformat, default=None, help="the day the data is built around (YYYY-MM-DD)"
        )
        parser.add_argument("--flush", action="store_true", help="empty the seeded tables first")

    def handle(self, *args, scale, seed, today, flush, verbosity, **options):
        if not (settings.DEMO_MODE or getattr(settings, "BENCH_MODE", False)):
            raise CommandError("seed_scale only runs with DJANGO_BENCH=1 or DJANGO_DEMO=1 (never in production).")
        if connection.vendor != "postgresql":
            raise CommandError("seed_scale writes with COPY: it needs PostgreSQL (set DATABASE_URL).")
        if scale <= 0:
            raise CommandError("--scale must be above 0.")
        names = tables(STEPS)
        if flush:
            with connection.cursor() as cursor:
                quoted = ", ".join(connection.ops.quote_name(name) for name in [*names, "django_session"])
                cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
        else:
            with connection.cursor() as cursor:
                for name in names:
                    cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {connection.ops.quote_name(name)})")  # noqa: S608 (table names from the models)
                    if cursor.fetchone()[0]:
                        raise CommandError(f"{name} already has rows: seed an empty database, or pass --flush.")
        now = datetime.now(UTC) if today is None else datetime(today.year, today.month, today.day, 10, tzinfo=UTC)
        report = self.stdout.write if verbosity else (lambda line: None)
        report(f"Seeding at scale {scale:g}, seed {seed}, around {now:%Y-%m-%d %H:%M} UTC:")
        start = time.perf_counter()
        with transaction.atomic():
            counts = run(STEPS, Seed(scale=scale, seed=seed, now=now), report=report)
        written = time.perf_counter() - start
        # Fresh statistics and visibility maps, as autovacuum would leave a live database.
        with connection.cursor() as cursor:
            for name in names:
                cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(name)}")
        report(
            self.style.SUCCESS(
                f"{sum(counts.values()):,} rows in {written:.0f} s, vacuumed and analysed in "
                f"{time.perf_counter() - start - written:.0f} s. Log in as {email_of('coordinator', 1)} "
                f"(or admin1, facilitator1, clinician1, norole1) with {PASSWORD!r}."
            )
        )
