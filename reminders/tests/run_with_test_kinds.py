"""Run something in a process of its own with the test kinds registered (reliability tests and
the benchmark start Celery workers and commands this way):

    python reminders/tests/run_with_test_kinds.py worker -n w1@%h ...   # a Celery worker (solo pool)
    python reminders/tests/run_with_test_kinds.py exec "python code"
    python reminders/tests/run_with_test_kinds.py <management command> [args]

REMINDERS_TEST_EMAIL_BACKEND=<dotted path> replaces the e-mail backend (e.g. the slow one).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogkurs.settings")


def main(argv: list[str]) -> None:
    import django
    from django.conf import settings

    if os.environ.get("REMINDERS_TEST_EMAIL_BACKEND"):
        settings.EMAIL_BACKEND = os.environ["REMINDERS_TEST_EMAIL_BACKEND"]
    django.setup()
    from reminders.tests import kinds

    kinds.add_template_dir()
    kinds.register()
    command, *args = argv
    if command == "worker":
        import reminders.tests.celery_tasks  # noqa: F401  (the benchmark's no-op task)
        from dialogkurs.celery import app

        app.worker_main(["worker", "--pool=solo", "--without-gossip", "--without-mingle", "--without-heartbeat", *args])
    elif command == "exec":
        exec(args[0], {})  # noqa: S102  (test-only helper)
    else:
        from django.core.management import call_command

        call_command(command, *args)


if __name__ == "__main__":
    main(sys.argv[1:])
