from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture
def celery_eager():
    """Tasks enqueued by the code under test run at once, in this process (the real task code)."""
    from dialogkurs.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield app
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """One run of the outbox sweep (`manage.py send_due_reminders`), its sends included."""

    def run() -> str:
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_due_reminders", stdout=out)
        return out.getvalue()

    return run
