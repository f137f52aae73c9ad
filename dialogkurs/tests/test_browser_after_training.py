"""The pages of "after the training", each checked with axe-core: the participants page with
its certificates, the sign-in sheet, the evaluation's response rate and the theme material."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import PASSWORD, coordinator
from dialogkurs.testing.browser import assert_accessible, log_in, new_context
from evaluations import services as services_evaluation
from participants import services as participant_services
from participants.tests.factories import fill
from sessions_app.models import AssignmentStatus
from sessions_app.tests.factories import confirmed_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_prints_a_sign_in_sheet_downloads_certificates_and_sees_the_response_rate(page):
    course = confirmed_course(timezone.localdate() - timedelta(days=8))
    registrations = fill(course, 3)
    for half_day in course.half_days.all():
        present = {r.pk for r in registrations[: 3 if half_day.number == 1 else 2]}
        participant_services.attendance_record_many(half_day=half_day, present_ids=present, by=None)
    services_evaluation.evaluation_link_issue(registrations[0])
    user = coordinator()
    log_in(page, user.email, PASSWORD)

    page.goto(f"/participants/courses/{course.pk}/")
    assert_accessible(page)
    assert page.locator("a[href$='/certificate.pdf']").count() == 2
    assert page.get_by_text("No certificate: Absent on half-day 2.").count() == 1
    with page.expect_download() as download:
        page.get_by_role("link", name="Download every certificate (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")

    page.get_by_role("link", name="Sign-in sheet, half-day 2").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Sign-in sheet, half-day 2"
    assert_accessible(page)
    page.emulate_media(media="print")
    assert page.get_by_role("button", name="Print").is_hidden()
    assert page.get_by_role("row").count() == 4  # the header and three participants
    page.emulate_media(media="screen")

    page.goto(reverse("evaluations:course_evaluation", args=[course.pk]))
    assert page.get_by_text("0 of 1 asked have answered (0 %).").count() == 1
    assert_accessible(page)


def test_a_coordinator_uploads_theme_material_and_a_facilitator_downloads_it(
    page, browser, live_server, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "theme_material": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    user = coordinator()
    log_in(page, user.email, PASSWORD)
    page.goto("/trainings/themes/")
    assert_accessible(page)
    page.get_by_role("link", name="Edit theme 4").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("textbox", name="Description").fill("Idéverkstaden: förbättringsförslag.")
    page.get_by_role("button", name="Save the description").click()
    page.wait_for_load_state()
    page.get_by_role("textbox", name="Title").fill("Bildspel")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "bildspel.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%test\n"}]
    )
    page.get_by_role("button", name="Upload", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Bildspel").count() == 1
    assert_accessible(page)

    # A bad file: a clear error, linked from the summary, and the page still passes axe.
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "program.exe", "mimeType": "application/octet-stream", "buffer": b"MZ"}]
    )
    page.get_by_role("button", name="Upload", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("Files of this kind cannot be uploaded.").count() >= 1
    assert_accessible(page)

    course = confirmed_course(timezone.localdate() + timedelta(days=30))
    facilitator = course.assignments.filter(status=AssignmentStatus.ACCEPTED).first().facilitator.user
    context = new_context(browser, live_server.url)
    other = context.new_page()
    log_in(other, facilitator.email, PASSWORD)
    other.goto("/trainings/themes/")
    assert_accessible(other)
    assert other.get_by_text("Idéverkstaden: förbättringsförslag.").count() == 1
    with other.expect_download() as download:
        other.get_by_role("link", name="Bildspel").click()
    assert download.value.suggested_filename == "bildspel.pdf"
    assert other.get_by_role("link", name="Edit theme 4").count() == 0
    context.close()
