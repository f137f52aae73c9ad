import pytest

from demo.data import load_demo
from evaluations.models import EvaluationAnswer
from evaluations.selectors import evaluation_results_for_course
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
