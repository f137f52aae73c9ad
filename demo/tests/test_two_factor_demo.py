"""`make run` prints a backup code for each demo account that needs two-factor login."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.password_only]

VERIFY = reverse("accounts:two_factor")


def test_the_demo_accounts_open_with_their_printed_backup_code():
    from demo.data import DEMO_ACCOUNTS, load_demo

    load_demo()
    for account in DEMO_ACCOUNTS:
        client = Client()
        client.post(reverse("login"), {"username": account.email, "password": account.password})
        if account.backup_code:
            assert client.get("/").headers["Location"].startswith(f"{VERIFY}?next=")
            assert client.post(VERIFY, {"token": account.backup_code})["Location"] == "/"
        assert client.get("/").status_code == 200
