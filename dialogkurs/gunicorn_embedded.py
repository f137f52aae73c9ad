"""gunicorn settings of the embedded default (`make run`, Procfile.dev); production passes its
own (README "Production").

Django's development server queues 10 connections and refuses the rest: a work group opening
the sign-up link together got refused connections. gunicorn's listen queue holds 2048, and its
threads answer them in turn.

One process with threads, not several processes: the embedded default has no Redis, so the
cache that counts the posts to a public form (the rate limits) lives in the process's memory,
and SQLite takes one writer at a time anyway (IMMEDIATE transactions with a busy timeout,
settings.DATABASES, so writers queue instead of failing with "database is locked").
"""

import os

bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = 1
worker_class = "gthread"
threads = 8
backlog = 2048
timeout = 60
graceful_timeout = 5
accesslog = "-"
# gunicorn's control socket lives in the home folder by default: two `make run` on one machine
# (two checkouts, or the tests) would share it.
control_socket_disable = True
