"""What one reminder sweep costs with 10,000 outbox rows and with 1,000,000.

The sweep runs every minute whatever the size of the outbox, so its cost must not grow with the
rows already sent or planned far ahead (issue 13: at 1M rows ≤ 1.5× its cost at 10k). On its
own database (the benchmark database's name + ``_sweep``): the outbox is filled with COPY as
ten years of use leave it (mostly sent, a tenth planned ahead, a few failed, missed or
cancelled) plus 50 rows due now; each timed sweep claims those 50 in a transaction that is
rolled back, so every run does the same work.
"""

from __future__ import annotations

import os
import random
import time
from datetime import timedelta

from harness import Result, database_name, database_url, ensure_database, median, save_results

SMALL, LARGE = 10_000, int(os.environ.get("BENCH_SWEEP_ROWS", "1000000"))
DUE = 50
RUNS = 30
MAX_RATIO = 1.5


def fill(count: int, start: int, now) -> None:
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import User
    from demo.scale import copy_rows
    from demo.scale.steps import OUTBOX_COLUMNS
    from reminders.models import ScheduledMessage

    rng = random.Random(start)  # noqa: S311
    content_type = ContentType.objects.get_for_model(User).pk
    kinds = ("participants.halfday_reminder", "participants.registration_confirmation", "enquiries.sla_alert")

    def rows():
        for pk in range(start, start + count):
            due = now + timedelta(days=rng.uniform(-3650, 365))
            roll = rng.random()
            status, sent, attempts = "sent", due + timedelta(seconds=30), 1
            if due > now:
                status, sent, attempts = ("cancelled" if roll < 0.05 else "planned"), None, 0
            elif roll < 0.03:
                status, sent, attempts = "cancelled", None, 0
            elif roll < 0.04:
                status, sent, attempts = "failed", None, 5
            elif roll < 0.05:
                status, sent, attempts = "missed", None, 0
            yield (
                pk, rng.choice(kinds), content_type, pk, f"person{pk}@seed.example.org", "Person", "", "sv",
                "Europe/Stockholm", due, due, status, "", attempts, "", None, sent, due - timedelta(days=7),
            )  # fmt: skip

    copy_rows(ScheduledMessage, OUTBOX_COLUMNS, rows())


def timed_sweeps(now) -> float:
    from django.db import connection, transaction

    from reminders.services import messages_sweep

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) reminders_scheduledmessage")
    times = []
    for _ in range(RUNS):
        with transaction.atomic():
            start = time.perf_counter()
            result = messages_sweep(deliver=lambda ids: None, now=now)
            times.append(time.perf_counter() - start)
            assert len(result.claimed) == DUE, result
            transaction.set_rollback(True)
    return median(times)


def main() -> None:
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # not a line per timed sweep
    name = f"{database_name()}_sweep"
    ensure_database(name)
    os.environ["DATABASE_URL"] = database_url(name)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE reminders_scheduledmessage")
    now = timezone.now()
    # The rows due now: claimed by every timed sweep (and released again by the rollback).
    from reminders.models import ScheduledMessage

    fill(SMALL - DUE, 1, now)
    due = now - timedelta(minutes=1)
    ScheduledMessage.objects.filter(pk__lte=DUE).update(
        status="planned", due_at=due, next_attempt_at=due, sent_at=None, attempts=0
    )
    small = timed_sweeps(now)
    print(f"sweep with {SMALL:>9,} outbox rows: {small * 1000:7.2f} ms (median of {RUNS})", flush=True)
    fill(LARGE - SMALL, SMALL + 1, now)
    large = timed_sweeps(now)
    ratio = large / small
    print(f"sweep with {LARGE:>9,} outbox rows: {large * 1000:7.2f} ms (median of {RUNS}); {ratio:.2f}× — "
          f"{'pass' if ratio <= MAX_RATIO else 'MISS'}")  # fmt: skip
    save_results(
        [
            Result(
                "reminder sweep at 1M outbox rows",
                "sweep",
                ratio <= MAX_RATIO,
                f"≤ {MAX_RATIO:g}× its cost at {SMALL:,} rows",
                {
                    "small_rows": SMALL,
                    "large_rows": LARGE,
                    "small_ms": round(small * 1000, 2),
                    "large_ms": round(large * 1000, 2),
                    "ratio": round(ratio, 2),
                },
            )
        ]
    )


if __name__ == "__main__":
    main()
