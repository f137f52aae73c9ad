"""Journeys through the trainings pages in Chromium, with axe-core on every page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import PASSWORD, coordinator, facilitator_user
from dialogkurs.testing.browser import assert_accessible, log_in
from sessions_app import services
from sessions_app.models import AssignmentStatus, Course, CourseStatus
from sessions_app.tests.factories import FacilitatorFactory, scheduled_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DAY = timezone.localdate() + timedelta(days=30)


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()


def nav(page, name: str) -> None:
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


def message(page) -> str:
    return page.locator(".messages").inner_text().strip()


def test_a_coordinator_books_a_training_two_facilitators_accept_and_it_is_confirmed(page):
    boss = coordinator(full_name="Karin Lindqvist")
    jonas = FacilitatorFactory(user=facilitator_user(full_name="Jonas Berg"))
    ingrid = FacilitatorFactory(user=facilitator_user(full_name="Ingrid Solberg"))

    log_in(page, boss.email, PASSWORD)
    nav(page, "Workplaces")
    assert_accessible(page)
    page.get_by_role("link", name="Organisations").click()
    assert_accessible(page)
    page.get_by_role("link", name="Add an organisation").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add the organisation").click()  # empty: the error summary
    assert page.locator("[data-error-summary]").is_visible()
    assert_accessible(page)
    page.get_by_label("Name").fill("Region Västerbotten")
    page.get_by_label("Country").select_option("SE")
    page.get_by_role("button", name="Add the organisation").click()
    assert message(page) == "The organisation Region Västerbotten has been added."
    assert_accessible(page)

    page.get_by_role("link", name="Add a workplace").click()
    assert_accessible(page)
    page.get_by_label("Name of the workplace").fill("Psykiatrisk öppenvård Umeå")
    page.get_by_label("Visiting address").fill("Storgatan 1, Umeå")
    page.get_by_label("Manager's name").fill("Lena Ek")
    page.get_by_label("Manager's e-mail address").fill("lena.ek@example.org")
    page.get_by_role("button", name="Add the workplace").click()
    assert message(page) == "The workplace Psykiatrisk öppenvård Umeå has been added."
    assert_accessible(page)

    page.get_by_role("link", name="Book a training here").click()
    assert_accessible(page)
    page.get_by_label("Location").fill("Konferensrummet, plan 2")
    page.get_by_label("Half-day 1: date").fill(DAY.isoformat())
    page.get_by_label("Half-day 2: date").fill(DAY.isoformat())  # the same day: refused
    page.get_by_role("button", name="Book the training").click()
    summary = page.locator("[data-error-summary]")
    both = f"Half-day 1 and half-day 2 must be on different dates; both are on {DAY:%m/%d/%Y}."
    assert both in summary.inner_text()
    # A rule about both half-days stands above the schedule, not at one of its inputs.
    assert both in page.locator("form .alert:not([data-error-summary])").inner_text()
    assert page.locator("#error_1_id_date_2").count() == 0
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert_accessible(page)
    page.get_by_label("Half-day 2: date").fill((DAY + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Book the training").click()
    assert message(page) == "The training has been booked as a draft."
    assert_accessible(page)
    course = Course.objects.get()

    for name in ("Jonas Berg", "Ingrid Solberg"):
        page.get_by_role("combobox", name="Facilitator").select_option(label=name)
        page.get_by_role("button", name="Invite", exact=True).click()
        assert message(page) == f"{name} has been invited to lead the training."
        assert_accessible(page)
    page.get_by_role("button", name="Confirm the training").click()
    assert "A training needs 2 facilitators who have accepted; it has 0." in message(page)
    assert_accessible(page)
    log_out(page)

    for facilitator in (jonas, ingrid):
        log_in(page, facilitator.user.email, PASSWORD)
        nav(page, "My assignments")
        assert_accessible(page)
        page.get_by_role("button", name="Accept").click()
        assert message(page) == "You have accepted the training at Psykiatrisk öppenvård Umeå."
        assert_accessible(page)
        page.get_by_role("link", name="Psykiatrisk öppenvård Umeå").first.click()
        assert "You have accepted to lead this training." in page.content()
        assert_accessible(page)
        log_out(page)

    log_in(page, boss.email, PASSWORD)
    nav(page, "Trainings")
    assert_accessible(page)
    page.get_by_role("link", name="Psykiatrisk öppenvård Umeå").click()
    assert "Done: 2 facilitators have accepted (2 of 2)" in page.locator(".readiness").inner_text()
    page.get_by_role("button", name="Confirm the training").click()
    assert message(page) == "The training has been confirmed."
    assert page.get_by_test_id("course-status").inner_text() == "Confirmed"
    assert_accessible(page)
    course.refresh_from_db()
    assert course.status == CourseStatus.CONFIRMED
    assert set(course.assignments.values_list("status", flat=True)) == {AssignmentStatus.ACCEPTED}


def test_a_coordinator_cancels_a_training_after_a_second_step(page):
    course = scheduled_course(DAY)
    log_in(page, course.coordinator.email, PASSWORD)
    page.goto(course.get_absolute_url())
    page.get_by_role("link", name="Cancel the training…").click()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, cancel the training").click()
    assert page.locator("[data-error-summary]").is_visible()
    page.get_by_label("Reason for cancelling").fill("The unit is moving.")
    page.get_by_role("button", name="Yes, cancel the training").click()
    assert message(page) == "The training has been cancelled."
    assert page.get_by_test_id("course-status").inner_text() == "Cancelled"
    assert_accessible(page)


def test_the_facilitators_pages_work_on_a_phone(phone_page):
    page = phone_page
    facilitator = FacilitatorFactory(user=facilitator_user(full_name="Jonas Berg"))
    course = scheduled_course(DAY)
    services.facilitator_assign(course, facilitator)
    accepted = scheduled_course(DAY + timedelta(days=20))
    services.assignment_accept(services.facilitator_assign(accepted, facilitator))

    def fits() -> bool:
        return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    log_in(page, facilitator.user.email, PASSWORD)
    for path in ("/trainings/my/assignments/", course.get_absolute_url(), accepted.get_absolute_url()):
        page.goto(path)
        assert fits(), path
        assert_accessible(page)
    page.goto("/trainings/my/assignments/")
    page.get_by_role("button", name="Accept").click()
    assert message(page) == f"You have accepted the training at {course.workplace.name}."
    assert fits()

    page.get_by_role("button", name="Show or hide the menu").click()
    nav(page, "My calendar")
    feed = page.get_by_label("Your private calendar address").input_value()
    assert feed.endswith(f"/trainings/calendar/{facilitator.ical_token}.ics")
    assert fits()
    assert_accessible(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Renew the calendar address").click()
    page.wait_for_load_state()
    facilitator.refresh_from_db()
    assert page.get_by_label("Your private calendar address").input_value().endswith(f"{facilitator.ical_token}.ics")
    assert page.get_by_label("Your private calendar address").input_value() != feed
    assert_accessible(page)
