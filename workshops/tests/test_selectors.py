"""The idea-workshop list's query: what PostgreSQL is asked to do for every page of it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection

from accounts.tests.factories import coordinator, facilitator_user
from sessions_app import services
from sessions_app.models import HalfDay
from sessions_app.tests.factories import AFTER_TRAINING, BEFORE_TRAINING, february_training, schedule
from workshops import selectors

pytestmark = [pytest.mark.django_db]


def test_the_workshop_list_sorts_by_a_column_of_the_course_and_reads_no_half_day():
    # Half-day 2's start is a column of the course (kept by the schedule service): no subquery
    # per course that reads every course's half-day 2 before the page can be cut.
    sql = str(selectors.workshop_course_list(coordinator()).query)
    assert "sessions_app_halfday" not in sql
    assert sql.endswith('ORDER BY "sessions_app_course"."second_starts_at" DESC, "sessions_app_course"."id" DESC')


def test_a_facilitators_workshop_list_needs_no_distinct_over_her_trainings():
    # Joining her assignments would need DISTINCT, which sorts every row before the page is cut.
    sql = str(selectors.workshop_course_list(facilitator_user()).query)
    assert "DISTINCT" not in sql
    assert sql.endswith('ORDER BY "sessions_app_course"."second_starts_at" DESC, "sessions_app_course"."id" DESC')


def test_the_first_page_of_the_workshop_list_is_read_through_its_index():
    user = coordinator()
    for _ in range(3):
        february_training()
    with time_machine.travel(AFTER_TRAINING, tick=False), connection.cursor() as cursor:
        # Three rows: make the planner show its choice. With sorting made dear too, a Sort is
        # left in the plan only when no index gives the order.
        cursor.execute("SET enable_seqscan = off; SET enable_sort = off")
        sql, params = selectors.workshop_course_list(user)[:25].query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on; SET enable_sort = on")
    assert "course_second_starts_at_idx" in plan
    assert "Sort" not in plan


def test_the_workshop_list_holds_the_workshops_begun_latest_first_by_the_stored_start():
    user = coordinator()
    early, late = february_training(), february_training(date(2026, 2, 9))
    ahead = february_training(date(2026, 3, 2))
    with time_machine.travel(AFTER_TRAINING + timedelta(days=7), tick=False):
        assert list(selectors.workshop_course_list(user)) == [late, early]
        assert list(selectors.workshop_course_list(user, began_after=AFTER_TRAINING)) == [late]
    assert ahead.second_starts_at == ahead.half_days.get(number=2).starts_at


def test_rescheduling_moves_the_stored_start_of_half_day_2():
    course = february_training()
    with time_machine.travel(BEFORE_TRAINING, tick=False):
        services.course_set_schedule(course, schedule(date(2026, 2, 16), days_between=14))
    course.refresh_from_db()
    second = course.half_days.get(number=2)
    assert (course.first_starts_at, course.second_starts_at) == (
        course.half_days.get(number=1).starts_at,
        second.starts_at,
    )
    assert second.starts_at.date() == date(2026, 3, 2)


def test_half_days_moved_outside_the_schedule_service_are_copied_onto_the_course_again():
    course = february_training()
    HalfDay.objects.filter(course=course).update(starts_at=BEFORE_TRAINING - timedelta(days=30))
    services.course_store_start_times(course)
    course.refresh_from_db()
    assert course.first_starts_at == course.second_starts_at == BEFORE_TRAINING - timedelta(days=30)
