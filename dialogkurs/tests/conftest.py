from __future__ import annotations

import pytest


@pytest.fixture
def demo_accounts():
    """The demo data of `make run`: trainings in every state, an idea workshop with follow-ups,
    evaluations, enquiries and the outbox, so every kind of page has something to show."""
    from demo.data import DEMO_ACCOUNTS, load_demo

    load_demo()
    return {account.roles[0] if account.roles else None: account for account in DEMO_ACCOUNTS}
