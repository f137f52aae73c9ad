"""Compiled statements: kept per key, never another key's; their moment bound when they run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import override_settings

from accounts.models import User
from accounts.tests.factories import UserFactory
from dialogkurs import statements
from dialogkurs.statements import Moment, Param, compiled, keep_related, prepared

pytestmark = pytest.mark.django_db

JOINED = datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)


@pytest.fixture(autouse=True)
def cold():
    statements.forget_all()
    yield
    statements.forget_all()


def people(user: User) -> dict:
    """Users who joined before the moment minus a day, the one given left out."""
    return {
        "others": User.objects.filter(date_joined__lt=Moment() - timedelta(days=1))
        .exclude(pk=user.pk)
        .order_by("pk")
        .values("pk", "email", "date_joined", "is_active", "last_login"),
        "me": User.objects.filter(pk=user.pk).values("email"),
    }


def test_a_statement_is_compiled_once_per_key_and_each_key_reads_its_own_rows():
    ann = UserFactory(email="ann@example.org", date_joined=JOINED)
    bo = UserFactory(email="bo@example.org", date_joined=JOINED)
    built = []

    def build(user):
        built.append(user.pk)
        return people(user)

    now = JOINED + timedelta(days=2)
    for _ in range(2):
        for_ann = compiled(("people", ann.pk), lambda: build(ann)).run(now=now)
        for_bo = compiled(("people", bo.pk), lambda: build(bo)).run(now=now)
        # Another key's statement would give Bo Ann's rows.
        assert [row["email"] for row in for_ann["others"]] == ["bo@example.org"]
        assert for_ann["me"] == [{"email": "ann@example.org"}]
        assert [row["email"] for row in for_bo["others"]] == ["ann@example.org"]
        assert for_bo["me"] == [{"email": "bo@example.org"}]
    assert built == [ann.pk, bo.pk]  # compiled the first time only


def test_the_moment_is_bound_each_time_a_kept_statement_runs():
    ann = UserFactory(date_joined=JOINED)
    me = UserFactory(date_joined=JOINED)
    statement = compiled(("people", me.pk), lambda: people(me))
    assert statement.run(now=JOINED + timedelta(hours=23))["others"] == []
    assert [row["pk"] for row in statement.run(now=JOINED + timedelta(days=1, seconds=1))["others"]] == [ann.pk]
    # Without a moment given: now, as time_machine has it.
    with time_machine.travel(JOINED + timedelta(hours=1), tick=False):
        assert compiled(("people", me.pk), lambda: people(me)).run()["others"] == []
    with time_machine.travel(JOINED + timedelta(days=3), tick=False):
        assert len(compiled(("people", me.pk), lambda: people(me)).run()["others"]) == 1


def test_one_statement_reads_the_values_django_reads():
    other = UserFactory(date_joined=JOINED, last_login=None)
    me = UserFactory()
    statement = compiled(("people", me.pk), lambda: people(me))
    now = JOINED + timedelta(days=2)
    expected = list(User.objects.filter(pk=other.pk).values("pk", "email", "date_joined", "is_active", "last_login"))
    assert expected[0]["date_joined"] == JOINED
    assert statement.run(now=now, one_statement=True)["others"] == expected
    assert statement.run(now=now, one_statement=False)["others"] == expected
    row = statement.run(now=now)["others"][0]
    assert row["date_joined"].utcoffset() == timedelta(0)


def test_one_statement_costs_one_query(django_assert_num_queries):
    me = UserFactory()
    statement = compiled(("people", me.pk), lambda: people(me))
    with django_assert_num_queries(1):
        statement.run(one_statement=True)
    with django_assert_num_queries(2):
        statement.run(one_statement=False)


def test_a_moment_outside_a_compiled_statement_is_now():
    UserFactory(date_joined=JOINED)
    with time_machine.travel(JOINED + timedelta(hours=23), tick=False):
        assert not User.objects.filter(date_joined__lt=Moment() - timedelta(days=1)).exists()
    with time_machine.travel(JOINED + timedelta(hours=25), tick=False):
        assert User.objects.filter(date_joined__lt=Moment() - timedelta(days=1)).exists()


def test_a_changed_setting_forgets_every_statement():
    me = UserFactory()
    built = []

    def build():
        built.append(1)
        return people(me)

    compiled(("people", me.pk), build)
    compiled(("people", me.pk), build)
    with override_settings(REMINDERS_T14_MIN_CONFIRMED=3):
        compiled(("people", me.pk), build)
    assert len(built) == 2


def test_the_language_is_part_of_the_key():
    from django.utils import translation

    me = UserFactory()
    built = []

    def build():
        built.append(1)
        return people(me)

    for language in ("en", "sv", "en"):
        with translation.override(language):
            compiled(("people", me.pk), build)
    assert len(built) == 2


def test_columns_json_cannot_carry_exactly_are_refused():
    from network.models import Case

    with pytest.raises(TypeError, match="converts its database value"):
        compiled("cases", lambda: {"cases": Case.objects.values("name")})
    with pytest.raises(TypeError, match="values"):
        compiled("users", lambda: {"users": User.objects.all()})


# --- Prepared querysets of model instances ------------------------------------------------------


def test_a_prepared_queryset_is_compiled_once_and_binds_its_params_each_time(django_assert_num_queries):
    from sessions_app.models import Course
    from sessions_app.tests.factories import CourseFactory

    courses = [CourseFactory(location=f"Rum {n}") for n in range(3)]
    built = []

    def build():
        built.append(1)
        return Course.objects.select_related("workplace__organisation").filter(pk=Param("pk")).order_by()[:2]

    for course in courses * 2:
        with django_assert_num_queries(1):
            [found] = prepared(("course", "by pk"), build).fetch(pk=course.pk)
            # select_related made the related objects from the same row, as Django does.
            assert found.workplace.organisation.name == course.workplace.organisation.name
        assert (found.pk, found.location, type(found)) == (course.pk, course.location, Course)
        assert found._state.adding is False and found._state.db == "default"
    assert built == [1]
    assert prepared(("course", "by pk"), build).fetch(pk=str(courses[0].pk))[0] == courses[0]  # as a filter takes it
    assert prepared(("course", "by pk"), build).fetch(pk=0) == []


def test_a_prepared_queryset_makes_what_django_makes():
    from sessions_app.models import Course
    from sessions_app.tests.factories import CourseFactory, scheduled_course

    scheduled_course()
    CourseFactory()
    query = Course.objects.select_related("workplace", "coordinator").prefetch_related("half_days").order_by("pk")
    django_rows = list(query)
    rows = prepared("courses", lambda: query).fetch()
    assert [vars_of(c) for c in rows] == [vars_of(c) for c in django_rows]
    assert [list(c.half_days.all()) for c in rows] == [list(c.half_days.all()) for c in django_rows]


def test_rows_kept_as_a_relation_are_read_as_a_prefetch_reads_them(django_assert_num_queries):
    from django.db.models import BigIntegerField, prefetch_related_objects

    from sessions_app.models import Course, HalfDay
    from sessions_app.tests.factories import scheduled_course

    course = Course.objects.get(pk=scheduled_course().pk)
    rows = prepared(
        "half-days", lambda: HalfDay.objects.filter(course=Param("course", BigIntegerField())).order_by("number")
    ).fetch(course=course.pk)
    assert rows == list(HalfDay.objects.filter(course=course).order_by("number"))
    keep_related(course, "half_days", rows)
    with django_assert_num_queries(0):
        # The relation, a later prefetch of it and each row's way back to the course: no query.
        assert list(course.half_days.all()) == rows
        prefetch_related_objects([course], "half_days")
        assert [half_day.course is course for half_day in course.half_days.all()] == [True, True]
    assert len(rows) == 2
    # Asked for anything but all of them, the relation goes to the database, as after a prefetch.
    with django_assert_num_queries(1):
        assert course.half_days.filter(number=2).get() == rows[1]


def vars_of(obj) -> dict:
    return {key: value for key, value in vars(obj).items() if key != "_state" and not key.startswith("_prefetched")}


def test_a_prepared_queryset_needs_its_params():
    statement = prepared("users", lambda: User.objects.filter(pk=Param("pk")))
    with pytest.raises(TypeError, match=r"needs a value for \['pk'\]"):
        statement.fetch()
    assert statement.fetch(pk=0, unused=2) == []
    with pytest.raises(TypeError, match="model instances"):
        prepared("values", lambda: User.objects.values("pk"))
    with pytest.raises(ValueError, match="only in a prepared statement"):
        list(User.objects.filter(pk=Param("pk")))


def test_a_param_is_bound_in_a_compiled_statement_too():
    ann = UserFactory(email="ann@example.org")
    statement = compiled("one user", lambda: {"user": User.objects.filter(pk=Param("pk")).values("email")})
    assert statement.run(pk=ann.pk) == {"user": [{"email": "ann@example.org"}]}
    assert statement.run(pk=ann.pk, one_statement=False) == {"user": [{"email": "ann@example.org"}]}
    assert statement.run(pk=0) == {"user": []}


@pytest.mark.django_db(transaction=True)
def test_a_kept_lock_outside_a_transaction_is_refused_as_django_refuses_it():
    from django.db import transaction
    from django.db.transaction import TransactionManagementError

    ann = UserFactory()
    statement = None
    with transaction.atomic():
        statement = prepared("lock a user", lambda: User.objects.select_for_update().filter(pk=Param("pk")))
        assert statement.fetch(pk=ann.pk) == [ann]
    with pytest.raises(TransactionManagementError):
        statement.fetch(pk=ann.pk)
