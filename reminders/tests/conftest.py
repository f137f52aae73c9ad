from __future__ import annotations

import pytest

from reminders.tests import kinds


@pytest.fixture
def test_kinds(settings):
    """The test kinds and User planner of reminders/tests/kinds.py, for this test only."""
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], kinds.TEMPLATE_DIR]}]
    kinds.register()
    yield kinds
    kinds.unregister()


@pytest.fixture
def celery_eager():
    """Tasks enqueued by the code under test run at once, in this process (the real task code)."""
    from dialogkurs.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield app
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved
