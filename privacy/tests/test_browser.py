"""The administrator's privacy journey in Chromium, axe-core on each page: look a person up,
download the JSON, erase after the preview, find the erasure in the audit log, read the record
of processing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accounts.tests.factories import PASSWORD, administrator
from dialogkurs.testing.browser import assert_accessible, log_in
from participants.models import Participant
from participants.tests.factories import ParticipantFactory, register
from sessions_app.tests.factories import WorkplaceFactory, confirmed_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "kim.deltagare@example.org"


def test_an_administrator_looks_up_downloads_and_erases_a_persons_data(page):
    register(confirmed_course(), ParticipantFactory(name="Kim Deltagare", email=EMAIL))
    WorkplaceFactory(manager_name="Kim Deltagare", manager_email=EMAIL)
    admin = administrator()
    log_in(page, admin.email, PASSWORD)

    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Personal data").click()
    assert_accessible(page)
    page.get_by_label("The person's e-mail address").fill("  Kim.Deltagare@example.org ")
    page.get_by_role("button", name="Look up").click()
    assert page.get_by_role("heading", name=f"Held about {EMAIL}").is_visible()
    assert page.get_by_role("heading", name="Participant", exact=True).is_visible()
    assert page.get_by_role("heading", name="Workplace manager", exact=True).is_visible()
    assert "held (health-related" in page.content()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("button", name="Download everything as JSON").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["sections"]["participant"][0]["name"] == "Kim Deltagare"

    page.get_by_role("button", name=f"Erase the data of {EMAIL}").click()
    assert page.locator("[data-error-summary]").is_visible()  # the confirmation is required
    assert_accessible(page)
    page.get_by_label("I have checked the preview").check()
    page.get_by_role("button", name=f"Erase the data of {EMAIL}").click()
    assert page.get_by_text("The person's data was erased").is_visible()
    assert Participant.objects.get().name == ""

    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Audit log").click()
    assert page.get_by_text("erased at the person's request").first.is_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Record of processing").click()
    assert page.get_by_role("heading", name="Participants", exact=True).is_visible()
    assert_accessible(page)
