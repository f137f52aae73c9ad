"""The admin's outbox at a million rows (issue 13): its date hierarchy probes an index per period
instead of truncating every row's date, its kind filter lists the registered kinds instead of a
DISTINCT over every row, and its search reads a trigram index."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from itertools import count

import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory, administrator
from dialogkurs.testing.explain import indexes_used, plan
from reminders.admin import PeriodsByProbe
from reminders.models import ScheduledMessage
from reminders.planning import Planned, message_enqueue
from reminders.tests.kinds import EVENT_REMINDER, NOTICE

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:reminders_scheduledmessage_changelist"
_occasions = count()


def message(due_at: datetime, *, kind: str = NOTICE, recipient: str = "anna@example.org") -> ScheduledMessage:
    return message_enqueue(
        UserFactory(), Planned(kind=kind, recipient=recipient, due_at=due_at, occasion=str(next(_occasions)))
    )


def _dates_of_every_level(rows) -> list[list[datetime]]:
    return [
        list(rows.datetimes("due_at", "year")),
        list(rows.datetimes("due_at", "year", order="DESC")),
        list(rows.filter(due_at__year=2029).datetimes("due_at", "month")),
        list(rows.filter(due_at__year=2029, due_at__month=3).datetimes("due_at", "day")),
        list(rows.filter(kind=EVENT_REMINDER).datetimes("due_at", "year")),
    ]


def test_the_probed_periods_are_the_periods_django_finds(test_kinds):
    for due_at in (
        datetime(2027, 6, 1, 12, tzinfo=UTC),
        datetime(2029, 3, 1, 12, tzinfo=UTC),
        datetime(2029, 3, 30, 22, 30, tzinfo=UTC),  # 31 March in Stockholm (summer time)
        datetime(2029, 10, 5, 8, tzinfo=UTC),
        datetime(2029, 12, 31, 23, 30, tzinfo=UTC),  # 2030 in Stockholm
    ):
        message(due_at)
    message(datetime(2031, 1, 2, tzinfo=UTC), kind=EVENT_REMINDER)
    rows = ScheduledMessage.objects.all()
    with timezone.override("Europe/Stockholm"):
        expected = _dates_of_every_level(rows)
        probed = _dates_of_every_level(PeriodsByProbe(model=ScheduledMessage, query=rows.query))
    assert [[d.year for d in level] for level in expected[:2]] == [[2027, 2029, 2030, 2031], [2031, 2030, 2029, 2027]]
    assert [d.day for d in expected[3]] == [1, 31]
    assert probed == expected
    assert list(PeriodsByProbe(model=ScheduledMessage).filter(kind="none").datetimes("due_at", "year")) == []


def test_the_periods_are_probed_in_one_query_through_the_index_of_the_order(test_kinds):
    for due_at in (
        datetime(2027, 6, 1, tzinfo=UTC),
        datetime(2029, 3, 1, tzinfo=UTC),
        datetime(2029, 10, 5, tzinfo=UTC),
    ):
        message(due_at)
    with CaptureQueriesContext(connection) as captured, timezone.override("Europe/Stockholm"):
        years = list(PeriodsByProbe(model=ScheduledMessage).datetimes("due_at", "year"))
    assert [year.year for year in years] == [2027, 2029]
    first_and_last, probes = captured.captured_queries
    assert probes["sql"].count("UNION ALL") == 2  # 2027, 2028, 2029
    # A sort of a few rows (and a full read of the status or kind index that has due_at second)
    # is what a nearly empty table makes cheapest, and which of them the planner takes depends on
    # statistics other tests leave behind: priced out, the plan shows whether the order's index
    # serves each probe as written, as it must at a million rows.
    found = plan(probes["sql"], priced_out=("seqscan", "sort"))
    assert set(re.findall(r"Scan(?: Backward)? using (\w+)", found)) == {"reminders_msg_order_idx"}, found
    assert "Sort" not in found, found


def test_the_date_hierarchy_offers_the_years_and_months_that_have_messages(client, test_kinds):
    message(datetime(2027, 6, 1, 12, tzinfo=UTC))
    message(datetime(2029, 3, 1, 12, tzinfo=UTC))
    client.force_login(administrator())
    body = client.get(reverse(CHANGELIST)).content.decode()
    assert "due_at__year=2027" in body
    assert "due_at__year=2029" in body
    assert "due_at__year=2028" not in body
    body = client.get(reverse(CHANGELIST), {"due_at__year": 2029}).content.decode()
    assert "due_at__month=3" in body
    assert "due_at__month=6" not in body


@pytest.mark.parametrize("rows", [1, 6])
@pytest.mark.parametrize(
    ("params", "queries"),
    [({}, 11), ({"due_at__year": 2029}, 11), ({"due_at__year": 2029, "due_at__month": 3}, 10)],
)
def test_the_admin_outbox_runs_the_same_number_of_queries_for_1_and_6_rows(
    client, test_kinds, django_assert_num_queries, rows, params, queries
):
    for n in range(rows):
        message(datetime(2029, 3, 1 + n, 12, tzinfo=UTC))
    client.force_login(administrator())
    client.get(reverse(CHANGELIST), params)  # the session's first request
    # session, user, authenticator, groups, user's and groups' permissions, content types (the
    # filter), the capped count, the page; then the hierarchy: without a chosen year it asks for
    # the first and last due date to pick its level (here the days of March 2029); the months of
    # a year are the first and last due date and the probes (one UNION ALL); the days of a month
    # one DISTINCT over the month
    with django_assert_num_queries(queries):
        client.get(reverse(CHANGELIST), params)


@pytest.mark.parametrize("rows", [1, 6])
def test_the_admin_outbox_over_several_years_asks_for_the_first_and_last_due_date_once(
    client, test_kinds, django_assert_num_queries, rows
):
    for n in range(rows):
        message(datetime(2027 + 2 * (n % 2), 3, 1 + n, 12, tzinfo=UTC))
    message(datetime(2029, 5, 1, 12, tzinfo=UTC))
    client.force_login(administrator())
    client.get(reverse(CHANGELIST))
    # session, user, authenticator, groups, user's and groups' permissions, content types (the
    # filter), the capped count, the page, the first and last due date (once: for the hierarchy's
    # level and its years), the probes of the years
    with django_assert_num_queries(11):
        body = client.get(reverse(CHANGELIST)).content.decode()
    assert ("due_at__year=2027" in body, "due_at__year=2028" in body, "due_at__year=2029" in body) == (
        True,
        False,
        True,
    )


def test_the_about_filter_lists_the_types_of_object_that_have_messages(client, test_kinds):
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    about_a_user = message(datetime(2029, 3, 1, tzinfo=UTC))
    permission_type = ContentType.objects.get_for_model(Permission)
    client.force_login(administrator())
    body = client.get(reverse(CHANGELIST)).content.decode()
    assert f"?content_type__id__exact={about_a_user.content_type_id}" in body
    assert f"?content_type__id__exact={permission_type.pk}" not in body
    filtered = client.get(reverse(CHANGELIST), {"content_type__id__exact": about_a_user.content_type_id})
    assert [m.pk for m in filtered.context["cl"].result_list] == [about_a_user.pk]


def test_the_kind_filter_lists_the_registered_kinds_by_name_without_reading_the_rows(client, test_kinds):
    message(datetime(2028, 3, 1, tzinfo=UTC), kind=EVENT_REMINDER)
    message(datetime(2029, 3, 2, tzinfo=UTC), kind=NOTICE)  # another year: the hierarchy's years are probed
    client.force_login(administrator())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(CHANGELIST))
    assert "Test event reminder" in response.content.decode()
    assert not [q for q in queries.captured_queries if "DISTINCT" in q["sql"]]
    filtered = client.get(reverse(CHANGELIST), {"kind": EVENT_REMINDER})
    assert [m.kind for m in filtered.context["cl"].result_list] == [EVENT_REMINDER]


def test_the_admin_outbox_is_searched_by_a_part_of_the_address_through_its_trigram_index(client, test_kinds):
    wanted = message(datetime(2029, 3, 1, tzinfo=UTC), recipient="kari.nordmann@example.no")
    message(datetime(2029, 3, 2, tzinfo=UTC), recipient="anna@example.org")
    client.force_login(administrator())
    response = client.get(reverse(CHANGELIST), {"q": "Nordmann@"})
    assert [m.pk for m in response.context["cl"].result_list] == [wanted.pk]
    request = RequestFactory().get("/")
    model_admin = site._registry[ScheduledMessage]
    rows, _duplicates = model_admin.get_search_results(request, ScheduledMessage.objects.order_by(), "nordmann")
    assert "reminders_scheduledmessage_recipient_trgm" in indexes_used(rows)


def test_the_admin_outbox_says_there_are_more_when_it_stopped_counting(client, test_kinds, monkeypatch):
    import functools

    from dialogkurs.pagination import CappedPaginator

    model_admin = site._registry[ScheduledMessage]
    for n in range(3):
        message(datetime(2029, 3, 1 + n, 12, tzinfo=UTC))
    client.force_login(administrator())
    assert "3 scheduled messages" in client.get(reverse(CHANGELIST)).content.decode()
    monkeypatch.setattr(model_admin, "paginator", functools.partial(CappedPaginator, count_at_most=2))
    body = client.get(reverse(CHANGELIST)).content.decode()
    assert "More than 2 messages; filter them to find older ones" in body
    assert "2 scheduled messages" not in body
