"""The evaluation report's list of trainings: by the course's stored half-day 2 start."""

from __future__ import annotations

from datetime import date

import pytest

from evaluations import selectors
from sessions_app.tests.factories import february_training

pytestmark = [pytest.mark.django_db]


def test_the_evaluated_trainings_are_found_by_the_stored_start_of_half_day_2_without_a_half_day_query():
    sql = str(selectors.evaluated_course_list(start=date(2026, 1, 1), end=date(2026, 3, 31)).query)
    assert "sessions_app_halfday" not in sql


def test_a_training_whose_half_day_2_is_on_the_last_or_first_day_of_the_period_is_in_it():
    course = february_training()  # half-day 2 on 12 February 2026, 08:00 in Stockholm
    assert list(selectors.evaluated_course_list(start=date(2026, 2, 1), end=date(2026, 2, 12))) == [course]
    assert list(selectors.evaluated_course_list(start=date(2026, 2, 12), end=date(2026, 2, 28))) == [course]
    assert list(selectors.evaluated_course_list(start=date(2026, 2, 1), end=date(2026, 2, 11))) == []
    assert list(selectors.evaluated_course_list(start=date(2026, 2, 13), end=date(2026, 2, 28))) == []
    assert selectors.evaluated_course_list(start=date(2026, 2, 1), end=date(2026, 2, 28))[0].workshop_at == (
        course.half_days.get(number=2).starts_at
    )
