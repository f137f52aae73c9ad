"""Browser journeys of the idea workshop and its follow-ups, each page checked with axe-core.

The live server and the browser share the real clock here (a travelled server would hand the
browser session cookies that expired long ago), so the trainings are placed around today.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import PASSWORD
from dialogkurs.testing.browser import assert_accessible, log_in
from reminders.models import ScheduledMessage
from sessions_app.models import AssignmentStatus
from sessions_app.tests.factories import confirmed_course
from workshops import services as services_workshop
from workshops.models import OutcomeStatus, WorkshopOutcome
from workshops.services import ProposalProgress
from workshops.tests.factories import proposal_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def yesterdays_training():
    """A confirmed training whose half-day 2 (with the idea workshop) was yesterday."""
    return confirmed_course(timezone.localdate() - timedelta(days=8))


def facilitator_of(course):
    return course.assignments.filter(status=AssignmentStatus.ACCEPTED).first().facilitator.user


def test_a_facilitator_records_the_outcome_on_a_phone(phone_page):
    page = phone_page
    course = yesterdays_training()
    log_in(page, facilitator_of(course).email, PASSWORD)

    page.get_by_role("button", name="Show or hide the menu").click()
    page.get_by_role("navigation").get_by_role("link", name="Idea workshops").click()
    assert_accessible(page)
    page.get_by_role("link", name=course.workplace.name).click()
    assert page.locator("h1").inner_text() == f"Idea workshop at {course.workplace.name}"
    # Nothing to submit yet: the page says what is missing instead of offering the button.
    assert page.get_by_text("Add at least one improvement proposal before submitting.").is_visible()
    assert page.get_by_role("button", name="Submit the outcome").count() == 0
    assert_accessible(page)

    page.get_by_role("link", name="Add a proposal").click()
    needed = "Needed before the outcome is submitted; it can wait until then."
    assert page.get_by_text(needed).count() == 5
    assert page.get_by_label("Due date").get_attribute("aria-describedby") == "id_due_date_helptext"
    page.get_by_label("Proposal").fill("Relatives are invited to the care planning meeting")
    page.get_by_role("radio", name="Participation").check()
    page.get_by_role("checkbox", name="Working relationship").check()
    page.get_by_role("checkbox", name="Citizenship").check()
    page.get_by_role("checkbox", name="Relative").check()
    page.get_by_role("checkbox", name="Own experience").check()
    page.get_by_label("Owner's name").fill("Lena Strand")
    page.get_by_label("Owner's e-mail address").fill("lena.strand@")
    page.get_by_label("Due date").fill((timezone.localdate() + timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Save the proposal").click()
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert "Owner's e-mail address: Enter a valid email address." in summary.inner_text()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert_accessible(page)
    page.get_by_label("Owner's e-mail address").fill("lena.strand@example.org")
    page.get_by_role("button", name="Save the proposal").click()

    assert page.get_by_text("The proposal is saved.").is_visible()
    assert page.get_by_text("Relatives are invited to the care planning meeting").is_visible()
    page.get_by_label("Notes from the workshop").fill("We talked about how relatives are met.")
    page.get_by_role("button", name="Save the notes").click()
    assert page.get_by_text("The notes are saved.").is_visible()
    assert_accessible(page)

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Submit the outcome").click()
    assert page.get_by_text("The outcome is submitted. The follow-up meetings are booked.").is_visible()
    assert page.get_by_role("link", name=re.compile(r"^Follow-up 1, ")).is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Printable summary").click()
    assert page.get_by_role("button", name="Print").is_visible()
    assert_accessible(page)

    outcome = WorkshopOutcome.objects.get(course=course)
    assert (outcome.status, outcome.notes) == (OutcomeStatus.SUBMITTED, "We talked about how relatives are met.")
    assert list(outcome.proposals.values_list("raised_by", flat=True)) == [["lived_experience", "relative"]]
    assert ScheduledMessage.objects.filter(kind=services_workshop.SUMMARY_KIND).count() == 1


def test_a_coordinator_follows_up_a_workplace(page):
    course = yesterdays_training()
    services_workshop.proposal_save(course, by=None, **proposal_data(due_date=timezone.localdate() + timedelta(30)))
    services_workshop.proposal_save(
        course,
        by=None,
        **proposal_data(
            text="Hold the group at the library", area="other", due_date=timezone.localdate() + timedelta(9)
        ),
    )
    services_workshop.outcome_submit(course, by=None)
    log_in(page, course.coordinator.email, PASSWORD)

    page.get_by_role("navigation").get_by_role("link", name="Follow-ups").click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(course.followups.get(number=1).starts_at.strftime("%Y"))).first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Rebook").click()
    assert_accessible(page)
    page.get_by_label("Place").fill("")
    page.get_by_role("button", name="Rebook").click()
    assert page.locator("[data-error-summary]").is_visible()
    assert_accessible(page)
    page.get_by_label("Place").fill("Personalrummet")
    page.get_by_role("button", name="Rebook").click()
    assert page.get_by_text("The follow-up meeting is rebooked; its reminders have moved with it.").is_visible()

    # Held early, this morning: its booked time is months away and is refused.
    page.get_by_role("button", name="Record the meeting").click()
    assert "The meeting has not been held yet" in page.locator("[data-error-summary]").inner_text()
    held = timezone.localtime() - timedelta(hours=1)
    page.get_by_label("When it was held").fill(held.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Status").first.select_option("in_progress")
    page.get_by_label("Note").first.fill("Started last week.")
    page.get_by_role("button", name="Record the meeting").click()
    assert page.get_by_text("The follow-up meeting is recorded.").is_visible()
    assert page.get_by_role("cell", name="Started last week.").is_visible()
    assert_accessible(page)

    page.goto(f"/trainings/workplaces/{course.workplace_id}/proposals/")
    assert page.get_by_role("cell", name="In progress Started last week.").is_visible()
    assert_accessible(page)

    draft = yesterdays_training()
    proposal = services_workshop.proposal_save(draft, by=None, **proposal_data(due_date=None, owner_name=""))
    page.goto(f"/trainings/{draft.pk}/workshop/")
    still_needed = "Still needed before the outcome can be submitted: owner's name, due date"
    assert page.get_by_text(still_needed).is_visible()
    assert page.get_by_role("button", name="Submit the outcome").count() == 0
    assert_accessible(page)
    page.goto(f"/trainings/{draft.pk}/workshop/proposals/{proposal.pk}/delete/")
    assert_accessible(page)
    page.get_by_role("button", name="Remove").click()
    assert page.get_by_text("The proposal is removed.").is_visible()
    # No proposal left: what is missing is named, and no submit button (nor its confirm) is offered.
    assert page.get_by_text("Add at least one improvement proposal before submitting.").is_visible()
    assert page.get_by_role("button", name="Submit the outcome").count() == 0
    assert_accessible(page)


def test_a_held_follow_up_and_a_submitted_outcome_pass_axe_in_every_language(page, live_server):
    course = yesterdays_training()
    services_workshop.proposal_save(course, by=None, **proposal_data(due_date=timezone.localdate() + timedelta(30)))
    outcome = services_workshop.outcome_submit(course, by=None)
    meeting = course.followups.get(number=1)
    services_workshop.followup_record(
        meeting,
        by=None,
        progress={outcome.proposals.get().pk: ProposalProgress("done", "Klart.")},
        notes="Bra möte.",
        held_at=timezone.now() - timedelta(hours=1),  # held early
    )
    log_in(page, facilitator_of(course).email, PASSWORD)
    for language in ("en", "sv", "nb"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        page.goto(meeting.get_absolute_url())
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)
        page.goto(f"/trainings/{course.pk}/workshop/")
        assert_accessible(page)
