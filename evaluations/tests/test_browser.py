"""Browser journeys of the evaluation, each page checked with axe-core.

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
from evaluations import services as services_evaluation
from participants.tests.factories import fill
from sessions_app.tests.factories import confirmed_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ANSWERS = {
    "working_relationship": 4,
    "personally_defined_recovery": 5,
    "organisational_commitment": 3,
    "citizenship": 4,
}


def yesterdays_training():
    """A confirmed training whose half-day 2 was yesterday."""
    return confirmed_course(timezone.localdate() - timedelta(days=8))


def test_a_coordinator_reads_a_trainings_evaluation(page):
    course = yesterdays_training()
    for registration in fill(course, 6)[:5]:
        services_evaluation.evaluation_link_issue(registration)
        services_evaluation.evaluation_answer(
            services_evaluation.evaluation_token(registration), answers=ANSWERS, comment="Bra"
        )
    log_in(page, course.coordinator.email, PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="Evaluations").click()
    assert page.locator("h1").inner_text().startswith("Evaluations")
    assert_accessible(page)
    # The report's table of trainings leads to each training's results.
    page.get_by_role("link", name=f"{course.workplace.name} #{course.pk}").click()
    assert page.get_by_role("row", name="Citizenship 4.0").is_visible()
    assert_accessible(page)


def test_a_participant_answers_the_questionnaire_on_a_phone_once(phone_page, live_server, settings):
    settings.SITE_URL = live_server.url
    page = phone_page
    course = yesterdays_training()
    (registration,) = fill(course, 1)
    link = services_evaluation.evaluation_link_issue(registration)
    path = link.split("://", 1)[1].split("/", 1)[1]

    page.goto(f"/{path}")
    assert page.locator("h1").inner_text() == "Evaluation of the dialogue training"
    assert_accessible(page)
    page.get_by_role("group", name=re.compile("working relationship on equal terms")).get_by_label("4").check()
    page.get_by_role("button", name="Send my answer").click()
    assert page.locator("[data-error-summary]").is_visible()
    assert_accessible(page)
    for pattern, value in (
        ("working relationship on equal terms", "4"),
        ("own idea of recovery", "5 – Agree completely"),
        ("make room for what we proposed", "3"),
        ("lives outside the service", "2"),
    ):
        page.get_by_role("group", name=re.compile(pattern)).get_by_label(value).check()
    page.get_by_label("Anything else you want to tell us? (optional)").fill("Tack!")
    page.get_by_role("button", name="Send my answer").click()
    assert page.locator("h1").inner_text() == "Thank you for your answer"
    assert_accessible(page)
    page.goto(f"/{path}")
    assert page.get_by_text("You have already answered. Thank you!").is_visible()
    assert_accessible(page)
    assert course.evaluation_answers.count() == 1
