import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import User
from demo.data import delivered_training, load_demo
from evaluations.models import EvaluationAnswer
from evaluations.selectors import evaluation_results_for_course
from participants import selectors
from sessions_app.models import CourseStatus
from workshops.models import FollowUpStatus, OutcomeStatus, ProposalUpdate, WorkshopOutcome

pytestmark = pytest.mark.django_db


def test_the_delivered_demo_training_has_an_outcome_a_recorded_follow_up_and_an_evaluation():
    load_demo()
    load_demo()
    outcome = WorkshopOutcome.objects.get(course__workplace__name="Psykiatrisk öppenvård Umeå")
    course = outcome.course
    assert (course.status, outcome.status) == (CourseStatus.DELIVERED, OutcomeStatus.SUBMITTED)
    assert sorted(outcome.proposals.values_list("status", flat=True)) == ["done", "dropped", "in_progress", "proposed"]
    assert list(course.followups.order_by("number").values_list("status", flat=True)) == [
        FollowUpStatus.HELD,
        FollowUpStatus.PLANNED,
    ]
    assert ProposalUpdate.objects.filter(proposal__outcome=outcome).count() == 8
    assert EvaluationAnswer.objects.count() == 9
    assert evaluation_results_for_course(course).shown


def test_the_delivered_demo_training_shows_certificates_to_the_coordinator(client):
    load_demo()
    course = delivered_training()
    client.force_login(User.objects.get(email="coordinator@demo.dialogkurs.se"))
    page = client.get(reverse("participants:course_participants", args=[course.pk])).content.decode()
    assert page.count("/certificate.pdf") == 15  # present at both half-days; three were absent once
    assert len(selectors.course_roster(course).confirmed) == 18
    response = client.get(reverse("participants:course_certificates", args=[course.pk]))
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 15
