"""gunicorn for production: `gunicorn -c gunicorn.conf.py dialogkurs.wsgi` (the README's
"Deployment"). Every value can be set from the environment; the defaults suit a small
machine behind a proxy.

Threads, not only processes: a request often waits on PostgreSQL (a lock on a course while 200
people sign up at once, a slow report), and a waiting thread costs memory, not a CPU. Each
thread holds its own persistent database connection (CONN_MAX_AGE), so PostgreSQL sees up to
workers × threads connections per instance.
"""

from __future__ import annotations

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number; got {value!r}") from None


bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"
worker_class = "gthread"
# One process per core and one more, two threads each; WEB_CONCURRENCY is the name most platforms
# set. Fewer threads than one might think: every thread of a process shares one interpreter lock,
# and while 200 people sign up at once the request holding a course's lock competes for it with
# its process's other threads. Measured with bench/bench_signups.py on 2 cores (p95 of 200
# simultaneous sign-ups): 4 processes × 4 threads 2.7-3.3 s (six runs), 3 × 2 1.7-2.8 s (ten runs,
# median 2.4 s), 4 × 2 2.2-2.5 s, 5 × 1 2.2-2.7 s, 2 × 8 3.5 s.
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1)
threads = _int("GUNICORN_THREADS", 2)
# Longer than any page or export should take, shorter than a proxy's patience; a stuck worker is
# replaced instead of holding its threads for ever.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)  # behind a proxy that reuses connections
# Recycle workers now and then, so a slow leak never becomes an outage; the jitter keeps them
# from restarting together.
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 500)
backlog = _int("GUNICORN_BACKLOG", 2048)
# Load Django once in the master and fork: less memory, and a broken setting fails at start-up
# rather than in every worker. No connection is opened before the fork (Django connects lazily).
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
# Before the fork, the master builds what each worker would build on its first requests (URL
# patterns, compiled templates, catalogues) and freezes the whole heap out of the garbage
# collector's reach: the workers share it, and a worker's full collection walks only its own
# objects, a few ms instead of ~80 ms on whatever page it lands (dialogkurs/serving.py, issue 13).
warm_up = preload_app and os.environ.get("GUNICORN_WARM_UP", "1") != "0"


def when_ready(server):
    if warm_up:
        from dialogkurs.serving import warm_up as build

        server.log.info("Warmed up: %d templates compiled before forking", build())


def pre_fork(server, worker):
    if warm_up:
        from dialogkurs.serving import freeze_heap

        freeze_heap()


# Heartbeat files in memory: a slow disk must not make healthy workers look dead.
SHARED_MEMORY = "/dev/shm"  # noqa: S108 (gunicorn's own heartbeat files, not data)
worker_tmp_dir = SHARED_MEMORY if os.path.isdir(SHARED_MEMORY) else None
# The proxy's addresses whose X-Forwarded-* headers are trusted (comma-separated).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
