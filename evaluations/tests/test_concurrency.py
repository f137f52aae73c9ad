"""Real concurrent transactions on PostgreSQL: a personal link gives one answer."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from dialogkurs.testing.concurrency import run_at_once
from evaluations import services as services_evaluation
from evaluations.models import EvaluationAnswer
from participants.tests.factories import register
from sessions_app.tests.factories import BEFORE_TRAINING, STOCKHOLM, february_training

pytestmark = pytest.mark.django_db(transaction=True)
ANSWERS = {
    "working_relationship": 3,
    "personally_defined_recovery": 3,
    "organisational_commitment": 3,
    "citizenship": 3,
}


def test_a_double_click_on_send_stores_one_answer():
    course = february_training()
    with time_machine.travel(BEFORE_TRAINING, tick=False):
        registration = register(course)
    token = services_evaluation.evaluation_token(registration)
    services_evaluation.evaluation_link_issue(registration)
    with time_machine.travel(datetime(2026, 2, 13, 10, 0, tzinfo=STOCKHOLM), tick=True):
        outcomes = run_at_once([lambda: services_evaluation.evaluation_answer(token, answers=ANSWERS)] * 8)
    assert sum(isinstance(o, EvaluationAnswer) for o in outcomes) == 1
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 7
    assert EvaluationAnswer.objects.count() == 1
