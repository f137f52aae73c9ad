"""Real concurrent transactions for race tests."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def run_at_once(functions: list[Callable[[], object]]) -> list[object]:
    """Each function in its own thread and database connection, released together by a barrier.
    Returns each function's result, or the exception it raised."""
    barrier = threading.Barrier(len(functions))
    outcomes: list[object] = [None] * len(functions)

    def worker(index, function):
        try:
            barrier.wait()
            outcomes[index] = function()
        except Exception as exc:  # the outcome is what the test inspects
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes
