"""The course list's query: what PostgreSQL is asked to do for every page of it."""

from __future__ import annotations

import re

from sessions_app import selectors


def test_the_half_day_1_subquery_of_the_course_list_sorts_nothing():
    # A sliced subquery keeps HalfDay.Meta.ordering unless told otherwise: a sort per course.
    sql = str(selectors.course_list().query)
    subquery = re.search(r"\(SELECT U0\.\"starts_at\".*?LIMIT 1\)", sql).group(0)
    assert "ORDER BY" not in subquery
