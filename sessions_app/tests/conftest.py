from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture
def run_sweep(django_capture_on_commit_callbacks):
    """One sweep of the outbox (`manage.py send_due_reminders`), its sends run in this test's
    transaction: what is due lands in ``mail.outbox``."""

    def run() -> None:
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_due_reminders", stdout=StringIO())

    return run


@pytest.fixture
def fast_passwords(settings):
    """Users made by the factories get a cheap password hash: the default hasher costs over a
    second per user on a busy machine, and these tests make dozens of users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
