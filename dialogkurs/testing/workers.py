"""pytest plugin (pytest.ini: ``-p dialogkurs.testing.workers``): the suite in several processes.

`make test` runs pytest-xdist with one process per core. pytest-django gives each process its own
test database (``test_dialogkurs_gw0``, ``_gw1`` …); this gives each its own Redis databases too,
since every test starts by emptying its cache (rate limits, lockouts) and Celery's queues must not
be shared. It runs when the plugin is imported — before pytest-django reads the settings — and
only in an xdist worker: a plain ``pytest`` run is left as it is.

The Redis URLs' database numbers are moved on by the worker's number times the span of the
numbers in use: with the cache on 1 and the broker on 2, worker gw0 keeps 1 and 2, gw1 takes 3
and 4, gw2 5 and 6.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

REDIS_SETTINGS = ("REDIS_URL", "CELERY_BROKER_URL")


def _database(url: str) -> int:
    return int(urlsplit(url).path.strip("/") or 0)


def move_redis_databases(environ: dict[str, str], worker: str) -> None:
    urls = {name: environ[name] for name in REDIS_SETTINGS if environ.get(name, "").startswith("redis")}
    if not urls:
        return
    numbers = [_database(url) for url in urls.values()]
    offset = int(worker.removeprefix("gw")) * (max(numbers) - min(numbers) + 1)
    for name, url in urls.items():
        parts = urlsplit(url)
        environ[name] = urlunsplit(parts._replace(path=f"/{_database(url) + offset}"))


#: The URLs as the process was given them, before the move (for the suite's own test of it).
GIVEN = {name: os.environ.get(name, "") for name in REDIS_SETTINGS}
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if WORKER:
    move_redis_databases(os.environ, WORKER)
