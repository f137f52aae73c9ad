"""A no-op task for the benchmark's floor: what the broker and a worker cost per task."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="reminders_tests.noop", ignore_result=True)
def noop(*, n: int = 0) -> None:
    from django.core.cache import cache

    # The only work: count, so the benchmark knows when all have run.
    cache.incr("bench:noop", 1)
