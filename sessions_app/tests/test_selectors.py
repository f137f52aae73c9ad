"""The course list's query: what PostgreSQL is asked to do for every page of it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sessions_app import selectors
from sessions_app.models import Course
from sessions_app.tests.factories import CourseFactory


@pytest.mark.django_db
def test_the_course_list_groups_nothing_and_sorts_by_a_column_of_its_own():
    # Half-day 1 is a column of the course (kept by the schedule service) and the confirmed
    # count a subquery per row of the page: no GROUP BY over every course with all its
    # registrations, and no half-day subquery per course before the page can be cut: the
    # half-days are joined to the rows of the page only, a line each.
    CourseFactory.create_batch(2)
    with CaptureQueriesContext(connection) as queries:
        rows = selectors.course_list_page(selectors.course_list_order()[:25])
    assert len(rows) == 2
    sql = queries.captured_queries[0]["sql"]
    assert "GROUP BY" not in sql.split("(SELECT", 1)[0]
    page = sql[sql.index('"id" IN (SELECT') : sql.index("LIMIT 25)")]
    assert "sessions_app_halfday" not in page
    assert 'LEFT OUTER JOIN "sessions_app_halfday"' in sql
    # The page's rows in the list's order (the id as the first column, 1), each course's
    # half-days in their order.
    assert sql.endswith(
        'ORDER BY "sessions_app_course"."first_starts_at" DESC NULLS FIRST, 1 DESC, "sessions_app_halfday"."number" ASC'
    )


@pytest.mark.django_db
def test_the_first_page_of_the_course_list_is_read_through_its_index():
    CourseFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # three rows: make the planner show its choice
        sql, params = selectors.course_list_order(Course.objects.all())[:25].query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "course_first_starts_at_idx" in plan
    assert "Sort" not in plan
