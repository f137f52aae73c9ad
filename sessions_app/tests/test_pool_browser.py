"""The facilitator pool in Chromium, with axe-core on every page: a facilitator marks days
unavailable, the coordinator finds a date and a pair and invites them, both accept."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import PASSWORD, coordinator, facilitator_user
from dialogkurs.testing.browser import assert_accessible, log_in
from dialogkurs.workdays import working_day_on_or_after
from sessions_app.models import AssignmentStatus, Course, LivedExperience
from sessions_app.tests.factories import FacilitatorFactory, WorkplaceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()


def nav(page, name: str) -> None:
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


def message(page) -> str:
    return page.locator(".messages").inner_text().strip()


def accept_the_invitation(page, email: str) -> None:
    log_in(page, email, PASSWORD)
    nav(page, "My assignments")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"^Accept")).click()
    assert message(page).startswith("You have accepted the training at Psykiatrisk öppenvård Umeå")
    log_out(page)


def test_a_facilitator_marks_days_unavailable_and_the_coordinator_finds_a_date_and_a_pair(page, live_server):
    boss = coordinator(full_name="Karin Lindqvist")
    workplace = WorkplaceFactory(name="Psykiatrisk öppenvård Umeå", visiting_address="Köpmangatan 12, Umeå")
    anna = FacilitatorFactory(
        user=facilitator_user(full_name="Anna Ahl"), lived_experience=LivedExperience.OWN, home_area="Umeå"
    )
    berit = FacilitatorFactory(
        user=facilitator_user(full_name="Berit Bok"), lived_experience=LivedExperience.RELATIVE, home_area="Umeå"
    )
    away = working_day_on_or_after(timezone.localdate() + timedelta(days=21), "SE")

    # Anna: her profile, then the day she cannot work, on My calendar.
    log_in(page, anna.user.email, PASSWORD)
    nav(page, "My profile")
    assert_accessible(page)
    page.get_by_label("Presentation").fill("Egen erfarenhet av psykiatrisk vård.")
    page.get_by_role("button", name="Save my profile").click()
    assert message(page) == "Your profile has been saved."
    nav(page, "My calendar")
    assert_accessible(page)
    page.get_by_role("button", name="Mark as unavailable").click()  # nothing given: the error summary
    assert "Give a date, or a weekday that recurs." in page.locator("[data-error-summary]").inner_text()
    assert_accessible(page)
    page.get_by_label("From").fill(away.isoformat())
    page.get_by_label("Note (for you and the coordinators)").fill("Tandläkare")
    page.get_by_role("button", name="Mark as unavailable").click()
    assert message(page) == f"Marked as unavailable: {away:%Y-%m-%d}."
    assert "Tandläkare" in page.get_by_test_id("unavailable-list").inner_text()
    assert_accessible(page)
    nav(page, "My statement")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Statement for Anna Ahl")
    assert_accessible(page)
    log_out(page)

    # The coordinator: find a date when any two are free, book it, then find the pair.
    log_in(page, boss.email, PASSWORD)
    nav(page, "Facilitators")
    assert_accessible(page)
    page.get_by_role("link", name="Find a date").click()
    assert_accessible(page)
    page.get_by_label("Workplace").fill(workplace.name)
    page.get_by_label("Earliest date").fill(away.isoformat())
    page.get_by_label("Latest date").fill((away + timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Find dates").click()
    proposals = page.get_by_test_id("proposal")
    assert proposals.count() == 5
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"^Book these dates")).first.click()
    assert message(page) == "The dates are booked. Now find a pair to lead the training."
    course = Course.objects.get()
    first_day = timezone.localdate(course.half_days.get(number=1).starts_at)
    assert first_day > away  # Anna's day is left out
    assert_accessible(page)

    page.get_by_role("link", name="Find a pair of free facilitators").click()
    assert_accessible(page)
    rows = page.get_by_test_id("pair-row")
    assert rows.count() == 1
    assert "Complementary" in rows.first.inner_text()
    page.get_by_role("button", name="Invite the pair Anna Ahl and Berit Bok").click()
    assert message(page) == "Anna Ahl and Berit Bok have been invited to lead the training."
    assert_accessible(page)
    log_out(page)

    accept_the_invitation(page, anna.user.email)
    accept_the_invitation(page, berit.user.email)
    assert sorted(course.assignments.values_list("facilitator", "status")) == sorted(
        [(anna.pk, AssignmentStatus.ACCEPTED), (berit.pk, AssignmentStatus.ACCEPTED)]
    )

    # Back to the coordinator: the course is ready, the statements page opens.
    log_in(page, boss.email, PASSWORD)
    page.goto(live_server.url + course.get_absolute_url())
    assert "2 facilitators have accepted (2 of 2)" in page.inner_text("body")
    assert_accessible(page)
    nav(page, "Facilitators")
    page.get_by_role("link", name="Hours, travel and fees").click()
    assert_accessible(page)
    nav(page, "Facilitators")
    page.get_by_role("link", name="Anna Ahl", exact=True).click()
    assert "Tandläkare" in page.get_by_test_id("unavailable-list").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Monthly statement of hours, travel and fees").click()
    assert_accessible(page)
