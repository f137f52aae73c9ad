"""The session warning in a real browser (WCAG 2.2.1): it comes before the session ends, lets
the user stay logged in, says when she has been logged out, and what she wrote is kept."""

from __future__ import annotations

from datetime import timedelta

import pytest

from accounts.tests.factories import PASSWORD, coordinator
from dialogkurs.testing.browser import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _seconds_left(page) -> int:
    return page.evaluate("fetch('/account/session/').then(response => response.json())")["seconds_left"]


def test_the_warning_comes_before_the_end_and_staying_logged_in_keeps_what_is_typed(page, settings):
    settings.SESSION_IDLE_TIMEOUT = timedelta(seconds=40)
    settings.SESSION_WARNING = timedelta(seconds=36)  # the warning comes about 4 seconds after a page loads
    user = coordinator(full_name="Karin Lindqvist")
    log_in(page, user.email, PASSWORD)
    page.goto("/account/profile/")
    page.get_by_label("Full name").fill("Karin Lind")

    warning = page.get_by_role("alertdialog", name="Do you want to stay logged in?")
    warning.wait_for()
    assert "you will be logged out at" in warning.inner_text()
    stay = warning.get_by_role("button", name="Stay logged in")
    assert stay.evaluate("button => button === document.activeElement")  # focus moved into it
    assert_accessible(page)

    page.keyboard.press("Enter")
    warning.wait_for(state="hidden")
    assert _seconds_left(page) > 36
    assert page.get_by_label("Full name").input_value() == "Karin Lind"  # nothing reloaded


def test_after_the_end_the_page_says_so_and_what_was_written_is_sent_after_logging_in(page, settings):
    settings.SESSION_IDLE_TIMEOUT = timedelta(seconds=10)
    settings.SESSION_WARNING = timedelta(seconds=5)
    user = coordinator(full_name="Karin Lindqvist")
    log_in(page, user.email, PASSWORD)
    page.goto("/account/profile/")
    page.get_by_label("Full name").fill("Karin Lind")  # before the warning, 5 seconds after the page loaded

    ended = page.get_by_role("alertdialog", name="You have been logged out")
    ended.wait_for(timeout=20_000)
    assert "Anything you have written on this page is kept" in ended.inner_text()
    assert_accessible(page)
    ended.get_by_role("button", name="Close this message").click()
    ended.wait_for(state="hidden")

    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/login/?next=/account/profile/")
    assert page.get_by_role("status").inner_text().endswith("What you sent is kept: log in again and it is sent.")
    settings.SESSION_IDLE_TIMEOUT = timedelta(hours=2)  # long enough for the rest of the test
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/account/profile/")

    user.refresh_from_db()
    assert user.full_name == "Karin Lind"
    assert "Your profile has been saved." in page.get_by_role("status").inner_text()
