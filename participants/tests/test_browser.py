"""A training fills up through its sign-up link, a cancellation promotes the first on the
waitlist, and a facilitator takes attendance on a phone. axe-core checks every page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.tests.factories import PASSWORD, coordinator
from dialogkurs.testing.browser import assert_accessible, log_in
from dialogkurs.testing.mail import addresses
from participants import services
from participants.models import Attendance, Registration, RegistrationSource, RegistrationStatus
from participants.tests.factories import ParticipantFactory
from sessions_app import services as course_services
from sessions_app.models import AssignmentStatus, HalfDay
from sessions_app.tests.factories import confirmed_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_up(page, url: str, name: str, email: str) -> None:
    page.goto(url)
    assert_accessible(page)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Your e-mail address").fill(email)
    page.get_by_label("Own experience").check()
    page.get_by_label("I agree to the text above").check()
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_load_state()


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_training_fills_up_a_cancellation_promotes_the_first_waiting_and_attendance_is_taken_on_a_phone(
    page, phone_page, live_server, settings, sweep
):
    settings.SITE_URL = live_server.url
    course = confirmed_course(timezone.localdate() + timedelta(days=30))
    course = course_services.course_set_signup_open(course, is_open=True)
    signup_url = f"/participants/signup/{course.signup_token}/"
    for _ in range(18):
        services.registration_create(
            course=course, participant=ParticipantFactory(), source=RegistrationSource.SIGNUP, consent=True
        )

    # The last two places go to people who sign up through the link themselves.
    _sign_up(page, signup_url, "Sigrid Nilsson", "sigrid@example.org")
    assert page.get_by_role("heading", level=1).inner_text() == "You have a place"
    assert_accessible(page)
    sigrid_cancel_link = page.get_by_role("link", name="Cancel my registration").get_attribute("href")
    _sign_up(page, signup_url, "Tove Berg", "tove@example.org")
    assert page.get_by_role("heading", level=1).inner_text() == "You have a place"

    # The twenty-first is told her place in the queue.
    _sign_up(page, signup_url, "Wilma Lind", "wilma@example.org")
    assert page.get_by_role("heading", level=1).inner_text() == "You are on the waitlist"
    assert page.get_by_text("You are number 1 on the waitlist.").is_visible()
    assert_accessible(page)
    wilma = Registration.objects.get(participant__email="wilma@example.org")
    assert wilma.status == RegistrationStatus.WAITLISTED
    assert course.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 20

    # Sigrid cannot come after all and cancels through her personal link.
    sweep()
    mail.outbox.clear()
    page.goto(sigrid_cancel_link)
    assert_accessible(page)
    page.get_by_role("button", name="Yes, cancel my registration").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Your registration is cancelled"
    assert_accessible(page)
    wilma.refresh_from_db()
    assert wilma.status == RegistrationStatus.CONFIRMED
    sweep()
    assert [addresses(message) for message in mail.outbox] == [["wilma@example.org"]]

    # Wilma follows the link in her e-mail and sees her place.
    link = re.search(r"http://\S+/participants/cancel/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    assert page.get_by_text("Wilma Lind, you have a place on the dialogue training").is_visible()
    assert_accessible(page)

    # Before the half-day, the attendance page says from when it can be saved, and offers nothing to save.
    facilitator = course.assignments.filter(status=AssignmentStatus.ACCEPTED).first().facilitator.user
    log_in(phone_page, facilitator.email, PASSWORD)
    phone_page.goto(f"/participants/courses/{course.pk}/attendance/1/")
    assert phone_page.get_by_text("Attendance for half-day 1 can be saved once it has begun, from ").is_visible()
    assert phone_page.get_by_role("checkbox").count() == 0
    assert phone_page.get_by_role("button", name="Save attendance").count() == 0
    assert_accessible(phone_page)

    # On the day, a facilitator of the course takes attendance on a phone. (The live server
    # shares the real clock, so the half-day is moved to now rather than the clock to it.)
    now = timezone.now()
    HalfDay.objects.filter(course=course, number=1).update(
        starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=3)
    )
    phone_page.goto(f"/participants/courses/{course.pk}/attendance/1/")
    assert phone_page.get_by_role("heading", level=1).inner_text() == "Attendance, half-day 1"
    assert _no_horizontal_scroll(phone_page)
    assert_accessible(phone_page)
    checkboxes = phone_page.get_by_role("checkbox")
    assert checkboxes.count() == 20
    box = checkboxes.first.locator("xpath=ancestor::label").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300  # the whole row is the touch target
    phone_page.get_by_text("Wilma Lind").tap()
    phone_page.get_by_text("Tove Berg").tap()
    phone_page.get_by_role("button", name="Save attendance").click()
    phone_page.wait_for_load_state()
    assert phone_page.get_by_text("Attendance saved for half-day 1: 2 present, 18 absent.").is_visible()
    assert phone_page.get_by_role("checkbox", name=re.compile("Wilma Lind")).is_checked()
    assert _no_horizontal_scroll(phone_page)
    assert_accessible(phone_page)
    present = set(Attendance.objects.filter(present=True).values_list("registration__participant__name", flat=True))
    assert present == {"Wilma Lind", "Tove Berg"}

    # The facilitator reads the list on the phone too.
    phone_page.get_by_role("link", name="Back to the participants").click()
    phone_page.wait_for_load_state()
    assert phone_page.get_by_text("20 of 20 places taken").is_visible()
    assert phone_page.get_by_role("link", name="Add a participant").count() == 0
    assert_accessible(phone_page)

    # The coordinator's pages pass axe as well.
    lead = coordinator()
    log_in(page, lead.email, PASSWORD)
    page.goto(f"/participants/courses/{course.pk}/")
    assert_accessible(page)
    for name in ("Add a participant", "Import from a CSV file"):
        page.goto(f"/participants/courses/{course.pk}/")
        page.get_by_role("link", name=name).click()
        page.wait_for_load_state()
        assert_accessible(page)
        page.get_by_role("button", name=re.compile("^(Add|Import)$")).click()
        page.wait_for_load_state()
        assert page.get_by_text("There is a problem").is_visible()
        assert_accessible(page)
    page.goto(f"/participants/courses/{course.pk}/")
    page.get_by_role("link", name=re.compile("Cancel… Tove Berg")).click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, cancel the registration").click()
    page.wait_for_load_state()
    assert page.get_by_text("The registration of Tove Berg is cancelled.").is_visible()
    assert_accessible(page)


def test_a_closed_sign_up_link_is_a_clear_accessible_page(page):
    course = confirmed_course(timezone.localdate() + timedelta(days=30))
    page.goto(f"/participants/signup/{course.signup_token}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Sign-up is closed"
    assert_accessible(page)


def test_the_sign_up_429_page_keeps_what_was_typed_and_passes_axe(page, settings):
    settings.SIGNUP_RATE_LIMIT = "1/h"
    course = course_services.course_set_signup_open(
        confirmed_course(timezone.localdate() + timedelta(days=30)), is_open=True
    )
    signup_url = f"/participants/signup/{course.signup_token}/"
    _sign_up(page, signup_url, "Sigrid Nilsson", "sigrid@example.org")
    _sign_up(page, signup_url, "Tove Berg", "tove@example.org")
    assert page.get_by_role("alert").get_by_role("heading").inner_text() == "Too many sign-ups just now"
    assert page.get_by_label("Your name").input_value() == "Tove Berg"
    assert page.get_by_label("Your e-mail address").input_value() == "tove@example.org"
    assert page.get_by_label("Own experience").is_checked()
    assert_accessible(page)
    assert Registration.objects.filter(participant__email="tove@example.org").count() == 0
