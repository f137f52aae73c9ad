"""The whole dialogue-training journey of issue 3 in one run, in Chromium, axe-core on every page:
a coordinator creates a workplace and a training, invites two facilitators, they accept, twenty
people register through the sign-up link and the twenty-first is waitlisted, a cancellation
promotes her, the training is confirmed and attendance is taken."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.tests.factories import PASSWORD, coordinator, facilitator_user
from dialogkurs.testing.browser import assert_accessible, log_in
from dialogkurs.testing.mail import addresses
from participants.models import Attendance, Registration, RegistrationStatus
from participants.tests.test_browser import _sign_up
from sessions_app.models import Course, CourseStatus, HalfDay, Organisation
from sessions_app.tests.factories import FacilitatorFactory
from sessions_app.tests.test_views_browser import log_out, message, nav

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DAY = timezone.localdate() + timedelta(days=30)


def test_the_whole_training_journey(page, live_server, settings, sweep):
    settings.SITE_URL = live_server.url
    boss = coordinator(full_name="Karin Lindqvist")
    facilitators = [
        FacilitatorFactory(user=facilitator_user(full_name="Jonas Berg")),
        FacilitatorFactory(user=facilitator_user(full_name="Ingrid Solberg")),
    ]
    Organisation.objects.create(name="Region Västerbotten", country="SE")

    # The coordinator creates the workplace and books the training.
    log_in(page, boss.email, PASSWORD)
    nav(page, "Workplaces")
    page.get_by_role("link", name="Add a workplace").click()
    assert_accessible(page)
    page.get_by_label("Organisation").select_option(label="Region Västerbotten")
    page.get_by_label("Name of the workplace").fill("Psykiatrisk öppenvård Umeå")
    page.get_by_label("Manager's e-mail address").fill("lena.ek@example.org")
    page.get_by_role("button", name="Add the workplace").click()
    assert message(page) == "The workplace Psykiatrisk öppenvård Umeå has been added."
    page.get_by_role("link", name="Book a training here").click()
    page.get_by_label("Location").fill("Konferensrummet, plan 2")
    page.get_by_label("Half-day 1: date").fill(DAY.isoformat())
    page.get_by_label("Half-day 2: date").fill((DAY + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Book the training").click()
    assert message(page) == "The training has been booked as a draft."
    assert_accessible(page)
    course = Course.objects.get()

    # Two facilitators are invited, and accept.
    for facilitator in facilitators:
        page.get_by_role("combobox", name="Facilitator").select_option(label=facilitator.user.full_name)
        page.get_by_role("button", name="Invite", exact=True).click()
    page.get_by_role("button", name=re.compile("Open the sign-up link")).click()
    signup_url = page.locator("#signup-url").input_value()
    assert_accessible(page)
    log_out(page)
    for facilitator in facilitators:
        log_in(page, facilitator.user.email, PASSWORD)
        nav(page, "My assignments")
        page.get_by_role("button", name="Accept").click()
        assert message(page) == "You have accepted the training at Psykiatrisk öppenvård Umeå."
        assert_accessible(page)
        log_out(page)

    # Twenty people register through the sign-up link; the twenty-first is waitlisted.
    for number in range(1, 21):
        _sign_up(page, signup_url, f"Deltagare {number}", f"deltagare{number}@example.org")
        assert page.get_by_role("heading", level=1).inner_text() == "You have a place"
    first_cancel_link = Registration.objects.get(participant__email="deltagare1@example.org").get_cancel_url()
    _sign_up(page, signup_url, "Wilma Lind", "wilma@example.org")
    assert page.get_by_text("You are number 1 on the waitlist.").is_visible()
    assert_accessible(page)

    # A cancellation through the personal link promotes her, and she is told.
    sweep()
    mail.outbox.clear()
    page.goto(first_cancel_link)
    page.get_by_role("button", name="Yes, cancel my registration").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your registration is cancelled"
    assert_accessible(page)
    assert Registration.objects.get(participant__email="wilma@example.org").status == RegistrationStatus.CONFIRMED
    sweep()
    assert [addresses(m) for m in mail.outbox] == [["wilma@example.org"]]

    # The coordinator confirms the training.
    log_in(page, boss.email, PASSWORD)
    page.goto(course.get_absolute_url())
    page.get_by_role("button", name="Confirm the training").click()
    assert message(page) == "The training has been confirmed."
    assert_accessible(page)

    # On the day, a facilitator takes attendance.
    log_out(page)
    log_in(page, facilitators[0].user.email, PASSWORD)
    page.goto(f"/participants/courses/{course.pk}/attendance/1/")
    # Before half-day 1 has begun, the page says from when attendance can be saved.
    assert page.get_by_text("can be saved once it has begun").is_visible()
    assert page.get_by_role("button", name="Save attendance").count() == 0
    assert_accessible(page)
    # The live server keeps the real clock: bring half-day 1 to this morning, as if the day had come.
    first = course.half_days.get(number=1)
    length = first.ends_at - first.starts_at
    starts_at = timezone.now() - timedelta(minutes=30)
    HalfDay.objects.filter(pk=first.pk).update(starts_at=starts_at, ends_at=starts_at + length)
    Course.objects.filter(pk=course.pk).update(first_starts_at=starts_at)
    page.reload()
    page.get_by_text("Wilma Lind").click()
    page.get_by_text("Deltagare 2", exact=True).click()
    page.get_by_role("button", name="Save attendance").click()
    assert page.get_by_text("Attendance saved for half-day 1: 2 present, 18 absent.").is_visible()
    assert_accessible(page)

    course.refresh_from_db()
    assert course.status == CourseStatus.CONFIRMED
    assert course.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 20
    assert sorted(
        Attendance.objects.filter(present=True).values_list("registration__participant__name", flat=True)
    ) == [
        "Deltagare 2",
        "Wilma Lind",
    ]
