"""Every report page and every role's home page in Chromium, checked with axe-core."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import PASSWORD, clinician, coordinator
from dialogkurs.testing.browser import assert_accessible, log_in, new_context
from enquiries.tests.factories import EnquiryFactory
from evaluations.models import EvaluationAnswer
from network.tests import factories as network_factories
from participants.tests.factories import fill
from reports.registry import REPORTS
from sessions_app.models import AssignmentStatus
from sessions_app.tests.factories import confirmed_course, february_training
from workshops.tests.factories import submitted_outcome

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_report_page_and_home_page_passes_axe(page, browser, live_server):
    held = february_training()
    fill(held, 6)
    submitted_outcome(held, proposals=3)
    for n in range(6):
        EvaluationAnswer.objects.create(
            course=held, answered_on=date(2026, 2, 13), **dict.fromkeys(EvaluationAnswer.DOMAINS, 1 + n % 5)
        )
    soon = confirmed_course(timezone.localdate() + timedelta(days=10))
    EnquiryFactory(created_at=timezone.now() - timedelta(days=6))
    me = coordinator()

    log_in(page, me.email, PASSWORD)
    assert_accessible(page)  # the coordinator's home: a training short of people, an overdue enquiry
    assert page.get_by_role("link", name=str(soon), exact=False).first.is_visible()
    year = {"year": str(held.half_days.first().starts_at.year)}
    query = f"?year={year['year']}"
    page.goto("/reports/" + query)
    assert_accessible(page)
    for report in REPORTS:
        page.goto(f"/reports/{report.slug}/{query}")
        assert page.locator("h1").first.inner_text().startswith(str(report.title))
        assert_accessible(page)
    page.goto(f"/reports/annual/{query}")
    assert page.locator("svg.report-chart").count() >= 3
    assert_accessible(page)
    page.goto("/reports/trainings/?start=2026-05-01&end=2026-01-01")  # a bad range: the error summary
    assert_accessible(page)

    facilitator = held.assignments.filter(status=AssignmentStatus.ACCEPTED).first().facilitator.user
    context = new_context(browser, live_server.url)
    other = context.new_page()
    log_in(other, facilitator.email, PASSWORD)
    assert "Your trainings" in other.content()
    assert_accessible(other)
    context.close()

    me_clinician = clinician()
    network_factories.case(team=[me_clinician, clinician()])
    context = new_context(browser, live_server.url)
    other = context.new_page()
    log_in(other, me_clinician.email, PASSWORD)
    other.goto("/")
    assert "Meetings in the next 7 days" in other.content()
    assert_accessible(other)
    context.close()
