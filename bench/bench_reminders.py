"""How fast do two Celery workers deliver due reminders, next to the floor: the rate of a no-op
Celery task on the same broker and the same two workers.

    make bench                      # BENCH_MESSAGES=2000 BENCH_EMAIL=locmem|file by default

Both runs use two worker processes (solo pool, as many as the machine's two cores) started
like the reliability tests start them. The no-op run publishes N tasks that each increment a
counter; the reminder run puts N due rows in the outbox and sends one sweep task: a worker
claims the rows in batches and publishes N send tasks, and both workers claim, render (text,
HTML, in the recipient's language) and send each one, to Django's locmem backend (or to files).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from harness import ROOT, Result, database_name, database_url, ensure_database, save_results

N = int(os.environ.get("BENCH_MESSAGES", "2000"))
EMAIL = os.environ.get("BENCH_EMAIL", "locmem")
RUNNER = ROOT / "reminders" / "tests" / "run_with_test_kinds.py"
WORKERS = 2


def wait_until(predicate, timeout: float, what: str, interval: float = 0.02) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(interval)


def start_workers(tmp: Path, email_url: str) -> list[subprocess.Popen]:
    env = {**os.environ, "EMAIL_URL": email_url, "DJANGO_DEBUG": "0"}
    workers, logs = [], []
    for n in range(WORKERS):
        log = tmp / f"worker{n}.log"
        workers.append(
            subprocess.Popen(
                [sys.executable, str(RUNNER), "worker", "-n", f"bench{n}@%h", "--loglevel=WARNING", f"--logfile={log}"],
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        logs.append(log)
    return workers


def stop(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.wait(timeout=30)


MIN_RATIO = 0.5  # issue 13: reminders delivered ≥ 0.5 × the no-op task rate


def main() -> None:
    # Its own database: it empties the outbox, which the seeded data set must keep.
    name = f"{database_name()}_reminders"
    ensure_database(name)
    os.environ["DATABASE_URL"] = database_url(name)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache
    from django.core.management import call_command

    from accounts.models import User
    from dialogkurs.celery import app
    from reminders.models import ScheduledMessage
    from reminders.tasks import sweep_due_messages
    from reminders.tests.kinds import NOTICE

    if "postgresql" not in settings.DATABASES["default"]["ENGINE"] or not settings.CELERY_BROKER_URL.startswith(
        "redis"
    ):
        raise SystemExit("The benchmark runs on PostgreSQL and Redis: set DATABASE_URL and CELERY_BROKER_URL.")
    call_command("migrate", verbosity=0)
    app.control.purge()
    ScheduledMessage.objects.all().delete()
    User.objects.filter(email__startswith="bench").delete()
    users = User.objects.bulk_create(
        User(email=f"bench{n}@example.org", full_name=f"Bench Person {n}", password="!", language="sv")  # noqa: S106 (unusable)
        for n in range(N)
    )

    tmp = Path(tempfile.mkdtemp(prefix="dialogkurs-bench-"))
    email_url = "memorymail://" if EMAIL == "locmem" else f"filemail:///{tmp / 'mail'}"
    workers = start_workers(tmp, email_url)
    try:
        # Warm up: both workers connected and past their first task.
        cache.set("bench:noop", 0, None)
        for n in range(20):
            app.send_task("reminders_tests.noop", kwargs={"n": n})
        wait_until(lambda: cache.get("bench:noop") == 20, 120, "the workers to start")

        # The floor: N no-op tasks.
        cache.set("bench:noop", 0, None)
        start = time.perf_counter()
        with app.producer_or_acquire() as producer:
            for n in range(N):
                app.send_task("reminders_tests.noop", kwargs={"n": n}, producer=producer)
        wait_until(lambda: cache.get("bench:noop") == N, 600, "the no-op tasks")
        noop_rate = N / (time.perf_counter() - start)

        # The reminders: N due rows, one sweep.
        now = datetime.now(UTC) - timedelta(seconds=1)
        user_type = ContentType.objects.get_for_model(User)
        ScheduledMessage.objects.bulk_create(
            ScheduledMessage(
                kind=NOTICE,
                content_type=user_type,
                object_id=u.pk,
                recipient=u.email,
                language="sv",
                recipient_name=u.full_name,
                due_at=now,
                next_attempt_at=now,
            )
            for u in users
        )
        start = time.perf_counter()
        sweep_due_messages.delay()
        sent = ScheduledMessage.objects.filter(status=ScheduledMessage.Status.SENT)
        wait_until(lambda: sent.count() == N, 1200, "the reminders", interval=0.05)
        reminder_rate = N / (time.perf_counter() - start)
    finally:
        stop(workers)
    others = ScheduledMessage.objects.exclude(status=ScheduledMessage.Status.SENT).count()
    print(f"messages: {N}, workers: {WORKERS} (solo pool), e-mail backend: {EMAIL}, not sent: {others}")
    print(f"no-op Celery task (floor): {noop_rate:8.1f} tasks/s")
    print(f"due reminders delivered:   {reminder_rate:8.1f} messages/s")
    ratio = reminder_rate / noop_rate
    print(f"ratio reminders / floor:   {ratio:8.2f}")
    save_results(
        [
            Result(
                "reminders delivered by two workers",
                "reminders",
                ratio >= MIN_RATIO and others == 0,
                f"≥ {MIN_RATIO:g} × the no-op task rate, every message sent",
                {
                    "messages": N,
                    "noop_per_s": round(noop_rate, 1),
                    "reminders_per_s": round(reminder_rate, 1),
                    "ratio": round(ratio, 2),
                    "not_sent": others,
                },
            )
        ]
    )


if __name__ == "__main__":
    main()
