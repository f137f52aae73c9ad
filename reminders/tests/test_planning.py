from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import IntegrityError, transaction

from accounts.models import User
from accounts.tests.factories import UserFactory
from reminders.models import ScheduledMessage
from reminders.planning import (
    Planned,
    local_offset,
    message_enqueue,
    plan_new,
    register_planner,
    replan,
    unregister_planner,
)
from reminders.services import message_send
from reminders.tests.kinds import EVENT_REMINDER, NOTICE

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2025, 10, 1, 8, 0, tzinfo=UTC)
Status = ScheduledMessage.Status


def rows(user: User) -> dict[str, tuple[str, datetime]]:
    return {
        row.occasion: (row.status, row.due_at)
        for row in ScheduledMessage.objects.filter(object_id=user.pk, kind=EVENT_REMINDER)
    }


def user_with_event(at: datetime, **kwargs) -> User:
    return UserFactory(date_joined=at, language="sv", **kwargs)


@time_machine.travel(NOW, tick=False)
def test_replan_creates_the_messages_the_planner_wants(test_kinds):
    event = datetime(2025, 10, 20, 9, 0, tzinfo=STOCKHOLM)
    user = user_with_event(event)
    replan(user)
    assert rows(user) == {
        "7d": (Status.PLANNED, datetime(2025, 10, 13, 9, 0, tzinfo=STOCKHOLM)),
        "1d": (Status.PLANNED, datetime(2025, 10, 19, 9, 0, tzinfo=STOCKHOLM)),
    }
    row = ScheduledMessage.objects.get(object_id=user.pk, occasion="1d")
    assert (row.recipient, row.language, row.time_zone, row.recipient_name) == (
        user.email,
        "sv",
        "Europe/Stockholm",
        user.full_name,
    )
    assert row.content_object == user
    assert row.next_attempt_at == row.due_at


@time_machine.travel(NOW, tick=False)
def test_replan_twice_changes_nothing(test_kinds):
    user = user_with_event(datetime(2025, 10, 20, 9, 0, tzinfo=STOCKHOLM))
    replan(user)
    before = list(ScheduledMessage.objects.order_by("id").values())
    result = replan(user)
    assert (result.created, result.moved, result.cancelled) == (0, 0, 0)
    assert list(ScheduledMessage.objects.order_by("id").values()) == before


@time_machine.travel(NOW, tick=False)
def test_replan_moves_planned_messages_when_the_event_moves(test_kinds):
    user = user_with_event(datetime(2025, 10, 20, 9, 0, tzinfo=STOCKHOLM))
    replan(user)
    ids = set(ScheduledMessage.objects.values_list("id", flat=True))
    user.date_joined = datetime(2025, 11, 3, 13, 0, tzinfo=STOCKHOLM)
    user.save(update_fields=["date_joined"])
    result = replan(user)
    assert result.moved == 2
    assert rows(user) == {
        "7d": (Status.PLANNED, datetime(2025, 10, 27, 13, 0, tzinfo=STOCKHOLM)),
        "1d": (Status.PLANNED, datetime(2025, 11, 2, 13, 0, tzinfo=STOCKHOLM)),
    }
    assert set(ScheduledMessage.objects.values_list("id", flat=True)) == ids


@time_machine.travel(NOW, tick=False)
def test_replan_cancels_messages_no_longer_wanted(test_kinds):
    user = user_with_event(datetime(2025, 10, 20, 9, 0, tzinfo=STOCKHOLM))
    replan(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    replan(user)
    assert set(ScheduledMessage.objects.values_list("status", "reason")) == {
        (Status.CANCELLED, ScheduledMessage.Reason.NO_LONGER_PLANNED)
    }


def test_replan_never_revives_sent_or_cancelled_messages(test_kinds):
    user = user_with_event(datetime(2025, 10, 20, 9, 0, tzinfo=STOCKHOLM))
    with time_machine.travel(NOW, tick=False):
        replan(user)
    with time_machine.travel(datetime(2025, 10, 13, 9, 0, tzinfo=STOCKHOLM), tick=False):
        seven_days = ScheduledMessage.objects.get(occasion="7d")
        assert message_send(message_id=seven_days.pk) == Status.SENT
        user.is_active = False
        user.save(update_fields=["is_active"])
        replan(user)
        assert rows(user)["7d"][0] == Status.SENT
        assert rows(user)["1d"][0] == Status.CANCELLED
        # Active again and the event moved later: the sent one stays sent, the cancelled one
        # stays cancelled (a planner that wants a fresh message uses a new occasion).
        user.is_active = True
        user.date_joined = datetime(2025, 10, 30, 9, 0, tzinfo=STOCKHOLM)
        user.save(update_fields=["is_active", "date_joined"])
        replan(user)
    assert rows(user) == {
        "7d": (Status.SENT, datetime(2025, 10, 13, 9, 0, tzinfo=STOCKHOLM)),
        "1d": (Status.CANCELLED, datetime(2025, 10, 19, 9, 0, tzinfo=STOCKHOLM)),
    }
    assert len(mail.outbox) == 1


@time_machine.travel(datetime(2025, 10, 15, 9, 0, tzinfo=STOCKHOLM), tick=False)
def test_a_message_whose_moment_has_passed_is_not_planned(test_kinds):
    user = user_with_event(datetime(2025, 10, 20, 9, 0, tzinfo=STOCKHOLM))  # 7 days before was the 13th
    replan(user)
    assert rows(user) == {"1d": (Status.PLANNED, datetime(2025, 10, 19, 9, 0, tzinfo=STOCKHOLM))}


def test_a_planned_message_moved_into_the_past_is_cancelled(test_kinds):
    user = user_with_event(datetime(2025, 10, 30, 9, 0, tzinfo=STOCKHOLM))
    with time_machine.travel(NOW, tick=False):
        replan(user)
    with time_machine.travel(datetime(2025, 10, 15, 9, 0, tzinfo=STOCKHOLM), tick=False):
        user.date_joined = datetime(2025, 10, 20, 9, 0, tzinfo=STOCKHOLM)
        user.save(update_fields=["date_joined"])
        replan(user)
    assert rows(user) == {
        "7d": (Status.CANCELLED, datetime(2025, 10, 23, 9, 0, tzinfo=STOCKHOLM)),
        "1d": (Status.PLANNED, datetime(2025, 10, 19, 9, 0, tzinfo=STOCKHOLM)),
    }
    assert ScheduledMessage.objects.get(occasion="7d").reason == ScheduledMessage.Reason.MOVED_INTO_PAST


@time_machine.travel(NOW, tick=False)
def test_replan_leaves_one_off_messages_and_other_objects_alone(test_kinds):
    user = user_with_event(datetime(2025, 10, 20, 9, 0, tzinfo=STOCKHOLM))
    other = user_with_event(datetime(2025, 10, 20, 9, 0, tzinfo=STOCKHOLM))
    replan(other)
    notice = message_enqueue(user, Planned(kind=NOTICE, recipient=user.email, due_at=NOW + timedelta(days=1)))
    user.is_active = False
    user.save(update_fields=["is_active"])
    replan(user)
    notice.refresh_from_db()
    assert notice.status == Status.PLANNED
    assert set(rows(other).values()) == {
        (Status.PLANNED, datetime(2025, 10, 13, 9, 0, tzinfo=STOCKHOLM)),
        (Status.PLANNED, datetime(2025, 10, 19, 9, 0, tzinfo=STOCKHOLM)),
    }


@time_machine.travel(NOW, tick=False)
def test_a_queued_message_moved_by_replan_is_not_sent_by_its_old_task(test_kinds):
    user = user_with_event(datetime(2025, 10, 2, 12, 0, tzinfo=STOCKHOLM))
    replan(user)
    row = ScheduledMessage.objects.get(occasion="1d")
    ScheduledMessage.objects.filter(pk=row.pk).update(status=Status.QUEUED, claimed_at=NOW)  # as the sweep does
    user.date_joined = datetime(2025, 10, 9, 12, 0, tzinfo=STOCKHOLM)
    user.save(update_fields=["date_joined"])
    replan(user)
    assert message_send(message_id=row.pk) == "skipped"
    row.refresh_from_db()
    assert (row.status, row.due_at, row.claimed_at) == (
        Status.PLANNED,
        datetime(2025, 10, 8, 12, 0, tzinfo=STOCKHOLM),
        None,
    )
    assert mail.outbox == []


def test_replan_rejects_a_kind_its_planner_does_not_own(test_kinds):
    def bad_planner(user):
        return [Planned(kind=NOTICE, recipient=user.email, due_at=datetime(2030, 1, 1, tzinfo=UTC))]

    unregister_planner(User)
    register_planner(User, bad_planner, kinds=[EVENT_REMINDER])
    try:
        with pytest.raises(ValueError, match="does not own"):
            replan(UserFactory())
    finally:
        unregister_planner(User)


def test_replan_of_a_model_without_a_planner_is_an_error():
    with pytest.raises(LookupError, match="No planner is registered for accounts.User"):
        replan(UserFactory())


@time_machine.travel(NOW, tick=False)
def test_message_enqueue_is_idempotent_by_its_dedupe_key(test_kinds):
    user = UserFactory()
    planned = Planned(kind=NOTICE, recipient=user.email.upper(), due_at=NOW + timedelta(hours=1), occasion="x")
    first = message_enqueue(user, planned)
    second = message_enqueue(user, planned)
    assert first.pk == second.pk
    assert first.recipient == user.email
    assert ScheduledMessage.objects.count() == 1


def test_the_dedupe_key_is_unique_in_the_database(test_kinds):
    user = UserFactory()
    fields = {
        "kind": NOTICE,
        "content_type": ContentType.objects.get_for_model(User),
        "object_id": user.pk,
        "recipient": user.email,
        "occasion": "x",
        "due_at": NOW,
        "next_attempt_at": NOW,
    }
    ScheduledMessage.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduledMessage.objects.create(**fields)


@pytest.mark.parametrize(
    ("planned", "error"),
    [
        ({"kind": "nobody.registered"}, "No message kind"),
        ({"recipient": "not an address"}, "not an e-mail address"),
        ({"due_at": datetime(2030, 1, 1)}, "timezone-aware"),
        ({"language": "de"}, "unknown language"),
        ({"time_zone": "Mars/Olympus"}, "unknown time zone"),
    ],
)
def test_message_enqueue_refuses_a_bad_message(test_kinds, planned, error):
    user = UserFactory()
    values = {"kind": NOTICE, "recipient": user.email, "due_at": NOW, **planned}
    with pytest.raises((ValueError, LookupError), match=error):
        message_enqueue(user, Planned(**values))
    assert ScheduledMessage.objects.count() == 0


def test_message_enqueue_sends_a_due_message_after_commit(test_kinds, celery_eager, django_capture_on_commit_callbacks):
    user = UserFactory(language="nb")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = message_enqueue(
            user, Planned(kind=NOTICE, recipient=user.email, due_at=datetime.now(UTC), language="nb")
        )
        assert mail.outbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert [m.subject for m in mail.outbox] == [f"[test] Notice for {user.full_name}"]


# --- plan_new: an object's first planning in one statement (issue 13) ----------------------


@time_machine.travel(NOW, tick=False)
def test_plan_new_writes_what_replan_and_message_enqueue_would_in_one_statement(test_kinds, django_assert_num_queries):
    user = user_with_event(datetime(2025, 10, 20, 9, 0, tzinfo=STOCKHOLM))
    notice = Planned(kind=NOTICE, recipient=user.email.upper(), due_at=NOW + timedelta(hours=1), occasion="x")
    ContentType.objects.get_for_model(User)  # cached, as in a running process
    with django_assert_num_queries(1):
        rows_written = plan_new(user, enqueue=[notice])
    assert [(row.kind, row.occasion) for row in rows_written] == [
        (EVENT_REMINDER, "7d"),
        (EVENT_REMINDER, "1d"),
        (NOTICE, "x"),
    ]
    assert all(row.pk for row in rows_written)
    assert rows(user) == {
        "7d": (Status.PLANNED, datetime(2025, 10, 13, 9, 0, tzinfo=STOCKHOLM)),
        "1d": (Status.PLANNED, datetime(2025, 10, 19, 9, 0, tzinfo=STOCKHOLM)),
    }
    again = replan(user)
    assert (again.created, again.moved, again.cancelled) == (0, 0, 0)
    assert message_enqueue(user, notice).pk == rows_written[2].pk
    assert rows_written[2].recipient == user.email


@time_machine.travel(NOW, tick=False)
def test_plan_new_leaves_out_what_is_already_past_as_replan_does(test_kinds):
    user = user_with_event(NOW + timedelta(days=3))  # the 7-day reminder's moment has passed
    plan_new(user)
    assert set(rows(user)) == {"1d"}


def test_plan_new_refuses_a_one_off_of_a_kind_a_planner_owns_and_a_bad_message(test_kinds):
    user = user_with_event(datetime.now(UTC) + timedelta(days=30))
    owned = Planned(kind=EVENT_REMINDER, recipient=user.email, due_at=datetime.now(UTC), occasion="x")
    with pytest.raises(ValueError, match="is planned by a planner"):
        plan_new(user, enqueue=[owned])
    with pytest.raises(ValueError, match="not an e-mail address"):
        plan_new(user, enqueue=[Planned(kind=NOTICE, recipient="nobody", due_at=datetime.now(UTC))])
    assert ScheduledMessage.objects.count() == 0


def test_plan_new_sends_a_due_one_off_after_commit_and_not_one_due_later(
    test_kinds, celery_eager, django_capture_on_commit_callbacks
):
    user = UserFactory(date_joined=datetime.now(UTC) + timedelta(days=30), language="nb")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        now = Planned(kind=NOTICE, recipient=user.email, due_at=datetime.now(UTC), language="nb", occasion="now")
        later = Planned(
            kind=NOTICE, recipient=user.email, due_at=datetime.now(UTC) + timedelta(hours=1), occasion="later"
        )
        # The message is due as it is planned, after the moment plan_new starts from (``now``).
        written = plan_new(user, enqueue=[later, now], now=datetime.now(UTC) - timedelta(seconds=1))
        assert mail.outbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    statuses = {row.occasion: row.status for row in ScheduledMessage.objects.filter(pk__in=[r.pk for r in written])}
    assert statuses == {"7d": Status.PLANNED, "1d": Status.PLANNED, "later": Status.PLANNED, "now": Status.SENT}
    assert [m.subject for m in mail.outbox] == [f"[test] Notice for {user.full_name}"]


@pytest.mark.parametrize(
    ("event", "kwargs", "expected"),
    [
        # The Monday after the October change: 1 day before is the Sunday, same wall-clock time.
        (datetime(2025, 10, 27, 9, 0, tzinfo=STOCKHOLM), {"days": -1}, datetime(2025, 10, 26, 8, 0, tzinfo=UTC)),
        # 7 days before it is still summer time: 09:00 CEST is 07:00 UTC (not 08:00).
        (datetime(2025, 10, 27, 9, 0, tzinfo=STOCKHOLM), {"days": -7}, datetime(2025, 10, 20, 7, 0, tzinfo=UTC)),
        # An event on the Sunday of the change: the day before is summer time.
        (datetime(2025, 10, 26, 10, 0, tzinfo=STOCKHOLM), {"days": -1}, datetime(2025, 10, 25, 8, 0, tzinfo=UTC)),
        # Spring: an event on the Sunday of the change; the day before is still winter time.
        (datetime(2026, 3, 29, 10, 0, tzinfo=STOCKHOLM), {"days": -1}, datetime(2026, 3, 28, 9, 0, tzinfo=UTC)),
        # A wall-clock time that does not exist moves forward by the gap.
        (datetime(2026, 3, 30, 2, 30, tzinfo=STOCKHOLM), {"days": -1}, datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),
        # "09:00 the day after", across the change.
        (
            datetime(2025, 10, 25, 16, 0, tzinfo=STOCKHOLM),
            {"days": 1, "at": time(9, 0)},
            datetime(2025, 10, 26, 8, 0, tzinfo=UTC),
        ),
        (
            datetime(2025, 10, 27, 9, 0, tzinfo=STOCKHOLM),
            {"delta": -timedelta(days=7)},
            datetime(2025, 10, 20, 7, 0, tzinfo=UTC),
        ),
    ],
)
def test_local_offset_counts_days_in_local_wall_clock_time(event, kwargs, expected):
    assert local_offset(event, tz="Europe/Stockholm", **kwargs) == expected


def test_local_offset_works_in_the_recipients_time_zone():
    event = datetime(2025, 10, 27, 9, 0, tzinfo=ZoneInfo("Europe/Oslo"))
    result = local_offset(event, days=-7, tz="Europe/Oslo")
    assert (result.hour, result.utcoffset()) == (9, timedelta(hours=2))
