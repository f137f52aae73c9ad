"""A coordinator's journey through the outbox in Chromium, each page checked with axe-core."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from accounts.tests.factories import PASSWORD, UserFactory, coordinator
from dialogkurs.testing.browser import assert_accessible, log_in
from reminders.models import ScheduledMessage
from reminders.planning import Planned, message_enqueue
from reminders.tests.kinds import NOTICE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_finds_a_failed_message_resends_it_and_previews_it(page, test_kinds):
    later = datetime.now(UTC) + timedelta(days=3)
    for n in range(3):
        user = UserFactory(full_name=f"Planned Person {n}")
        message_enqueue(user, Planned(kind=NOTICE, recipient=user.email, due_at=later))
    failing = UserFactory(full_name="Failing Person")
    failed = message_enqueue(failing, Planned(kind=NOTICE, recipient=failing.email, due_at=later))
    ScheduledMessage.objects.filter(pk=failed.pk).update(
        status=ScheduledMessage.Status.FAILED, attempts=5, last_error="SMTPServerDisconnected: gone"
    )
    user = coordinator()
    log_in(page, user.email, PASSWORD)

    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Outbox").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Outbox"
    assert_accessible(page)
    page.get_by_label("Status").select_option("failed")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("tbody tr")
    assert rows.count() == 1
    assert "SMTPServerDisconnected: gone" in rows.inner_text()
    assert_accessible(page)

    rows.get_by_role("link").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Message {failed.pk}"
    assert_accessible(page)
    page.get_by_role("button", name="Send again").click()
    assert page.get_by_role("status").inner_text().strip() == "The message will be sent again within a minute."
    failed.refresh_from_db()
    assert failed.status in (ScheduledMessage.Status.PLANNED, ScheduledMessage.Status.SENT)

    page.get_by_role("link", name="Preview this message").click()
    assert page.get_by_role("heading", name="The e-mail").is_visible()
    assert "[test] Notice for Failing Person" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_label("Language of the e-mail").select_option("sv")
    page.get_by_role("button", name="Preview", exact=True).click()
    assert "Hej," in page.locator("pre").inner_text()
    assert_accessible(page)


def test_a_bad_filter_shows_the_error_summary_accessibly(page, test_kinds):
    user = coordinator()
    log_in(page, user.email, PASSWORD)
    page.goto("/reminders/?object_id=12")
    assert page.get_by_role("alert").is_visible()
    assert "Choose what the number refers to." in page.get_by_role("alert").inner_text()
    assert_accessible(page)
