"""The course list's query: what PostgreSQL is asked to do for every page of it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dialogkurs import statements
from sessions_app import selectors
from sessions_app.models import Course
from sessions_app.tests.factories import CourseFactory


@pytest.mark.django_db
def test_the_course_list_groups_nothing_and_sorts_by_a_column_of_its_own():
    # Half-day 1 is a column of the course (kept by the schedule service) and the confirmed
    # count a subquery per row of the page: no GROUP BY over every course with all its
    # registrations, and no half-day subquery per course before the page can be cut: the page's
    # ids are read first, and the half-days joined to the rows of that page only, a line each.
    courses = CourseFactory.create_batch(3)
    Course.objects.filter(pk=courses[1].pk).update(first_starts_at=timezone.now())
    with CaptureQueriesContext(connection) as queries:
        rows = selectors.course_list_page(selectors.course_list_order()[:25])
    # The page's order: no half-day 1 first (the latest booked first), then by half-day 1.
    assert [row.pk for row in rows] == [courses[2].pk, courses[0].pk, courses[1].pk]
    page, statement = (query["sql"] for query in queries.captured_queries)
    assert "GROUP BY" not in page and "sessions_app_halfday" not in page
    assert page.endswith('ORDER BY "sessions_app_course"."first_starts_at" DESC NULLS FIRST, 1 DESC LIMIT 25')
    assert "GROUP BY" not in statement.split("(SELECT", 2)[1]
    assert 'LEFT OUTER JOIN "sessions_app_halfday"' in statement
    assert '"sessions_app_course"."id" = ANY(' in statement


@pytest.mark.django_db
def test_a_page_of_courses_reads_the_same_rows_in_one_statement_or_one_a_part(settings):
    from sessions_app.tests.factories import confirmed_course

    confirmed_course()
    CourseFactory.create_batch(2)
    first = selectors.course_list_page(selectors.course_list_order()[:25])
    statements.forget_all()
    original = statements.Statement.run
    try:
        statements.Statement.run = lambda self, **kw: original(self, **kw, one_statement=False)
        second = selectors.course_list_page(selectors.course_list_order()[:25])
    finally:
        statements.Statement.run = original
    assert first == second
    assert [len(row.half_days) for row in first] == [0, 0, 2] and len(first[2].facilitators) == 2


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


@pytest.mark.django_db
def test_every_page_of_assignments_and_of_the_directory_shares_one_kept_statement():
    # The ids are bound (OneOf), not compiled in: a kept statement per page of ids would push
    # the home pages' statements out of the 512 kept.
    from sessions_app.models import Facilitator, FacilitatorAssignment
    from sessions_app.tests.factories import confirmed_course

    for _ in range(3):
        confirmed_course()
    statements.forget_all()
    assignments = list(FacilitatorAssignment.objects.order_by("pk").values_list("pk", flat=True))
    pages = [assignments[:2], assignments[2:5], assignments[5:]]
    found = [selectors.facilitator_assignments_get(page) for page in pages]
    assert [sorted(rows) for rows in found] == [sorted(page) for page in pages]
    assert [len(row.half_days) for rows in found for row in rows.values()] == [2] * len(assignments)
    facilitators = list(Facilitator.objects.order_by("pk"))
    upcoming = [selectors.facilitator_upcoming_half_days(facilitators[:n]) for n in (1, 3, len(facilitators))]
    assert len(upcoming[-1]) == len(facilitators)
    assert len(statements._kept) == 2
