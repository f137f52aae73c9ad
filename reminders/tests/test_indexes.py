"""The outbox's indexes serve the queries that run on every sweep and every outbox page, so
their cost does not grow with the million rows already sent (issue 13). Read from PostgreSQL's
plans (dialogkurs.testing.explain), never from timings."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tests.factories import UserFactory, coordinator
from dialogkurs.pagination import CappedPaginator
from dialogkurs.testing.explain import indexes_used, plan
from reminders import selectors
from reminders.models import ScheduledMessage
from reminders.services import messages_sweep

pytestmark = pytest.mark.django_db


def _sweep_statements() -> dict[str, tuple[str, tuple]]:
    """The SQL of one sweep, by what each statement is for, over an outbox whose statistics
    say what a real one does: most rows long sent, a few planned (an empty table's plan is a
    tie between indexes)."""
    user = UserFactory()
    content_type = ContentType.objects.get_for_model(user)
    now = timezone.now()
    ScheduledMessage.objects.bulk_create(
        ScheduledMessage(
            kind="k",
            content_type=content_type,
            object_id=n,
            recipient="a@example.org",
            due_at=now - timedelta(days=n),
            next_attempt_at=now - timedelta(days=n),
            status="planned" if n % 50 == 0 else "sent",
            sent_at=None if n % 50 == 0 else now,
        )
        for n in range(1, 2001)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reminders_scheduledmessage")
    with CaptureQueriesContext(connection) as captured:
        messages_sweep(deliver=lambda ids: None, now=timezone.now())
    statements = {}
    for query in captured.captured_queries:
        sql = query["sql"]
        if "'missed'" in sql:
            statements["missed"] = sql
        elif "FOR UPDATE SKIP LOCKED" in sql:
            statements["claim"] = sql
    return statements


# Both indexes lead with what the sweep narrows by; which one the planner takes depends on
# statistics that ANALYZE updates outside the test's transaction (pg_class.reltuples), so either
# passes, and so does a bitmap of both ANDed (what a table of 2,000 rows gets when the statistics
# say it is still empty: the test alone) — a sequential scan of the outbox (no index at all) does not.
PENDING_ROWS_INDEXES = (
    {"reminders_msg_pending_idx"},
    {"reminders_msg_status_idx"},
    {"reminders_msg_pending_idx", "reminders_msg_status_idx"},
)


def test_marking_late_rows_missed_reads_an_index_of_pending_rows():
    # Before, `status IN ('planned', 'queued')` matched no partial index: 512 ms at 1M rows.
    statements = _sweep_statements()
    assert indexes_used(statements["missed"]) in PENDING_ROWS_INDEXES


def test_claiming_due_rows_reads_an_index_of_pending_rows():
    statements = _sweep_statements()
    assert indexes_used(statements["claim"]) in PENDING_ROWS_INDEXES


# On the tests' nearly empty table the planner may read a kind's rows in order from the sort
# index as well as from the kind's own (both without a sort of every row); which one depends on
# statistics other tests leave behind (the full suite once took the sort index, the file alone
# the kind's). At scale the statistics choose the kind's index.
ALSO_IN_ORDER = {"reminders_msg_kind_idx": ("reminders_msg_order_idx",)}


@pytest.mark.parametrize(
    ("filters", "index"),
    [
        ({}, "reminders_msg_order_idx"),
        ({"status": "failed"}, "reminders_msg_status_idx"),
        ({"kind": "participants.halfday_reminder"}, "reminders_msg_kind_idx"),
    ],
)
def test_the_outbox_page_reads_its_sort_order_from_an_index(filters, index):
    # Before, the first page was a top-N sort of every row (1M rows: 1 s).
    administrator = UserFactory(is_superuser=True)
    rows = selectors.message_list(user=administrator).filter(**filters)[:25]
    assert {index, *ALSO_IN_ORDER.get(index, ())} & indexes_used(rows)


@pytest.mark.parametrize(
    ("filters", "index"),
    [
        ({}, "reminders_msg_order_idx"),
        ({"status": "failed"}, "reminders_msg_status_idx"),
        ({"kind": "participants.halfday_reminder"}, "reminders_msg_kind_idx"),
    ],
)
def test_a_coordinators_outbox_is_counted_from_the_index_alone(filters, index):
    # The rows of hidden apps are left out by their content type, which the index carries: the
    # capped count of 5,000 failed rows read 4,500 pages of the table (37 ms), now none.
    rows = selectors.message_list(user=coordinator()).filter(**filters)
    with CaptureQueriesContext(connection) as captured:
        assert CappedPaginator(rows, 10, count_at_most=20).count == 0
    [count] = captured.captured_queries
    # Priced out as well: what a table of a few rows makes cheaper than the index it has to use
    # at a million (read a bitmap of the table's pages, sort them).
    found = plan(count["sql"], priced_out=("seqscan", "bitmapscan", "sort"))
    # The kind's rows read in order from the sort index need the table for the kind (an Index
    # Scan, not Index Only): accepted for the same reason as above, never a sort of every row.
    wanted = [f"Index Only Scan using {index}"] + [f"Index Scan using {name}" for name in ALSO_IN_ORDER.get(index, ())]
    assert any(text in found for text in wanted), found
