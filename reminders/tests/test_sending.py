from __future__ import annotations

import os
import smtplib
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.core import mail

from accounts.tests.factories import UserFactory
from reminders.models import ScheduledMessage
from reminders.planning import Planned, message_enqueue, register_sweep_planner, replan, unregister_sweep_planner
from reminders.services import (
    is_transient,
    message_resend,
    message_send,
    messages_send,
    messages_sweep,
    retry_delay,
)
from reminders.tests.backends import CountingLocmemBackend
from reminders.tests.kinds import BROKEN, NOTICE

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
STOCKHOLM = ZoneInfo("Europe/Stockholm")
Status = ScheduledMessage.Status


def planned_user(event: datetime, language: str = "sv"):
    with time_machine.travel(event - timedelta(days=30), tick=False):
        user = UserFactory(date_joined=event, language=language, full_name="Anna Berg")
        replan(user)
    return user


def test_the_dst_reminder_arrives_at_the_right_local_time_in_the_recipients_language(test_kinds, sweep):
    # The Monday after the October change (26 Oct 2025): 1 day before 09:00 is Sunday 09:00 CET.
    user = planned_user(datetime(2025, 10, 27, 9, 0, tzinfo=STOCKHOLM))
    with time_machine.travel(datetime(2025, 10, 26, 8, 59, tzinfo=STOCKHOLM), tick=False):
        sweep()
        assert mail.outbox == []
    with time_machine.travel(datetime(2025, 10, 26, 9, 0, tzinfo=STOCKHOLM), tick=False):
        sweep()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [f"Anna Berg <{user.email}>"]
    assert email.subject == "[test] Event måndag 27 oktober 2025 09:00"
    assert email.body == (
        "Hej Anna Berg,\n\nYour event & co starts måndag 27 oktober 2025 09:00 CET (1d).\n\n-- \n"
        "Det här meddelandet skickades automatiskt av dialogkurs. Svara inte på det.\n"
    )
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="sv">' in html
    assert "Your event &amp; co starts <strong>måndag 27 oktober 2025 09:00 CET</strong>" in html
    assert (
        email.extra_headers["Message-ID"]
        == f"<reminder-{ScheduledMessage.objects.get(occasion='1d').pk}@dialogkurs.localhost>"
    )
    row = ScheduledMessage.objects.get(occasion="1d")
    assert (row.status, row.sent_at, row.attempts) == (Status.SENT, datetime(2025, 10, 26, 8, 0, tzinfo=UTC), 1)


def test_a_norwegian_recipient_gets_norwegian_text_in_oslo_time_with_a_calendar_file(test_kinds, sweep):
    user = planned_user(datetime(2025, 10, 27, 9, 0, tzinfo=ZoneInfo("Europe/Oslo")), language="nb")
    with time_machine.travel(datetime(2025, 10, 20, 9, 0, tzinfo=STOCKHOLM), tick=False):
        sweep()
    [email] = mail.outbox
    assert email.subject == "[test] Event mandag 27 oktober 2025 09:00"
    assert email.body.startswith("Hei Anna Berg,")
    [(filename, content, mimetype)] = email.attachments
    assert (filename, mimetype) == ("event.ics", "text/calendar")
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("dtstart") == datetime(2025, 10, 27, 8, 0, tzinfo=UTC)
    assert event.decoded("dtend") == datetime(2025, 10, 27, 12, 0, tzinfo=UTC)
    assert str(event["uid"]) == f"user-{user.pk}@test"


def test_nothing_is_sent_before_its_time_and_a_second_sweep_sends_nothing_more(test_kinds, sweep):
    planned_user(datetime(2025, 10, 20, 9, 0, tzinfo=STOCKHOLM))
    with time_machine.travel(datetime(2025, 10, 13, 8, 0, tzinfo=STOCKHOLM), tick=False):
        assert sweep().startswith("0 due message(s) claimed")
    with time_machine.travel(datetime(2025, 10, 13, 9, 1, tzinfo=STOCKHOLM), tick=False):
        assert sweep().startswith("1 due message(s) claimed: 1 sent")
        assert sweep().startswith("0 due message(s) claimed")
    assert [m.subject for m in mail.outbox] == ["[test] Event måndag 20 oktober 2025 09:00"]


def test_the_send_task_run_twice_sends_once(test_kinds):
    user = UserFactory()
    message = message_enqueue(user, Planned(kind=NOTICE, recipient=user.email, due_at=datetime.now(UTC)))
    assert message_send(message_id=message.pk) == Status.SENT
    assert message_send(message_id=message.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_due_messages_go_to_the_workers_in_chunks_each_sent_over_one_mail_connection(
    test_kinds, celery_eager, sweep, settings
):
    settings.EMAIL_BACKEND = "reminders.tests.backends.CountingLocmemBackend"
    settings.REMINDERS_SEND_CHUNK = 3
    now = datetime.now(UTC)
    for user in UserFactory.create_batch(7):
        message_enqueue(user, Planned(kind=NOTICE, recipient=user.email, due_at=now + timedelta(seconds=1)))
    CountingLocmemBackend.instances = 0
    with time_machine.travel(now + timedelta(seconds=2)):
        assert sweep("--enqueue").startswith("7 due message(s) claimed: 7 enqueued")
    assert len(mail.outbox) == 7
    assert CountingLocmemBackend.instances == 3  # chunks of 3, 3 and 1: one connection each
    assert set(ScheduledMessage.objects.values_list("status", flat=True)) == {Status.SENT}


def test_a_chunk_sent_twice_sends_each_message_once(test_kinds):
    now = datetime.now(UTC)
    users = UserFactory.create_batch(3)
    ids = [message_enqueue(u, Planned(kind=NOTICE, recipient=u.email, due_at=now)).pk for u in users]
    assert messages_send(message_ids=ids) == dict.fromkeys(ids, Status.SENT)
    assert messages_send(message_ids=ids) == dict.fromkeys(ids, "skipped")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)


def test_the_sweep_claims_in_batches_and_marks_rows_queued(test_kinds):
    now = datetime.now(UTC)
    users = UserFactory.create_batch(5)
    for user in users:
        message_enqueue(user, Planned(kind=NOTICE, recipient=user.email, due_at=now - timedelta(minutes=1)))
    delivered: list[list[int]] = []
    result = messages_sweep(deliver=delivered.append, batch_size=2)
    assert len(result.claimed) == 5
    assert set(ScheduledMessage.objects.values_list("status", flat=True)) == {Status.QUEUED}
    assert delivered == []  # handed over only after each batch commits (this test never commits)


def test_the_sweep_runs_the_sweep_planners_first_and_one_failing_stops_nothing(test_kinds, caplog):
    now = datetime.now(UTC)
    user = UserFactory()

    def failing(now):
        raise RuntimeError("a planner's bug")

    def plan_due(now):
        message_enqueue(user, Planned(kind=NOTICE, recipient=user.email, due_at=now))

    register_sweep_planner(failing)
    register_sweep_planner(plan_due)
    try:
        result = messages_sweep(deliver=lambda ids: None, now=now)
    finally:
        unregister_sweep_planner(failing)
        unregister_sweep_planner(plan_due)
    # What plan_due planned is claimed by the same sweep, although the planner before it failed.
    assert result.claimed == list(ScheduledMessage.objects.filter(recipient=user.email).values_list("pk", flat=True))
    assert len(result.claimed) == 1
    assert "a planner's bug" in caplog.text


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_smtp_errors_retry_with_exponential_backoff_then_fail(test_kinds, sweep, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 2
    settings.REMINDERS_MAX_ATTEMPTS = 3
    start = datetime(2025, 5, 5, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        user = UserFactory()
        message = message_enqueue(user, Planned(kind=NOTICE, recipient=user.email, due_at=start))
    moments = []
    for minutes in (0, 1, 3):  # backoff 1 min, then 2 min
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            sweep()
        message.refresh_from_db()
        moments.append((message.status, message.attempts, message.next_attempt_at - start))
    assert moments == [
        (Status.PLANNED, 1, timedelta(minutes=1)),
        (Status.PLANNED, 2, timedelta(minutes=3)),
        (Status.FAILED, 3, timedelta(minutes=3)),
    ]
    assert message.last_error.startswith("ConnectionRefusedError")


def test_backoff_doubles_up_to_its_ceiling(settings):
    settings.REMINDERS_RETRY_BACKOFF = timedelta(minutes=1)
    settings.REMINDERS_RETRY_BACKOFF_MAX = timedelta(minutes=5)
    assert [retry_delay(n) for n in range(1, 6)] == [timedelta(minutes=m) for m in (1, 2, 4, 5, 5)]


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (ConnectionRefusedError(111, "refused"), True),
        (TimeoutError("timed out"), True),
        (smtplib.SMTPServerDisconnected("gone"), True),
        (smtplib.SMTPResponseException(451, b"try later"), True),
        (smtplib.SMTPResponseException(554, b"rejected"), False),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"no such user")}), False),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"mailbox busy")}), True),
        (ValueError("bug"), False),
    ],
)
def test_only_transient_errors_are_retried(error, transient):
    assert is_transient(error) is transient


def test_a_message_that_cannot_be_rendered_fails_at_once_with_its_error(test_kinds, sweep):
    user = UserFactory()
    message = message_enqueue(user, Planned(kind=BROKEN, recipient=user.email, due_at=datetime.now(UTC)))
    sweep()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.FAILED, 1)
    assert message.last_error == "TemplateDoesNotExist: reminders_tests/email/no_such_template_subject.txt"
    assert mail.outbox == []


def test_a_message_about_a_deleted_object_is_cancelled(test_kinds, sweep):
    user = UserFactory()
    message = message_enqueue(user, Planned(kind=NOTICE, recipient=user.email, due_at=datetime.now(UTC)))
    user.delete()
    sweep()
    message.refresh_from_db()
    assert (message.status, message.reason) == (Status.CANCELLED, ScheduledMessage.Reason.OBJECT_GONE)
    assert mail.outbox == []


def test_a_message_due_longer_ago_than_the_lateness_limit_is_missed_not_sent(test_kinds, sweep, settings):
    settings.REMINDERS_MAX_LATENESS = timedelta(hours=6)
    user = planned_user(datetime(2025, 10, 20, 9, 0, tzinfo=STOCKHOLM))
    # The system was down from before the 7-day reminder until 7 hours after it.
    with time_machine.travel(datetime(2025, 10, 13, 16, 0, tzinfo=STOCKHOLM), tick=False):
        assert "1 missed" in sweep()
    assert mail.outbox == []
    row = ScheduledMessage.objects.get(object_id=user.pk, occasion="7d")
    assert (row.status, row.reason) == (Status.MISSED, ScheduledMessage.Reason.TOO_LATE)
    assert ScheduledMessage.objects.get(object_id=user.pk, occasion="1d").status == Status.PLANNED


def test_a_stale_queued_claim_is_taken_back_and_sent(test_kinds, sweep, settings):
    start = datetime(2025, 5, 5, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        user = UserFactory()
        message = message_enqueue(user, Planned(kind=NOTICE, recipient=user.email, due_at=start))
        messages_sweep(deliver=lambda ids: None)  # the task is lost with the broker
    with time_machine.travel(start + settings.REMINDERS_CLAIM_TIMEOUT - timedelta(seconds=1), tick=False):
        assert sweep().startswith("0 due message(s) claimed; 0 recovered")
    with time_machine.travel(start + settings.REMINDERS_CLAIM_TIMEOUT + timedelta(seconds=1), tick=False):
        assert sweep().startswith("1 due message(s) claimed: 1 sent; 1 recovered")
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 1)
    assert len(mail.outbox) == 1


def test_a_row_whose_worker_died_while_sending_is_retried_and_then_failed(test_kinds, sweep, settings):
    settings.REMINDERS_MAX_ATTEMPTS = 2
    start = datetime(2025, 5, 5, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        user = UserFactory()
        message = message_enqueue(user, Planned(kind=NOTICE, recipient=user.email, due_at=start))
    outcomes = []
    for round_ in range(2):
        at = start + round_ * (settings.REMINDERS_CLAIM_TIMEOUT + timedelta(minutes=1))
        # A worker claims the row and dies before finishing.
        ScheduledMessage.objects.filter(pk=message.pk).update(status=Status.SENDING, claimed_at=at, attempts=round_ + 1)
        with time_machine.travel(at + settings.REMINDERS_CLAIM_TIMEOUT + timedelta(seconds=1), tick=False):
            messages_sweep(deliver=lambda ids: None)
        message.refresh_from_db()
        outcomes.append(message.status)
    assert outcomes == [Status.QUEUED, Status.FAILED]
    assert message.last_error == "The worker was lost while sending; the message may have gone out."


def test_resend_sends_a_failed_message_again(test_kinds, celery_eager, django_capture_on_commit_callbacks):
    user = UserFactory()
    message = message_enqueue(user, Planned(kind=NOTICE, recipient=user.email, due_at=datetime.now(UTC)))
    ScheduledMessage.objects.filter(pk=message.pk).update(status=Status.FAILED, attempts=5, last_error="boom")
    with django_capture_on_commit_callbacks(execute=True):
        message_resend(message)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 1)
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("status", [Status.PLANNED, Status.SENT, Status.CANCELLED, Status.SENDING])
def test_resend_refuses_a_message_that_is_not_failed_or_missed(test_kinds, status):
    user = UserFactory()
    message = message_enqueue(user, Planned(kind=NOTICE, recipient=user.email, due_at=datetime(2030, 1, 1, tzinfo=UTC)))
    ScheduledMessage.objects.filter(pk=message.pk).update(
        status=status, sent_at=datetime.now(UTC), claimed_at=datetime.now(UTC)
    )
    with pytest.raises(ValueError, match="only failed or missed"):
        message_resend(message)
    message.refresh_from_db()
    assert message.status == status


def test_send_due_reminders_sends_on_the_embedded_sqlite_default(tmp_path):
    """The cron path on SQLite (where Django ignores FOR UPDATE SKIP LOCKED), in its own process."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "EMAIL_URL")
    }
    env.update(DJANGO_DEBUG="1", DIALOGKURS_VAR_DIR=str(tmp_path))
    script = ROOT / "reminders" / "tests" / "run_with_test_kinds.py"
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True, timeout=300)
    setup = (
        "from datetime import UTC, datetime\n"
        "from accounts.models import User\n"
        "from reminders.planning import Planned, message_enqueue\n"
        "for n in range(3):\n"
        "    user = User.objects.create_user(f'sqlite{n}@example.org', full_name=f'SQLite {n}', language='en')\n"
        "    message_enqueue(user, Planned(kind='reminders_tests.notice', recipient=user.email,"
        " due_at=datetime.now(UTC), language='en'))\n"
    )
    subprocess.run([sys.executable, str(script), "exec", setup], env=env, cwd=ROOT, check=True, timeout=120)
    out = subprocess.run(
        [sys.executable, str(script), "send_due_reminders"],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    ).stdout
    assert out.startswith("3 due message(s) claimed: 3 sent")
    mails = [p.read_text() for p in (tmp_path / "mail").iterdir()]
    assert sorted(line for text in mails for line in text.splitlines() if line.startswith("To: ")) == [
        "To: sqlite0@example.org",
        "To: sqlite1@example.org",
        "To: sqlite2@example.org",
    ]


def test_beat_runs_the_sweep_task_every_minute():
    from django.conf import settings

    from dialogkurs.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["reminders-sweep"]
    assert (entry["task"], entry["schedule"]) == ("reminders.sweep", 60.0)
    app.loader.import_default_modules()
    assert {"reminders.sweep", "reminders.send", "reminders.send_many"} <= set(app.tasks)
