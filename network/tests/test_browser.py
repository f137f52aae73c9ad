"""A clinician's journey on a phone, every page checked with axe-core: a new case, a network of
five on the map, the first meeting booked within 24 hours, then recorded with next steps."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.tests.factories import PASSWORD, clinician
from dialogkurs.testing.browser import assert_accessible, log_in
from network.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NETWORK = [
    ("Bo Lindgren", "sibling", "1", "yes", "bo@example.org"),
    ("Anna Lindgren", "parent", "1", "yes", "anna@example.org"),
    ("Sofia Lind", "friend", "2", "yes", "sofia@example.org"),
    ("Per Olofsson", "neighbour", "3", "not_asked", ""),
    ("Lars Berg", "professional", "3", "no", "lars@example.org"),
]


def _add_member(page, name, relation, closeness, agreement, email, *, another: bool) -> None:
    page.locator("#id_name").fill(name)
    page.get_by_label("Relation to the index person").select_option(relation)
    if email:
        page.get_by_label("E-mail address (needed for invitations)").fill(email)
    page.locator(f"input[name=closeness][value='{closeness}']").check()
    page.locator(f"input[name=invite_agreement][value='{agreement}']").check()
    page.get_by_role("button", name="Save and add another" if another else "Save", exact=True).click()


def test_a_clinician_maps_a_network_and_holds_the_first_meeting_within_24_hours(phone_page, celery_eager):
    page = phone_page
    me = clinician(full_name="Maria Holm", language="en")
    clinician(full_name="Jonas Lund")
    log_in(page, me.email, PASSWORD)
    assert "Your account has no role yet" not in page.content()
    assert_accessible(page)

    page.goto("/network/")
    assert page.locator("h1").inner_text() == "My cases"
    assert_accessible(page)
    page.get_by_role("link", name="New case").click()
    assert_accessible(page)
    page.get_by_role("button", name="Create the case").click()  # nothing filled in: the summary
    assert page.locator("[data-error-summary]").is_visible()
    assert_accessible(page)
    page.locator("#id_name").fill("Alva Lindgren")
    page.get_by_label("E-mail address (optional)").fill("alva@example.org")
    page.get_by_label("Jonas Lund").check()
    page.get_by_role("button", name="Create the case").click()
    case = Case.objects.get()
    assert page.locator("h1").inner_text().startswith("Alva Lindgren")
    assert "First meeting due by" in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Add to the network").click()
    assert_accessible(page)
    for i, person in enumerate(NETWORK):
        _add_member(page, *person, another=i < len(NETWORK) - 1)
    assert case.members.count() == 5
    assert_accessible(page)
    page.get_by_role("link", name="Network map of Alva Lindgren").click()
    page.locator("svg[role=img]").wait_for()  # count() does not wait for the new page
    assert page.locator("svg[role=img] g[data-member]").count() == 5
    assert page.locator("li[data-member]").count() == 5
    assert_accessible(page)

    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="Book a meeting").click()
    page.wait_for_url("**/meetings/new/")  # count() does not wait for the new page
    assert page.get_by_label("Per Olofsson (Neighbour)").count() == 0  # not asked: not offered
    assert_accessible(page)
    start = (
        (timezone.now() + timedelta(hours=3)).astimezone(ZoneInfo("Europe/Stockholm")).replace(second=0, microsecond=0)
    )
    page.get_by_label("Date and time").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Bo Lindgren (Sibling)").check()
    page.get_by_label("Sofia Lind (Friend)").check()
    page.get_by_role("button", name="Book the meeting").click()
    assert "The meeting is booked." in page.content()
    invited = sorted(e.to[0] for e in mail.outbox)
    assert "bo@example.org" in invited and "sofia@example.org" in invited
    assert "anna@example.org" not in invited and "lars@example.org" not in invited
    assert_accessible(page)

    case_url = page.url
    with time_machine.travel(start + timedelta(minutes=95), tick=True):
        # Hours have passed since the last request: the session has ended (accounts/sessions.py).
        log_in(page, me.email, PASSWORD)
        page.goto(case_url)
        page.get_by_role("link", name="Record the meeting of").first.click()
        assert_accessible(page)
        page.get_by_label("Sofia Lind (Friend)").uncheck()
        page.get_by_label("Next step 1", exact=True).fill("Alva calls the housing office on Monday")
        page.get_by_label("Who is responsible for step 1").fill("Alva")
        page.get_by_label("Book the next meeting now").check()
        page.get_by_label("Next meeting: date and time").fill((start + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"))
        page.get_by_role("button", name="Save the meeting").click()
        assert "The meeting is recorded." in page.content()
        assert "Alva calls the housing office on Monday" in page.content()
        assert "No meeting held within" not in page.content()
        assert_accessible(page)
    case.refresh_from_db()
    assert case.first_meeting_at == start
    assert case.meetings.filter(status="booked").count() == 1
