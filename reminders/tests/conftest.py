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
