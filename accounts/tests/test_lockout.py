"""Login protection: per account and address (5 failures), and per address across accounts
(30 failures), both within 15 minutes."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

OFFICE = "198.51.100.7"


WRONG = "not-the-password"


def _login(client: Client, email: str, password: str = WRONG):
    return client.post(reverse("login"), {"username": email, "password": password})


def _fail_across_accounts(client: Client, failures: int):
    """``failures`` wrong passwords from one address, spread over accounts so that no account
    reaches its own limit. Returns the answer to the last one (the one that may lock)."""
    per_account = settings.AXES_FAILURE_LIMIT - 1
    for n in range(failures - 1):
        response = _login(client, f"person{n // per_account}@example.org")
        assert response.status_code == 200, f"failure {n + 1} was locked out already"
    return _login(client, f"person{(failures - 1) // per_account}@example.org")


def test_the_defaults_are_five_per_account_and_thirty_per_address_in_fifteen_minutes():
    assert (settings.AXES_FAILURE_LIMIT, settings.AXES_IP_FAILURE_LIMIT) == (5, 30)
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME


def test_one_address_trying_many_accounts_is_stopped_at_thirty_failures_for_every_account():
    karin = UserFactory(email="karin@example.org")
    office = Client(REMOTE_ADDR=OFFICE)
    assert _fail_across_accounts(office, 30).status_code == 429  # the thirtieth failure locks
    response = _login(office, karin.email, PASSWORD)
    assert response.status_code == 429
    body = response.content.decode()
    assert "<h1>Too many attempts</h1>" in body
    assert "logging in from the same internet connection has been paused" in body
    assert "_auth_user_id" not in office.session


def test_an_office_with_fewer_failures_than_the_limit_can_still_log_in():
    karin = UserFactory(email="karin@example.org")
    office = Client(REMOTE_ADDR=OFFICE)
    assert _fail_across_accounts(office, 29).status_code == 200
    response = _login(office, karin.email, PASSWORD)
    assert response.status_code == 302
    assert office.session["_auth_user_id"] == str(karin.pk)


def test_a_locked_address_does_not_lock_the_same_accounts_elsewhere():
    karin = UserFactory(email="karin@example.org")
    _fail_across_accounts(Client(REMOTE_ADDR=OFFICE), 30)
    elsewhere = Client(REMOTE_ADDR="203.0.113.50")
    assert _login(elsewhere, karin.email, PASSWORD).status_code == 302


def test_the_address_may_try_again_after_the_cool_off():
    karin = UserFactory(email="karin@example.org")
    office = Client(REMOTE_ADDR=OFFICE)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _fail_across_accounts(office, 30)
        assert _login(office, karin.email, PASSWORD).status_code == 429
        traveller.shift(settings.AXES_COOLOFF_TIME + timedelta(seconds=1))
        assert _login(office, karin.email, PASSWORD).status_code == 302


def test_the_lock_per_account_and_address_still_comes_at_five():
    karin = UserFactory(email="karin@example.org")
    office = Client(REMOTE_ADDR=OFFICE)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(office, karin.email)
    assert _login(office, karin.email, PASSWORD).status_code == 429
    # Another account from the same office is not locked by Karin's five.
    anna = UserFactory(email="anna@example.org")
    assert _login(office, anna.email, PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("language", "words"),
    [("sv", "från samma internetanslutning"), ("nb", "fra samme internettforbindelse")],
)
def test_the_locked_out_page_is_translated(language, words):
    office = Client(REMOTE_ADDR=OFFICE)
    office.cookies["django_language"] = language
    body = _fail_across_accounts(office, 30).content.decode()
    assert words in body
