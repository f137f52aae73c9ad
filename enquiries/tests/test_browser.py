"""Browser journeys: from the public form to a held meeting, every page checked with axe-core."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.tests.factories import PASSWORD, coordinator, facilitator_user
from dialogkurs.testing.browser import assert_accessible, log_in
from enquiries import sla
from enquiries.models import Enquiry, Status
from enquiries.tests.factories import EnquiryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_enquiry(page, name: str = "Eva Holm") -> None:
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Your e-mail address").fill("eva.holm@example.org")
    page.get_by_label("Phone number (optional)").fill("+46 70 765 43 21")
    page.get_by_label("Organisation or workplace").fill("Region Uppsala, psykiatrimottagningen")
    page.get_by_label("Country of your organisation").select_option("SE")
    page.get_by_label("What is your enquiry about?").select_option("training")
    page.get_by_label("Your message").fill("Vi vill boka en dialogutbildning för vår arbetsgrupp.")
    page.get_by_label("When would suit you for a meeting? (optional)").fill("Tisdagar förmiddag")
    page.get_by_label("Language for our answer").select_option("sv")
    page.get_by_label("I agree that my details are stored").check()


def test_from_the_public_form_to_a_held_meeting(page, celery_eager):
    staff = coordinator(full_name="Karin Lindqvist", language="en")
    facilitator_user(full_name="Jonas Berg")

    # The sender: home page → contact form (a failed try first) → confirmation.
    page.goto("/")
    page.get_by_role("link", name="Contact us").first.click()
    assert page.locator("h1").inner_text() == "Contact us"
    assert_accessible(page)
    page.get_by_role("button", name="Send enquiry").click()
    assert page.locator("[data-error-summary]").is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert_accessible(page)
    _fill_enquiry(page)
    page.get_by_role("button", name="Send enquiry").click()
    assert page.locator("h1").inner_text() == "Thank you for your enquiry"
    assert "We meet all enquiries face to face" in page.content()
    assert_accessible(page)
    enquiry = Enquiry.objects.get()
    assert [m.to for m in mail.outbox] == [["Eva Holm <eva.holm@example.org>"]]

    # The coordinator: inbox → enquiry → assign → contacted → book.
    log_in(page, staff.email, PASSWORD)
    page.get_by_role("link", name="Enquiries").first.click()
    assert page.locator("h1").inner_text() == "Enquiries"
    assert_accessible(page)
    page.get_by_role("link", name=f"Enquiry {enquiry.pk}").click()
    assert page.locator("h1").inner_text() == f"Enquiry {enquiry.pk}"
    assert_accessible(page)
    page.get_by_role("button", name="Assign to me").click()
    page.get_by_role("button", name="Mark as contacted").click()
    assert "Contacted" in page.locator(".lead").inner_text()
    page.get_by_label("Internal note").fill("Ringde Eva, bokar möte.")
    page.get_by_role("button", name="Add note").click()
    assert "Ringde Eva, bokar möte." in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Book the meeting").click()
    assert_accessible(page)
    start = (timezone.now() + timedelta(hours=1)).astimezone(sla.time_zone_for("SE")).replace(second=0, microsecond=0)
    page.get_by_label("Date and time").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Place").fill("Psykiatrimottagningen, Storgatan 1")
    assert page.get_by_label("Karin Lindqvist").is_checked()
    page.get_by_label("Jonas Berg").check()
    page.get_by_role("button", name="Book the meeting").click()
    assert "Meeting booked" in page.locator(".lead").inner_text()
    assert len(mail.outbox) == 4  # confirmation + invitations to the sender, Karin and Jonas

    # After the meeting: record it as held, then close.
    with time_machine.travel(start + timedelta(minutes=70), tick=True):
        # Over two hours without activity: the session has ended, she logs in again.
        log_in(page, staff.email, PASSWORD)
        page.goto(f"/enquiries/{enquiry.pk}/")
        page.get_by_role("link", name="Record the meeting as held").click()
        assert_accessible(page)
        page.get_by_label("Outcome").fill("De vill boka en dialogutbildning i höst.")
        page.get_by_role("button", name="The meeting took place").click()
        assert "Met" in page.locator(".lead").inner_text()
        page.get_by_role("link", name="Create a draft course").click()
        assert_accessible(page)
        assert (
            page.get_by_label("Name of the new organisation").input_value() == "Region Uppsala, psykiatrimottagningen"
        )
        page.get_by_label("Name of the new workplace").fill("Psykiatrimottagningen")
        page.get_by_label("Manager's e-mail address").fill("chef@example.org")
        page.get_by_role("button", name="Create the draft course").click()
        assert "A course for Psykiatrimottagningen" in page.content()
        page.get_by_role("link", name="Close the enquiry").click()
        assert_accessible(page)
        page.get_by_role("button", name="Close the enquiry").click()
        assert "Closed" in page.locator(".lead").inner_text()
        assert_accessible(page)
    enquiry.refresh_from_db()
    assert enquiry.status == Status.CLOSED
    assert enquiry.meeting.outcome == "De vill boka en dialogutbildning i höst."
    assert list(enquiry.course.enquiries.all()) == [enquiry]


@pytest.mark.parametrize(("language", "heading"), [("sv", "Kontakta oss"), ("nb", "Kontakt oss")])
def test_the_public_pages_pass_axe_in_swedish_and_norwegian(page, live_server, language, heading):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto("/contact/")
    assert page.locator("h1").inner_text() == heading
    assert_accessible(page)
    page.locator("button[type=submit].btn-primary").click()
    assert page.locator("[data-error-summary]").is_visible()
    assert_accessible(page)


def test_the_rate_limit_page_passes_axe(page, settings):
    settings.ENQUIRY_RATE_LIMIT = "1/h"
    for name in ("Eva Holm", "Eva Holm igen"):
        page.goto("/contact/")
        _fill_enquiry(page, name)
        page.get_by_role("button", name="Send enquiry").click()
    assert page.locator("h1").inner_text() == "Too many enquiries"
    # What was typed is still there, to send again later.
    assert page.get_by_label("Your name").input_value() == "Eva Holm igen"
    assert page.get_by_label("Your message").input_value() == "Vi vill boka en dialogutbildning för vår arbetsgrupp."
    assert page.get_by_label("What is your enquiry about?").input_value() == "training"
    assert_accessible(page)


def test_the_inbox_with_filters_and_an_overdue_enquiry_passes_axe(page):
    staff = coordinator()
    with time_machine.travel(timezone.now() - timedelta(days=8)):
        EnquiryFactory(name="Gammal förfrågan")
    log_in(page, staff.email, PASSWORD)
    page.goto("/enquiries/?overdue=on")
    assert "Overdue" in page.locator("table").inner_text()
    assert_accessible(page)
