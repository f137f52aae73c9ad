"""Every change of an outbox row: planning, the sweep, sending, resending.

How a message travels (see the README section "Reminders"):

1. ``replan(obj)`` / ``message_enqueue(obj, planned)`` write ``planned`` rows in the caller's
   transaction. Nothing touches the broker before that transaction commits.
2. ``messages_sweep()`` (Celery beat, every minute) claims due rows in batches with
   ``SELECT … FOR UPDATE SKIP LOCKED``, marks them ``queued`` and, after commit, hands each id to
   a ``reminders.send`` task. It also takes back claims that went stale and marks rows too late
   to send as ``missed``.
3. ``message_send(message_id=…)`` claims the row with a conditional UPDATE (``queued`` → or
   due ``planned`` → ``sending``): a second run of the same task finds nothing to claim. It
   renders, sends with no lock held, and marks the row ``sent``; a transient error puts it back
   to ``planned`` with a backoff, the last attempt ends ``failed``.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Model, Q
from django.utils import timezone

from audit.log import audit_record, audit_snapshot

from . import registry
from .models import ScheduledMessage
from .rendering import ObjectGone, build_email, render_message

logger = logging.getLogger(__name__)

Status = ScheduledMessage.Status
Reason = ScheduledMessage.Reason


# --- Planning -------------------------------------------------------------------------------


def _validate_planned(planned) -> None:
    registry.get_kind(planned.kind)  # LookupError for a kind nobody registered
    try:
        validate_email(planned.recipient)
    except ValidationError:
        raise ValueError(f"{planned.kind}: {planned.recipient!r} is not an e-mail address.") from None
    if timezone.is_naive(planned.due_at):
        raise ValueError(f"{planned.kind}: due_at must be timezone-aware.")
    if planned.language not in dict(settings.LANGUAGES):
        raise ValueError(f"{planned.kind}: unknown language {planned.language!r}.")
    try:
        ZoneInfo(planned.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{planned.kind}: unknown time zone {planned.time_zone!r}.") from None


def _key(kind: str, recipient: str, occasion: str) -> tuple[str, str, str]:
    return kind, recipient.strip().lower(), occasion


def _row_fields(planned) -> dict:
    return {
        "recipient_name": planned.recipient_name,
        "language": planned.language,
        "time_zone": planned.time_zone,
    }


@dataclass(frozen=True)
class ReplanResult:
    created: int = 0
    moved: int = 0
    cancelled: int = 0


def replan(obj: Model, *, now: datetime | None = None) -> ReplanResult:
    """Make the outbox rows for ``obj`` match what its planners want now.

    Call it inside the transaction that changed ``obj``, after the change is saved. For each
    planner of the model, over the rows of that planner's kinds only: missing rows are created,
    pending rows whose time (or language, time zone, name) changed are updated, pending rows no
    longer wanted are cancelled. Sent, failed, cancelled and missed rows are never revived, and
    a row being sent right now is left alone. A wanted message whose time is already more than
    REMINDERS_PLAN_GRACE in the past is not created (and a pending row moved there is
    cancelled): nothing is sent late by surprise.

    Side effects: inserts and updates of ScheduledMessage rows (locked FOR UPDATE first, in id
    order). Nothing is enqueued: the sweep picks up due rows.
    """
    specs = _planners(obj)
    now = now or timezone.now()
    earliest = now - settings.REMINDERS_PLAN_GRACE
    content_type = ContentType.objects.get_for_model(obj)
    wanted = _wanted(obj, specs)
    owned = set().union(*(spec.kinds for spec in specs))

    created = moved = cancelled = 0
    # No savepoint inside the caller's transaction: an error here fails the whole change anyway.
    with transaction.atomic(savepoint=False):
        existing = {
            _key(row.kind, row.recipient, row.occasion): row
            for row in ScheduledMessage.objects.select_for_update(of=("self",))
            .filter(content_type=content_type, object_id=obj.pk, kind__in=owned)
            .order_by("id")
        }
        to_create = []
        for key, planned in wanted.items():
            row = existing.get(key)
            if row is None:
                if planned.due_at >= earliest:
                    to_create.append(_new_row(obj, content_type, planned, now))
                continue
            if row.status not in ScheduledMessage.PENDING:
                continue  # sent, failed, cancelled, missed: history; sending: in flight
            fields = _row_fields(planned)
            if row.due_at != planned.due_at:
                if planned.due_at < earliest:
                    cancelled += _cancel(row, Reason.MOVED_INTO_PAST)
                    continue
                fields.update(due_at=planned.due_at, next_attempt_at=planned.due_at)
                if row.status == Status.QUEUED:
                    # Claimed by a sweep but not yet sent: the task will find nothing to claim.
                    fields.update(status=Status.PLANNED, claimed_at=None)
                moved += 1
            changed = [name for name, value in fields.items() if getattr(row, name) != value]
            for name in changed:
                setattr(row, name, fields[name])
            if changed:
                row.save(update_fields=changed)
        for key, row in existing.items():
            if key not in wanted and row.status in ScheduledMessage.PENDING:
                cancelled += _cancel(row, Reason.NO_LONGER_PLANNED)
        # Two transactions replanning the same new object would both insert: the second waits
        # for the first and then skips the row, which is what it wanted anyway.
        ScheduledMessage.objects.bulk_create(to_create, ignore_conflicts=True)
        created = len(to_create)
    return ReplanResult(created=created, moved=moved, cancelled=cancelled)


def _planners(obj: Model) -> list:
    specs = registry.planners_for(type(obj))
    if not specs:
        raise LookupError(f"No planner is registered for {obj._meta.label}.")
    return specs


def _wanted(obj: Model, specs: list) -> dict[tuple[str, str, str], object]:
    """The messages the planners of ``obj`` want now, by dedupe key, checked."""
    wanted: dict[tuple[str, str, str], object] = {}
    for spec in specs:
        for planned in spec.planner(obj):
            if planned.kind not in spec.kinds:
                raise ValueError(f"The planner {spec.planner!r} returned kind {planned.kind!r}, which it does not own.")
            _validate_planned(planned)
            key = _key(planned.kind, planned.recipient, planned.occasion)
            if key in wanted:
                raise ValueError(f"The planners of {obj._meta.label} planned {key} twice; give each an occasion.")
            wanted[key] = planned
    return wanted


def _new_row(obj: Model, content_type: ContentType, planned, now: datetime) -> ScheduledMessage:
    return ScheduledMessage(
        kind=planned.kind,
        content_type=content_type,
        object_id=obj.pk,
        recipient=_key(planned.kind, planned.recipient, planned.occasion)[1],
        occasion=planned.occasion,
        due_at=planned.due_at,
        next_attempt_at=planned.due_at,
        created_at=now,
        **_row_fields(planned),
    )


def plan_new(obj: Model, *, enqueue: Iterable = (), now: datetime | None = None) -> list[ScheduledMessage]:
    """The first planning of ``obj``, created in the caller's transaction and so without any
    outbox row yet: the rows ``replan(obj)`` would create, and the one-off messages ``enqueue``
    (``Planned``, as for ``message_enqueue``), in one INSERT with nothing read first. The same
    rows as ``replan`` and ``message_enqueue`` give, at the cost of one statement: a sign-up
    holds its course's lock while it plans (issue 13).

    Only for an object whose rows cannot exist yet (its primary key was given in this
    transaction); anything else is re-planned with ``replan``. The due one-off messages are
    published after commit, as ``message_enqueue`` does. Returns the rows inserted."""
    specs = _planners(obj)
    now = now or timezone.now()
    earliest = now - settings.REMINDERS_PLAN_GRACE
    content_type = ContentType.objects.get_for_model(obj)
    planned = [p for p in _wanted(obj, specs).values() if p.due_at >= earliest]
    owned = set().union(*(spec.kinds for spec in specs))
    one_offs = list(enqueue)
    for message in one_offs:
        _validate_planned(message)
        if message.kind in owned:
            raise ValueError(f"{message.kind} is planned by a planner of {obj._meta.label}, not enqueued.")
    rows = ScheduledMessage.objects.bulk_create([_new_row(obj, content_type, p, now) for p in planned + one_offs])
    # Due by now, as message_enqueue asks: a one-off is usually planned "now", after ``now``.
    sent_from = timezone.now()
    due = [row.pk for row in rows[len(planned) :] if row.next_attempt_at <= sent_from]
    if due:
        transaction.on_commit(lambda: publish_sends(due))
    return rows


def _cancel(row: ScheduledMessage, reason: str) -> int:
    row.status = Status.CANCELLED
    row.reason = reason
    row.claimed_at = None
    row.save(update_fields=["status", "reason", "claimed_at"])
    return 1


def message_enqueue(obj: Model, planned) -> ScheduledMessage:
    """A one-off message about ``obj``, due at ``planned.due_at`` (usually now).

    Idempotent by the dedupe key: a second call returns the existing row unchanged. When the
    message is due, a send task is enqueued after the caller's transaction commits; if the
    broker is down the row waits and the next sweep sends it. One-off kinds must not be owned
    by a planner of the same model, or replan would cancel them.
    """
    _validate_planned(planned)
    content_type = ContentType.objects.get_for_model(obj)
    _kind, recipient, occasion = _key(planned.kind, planned.recipient, planned.occasion)
    now = timezone.now()
    message, created = ScheduledMessage.objects.get_or_create(
        kind=planned.kind,
        content_type=content_type,
        object_id=obj.pk,
        recipient=recipient,
        occasion=occasion,
        defaults={
            "due_at": planned.due_at,
            "next_attempt_at": planned.due_at,
            "created_at": now,
            **_row_fields(planned),
        },
    )
    if created and message.next_attempt_at <= now:
        ids = [message.pk]
        transaction.on_commit(lambda: publish_sends(ids))
    return message


# --- Handing rows to Celery ---------------------------------------------------------------


def publish_sends(message_ids: list[int], *, claimed: bool = False) -> int:
    """Enqueue the sending of these ids; call it after commit.

    One ``reminders.send_many`` task per REMINDERS_SEND_CHUNK ids: a worker sends a chunk over
    one connection to the mail server, so the cost of a task and of connecting is shared by
    the chunk's messages (a task per message spent more on Celery than on the e-mail).

    When the broker cannot be reached the rest is left to the database: claimed (queued) rows
    go back to planned so the next sweep takes them again, planned rows simply wait. Returns
    the number of messages handed to the broker.
    """
    from .tasks import send_messages

    size = settings.REMINDERS_SEND_CHUNK
    chunks = [message_ids[start : start + size] for start in range(0, len(message_ids), size)]
    if send_messages.app.conf.task_always_eager:  # tests: the task runs here and now
        for chunk in chunks:
            send_messages.apply_async(kwargs={"message_ids": chunk})
        return len(message_ids)
    published = 0
    try:
        with send_messages.app.producer_pool.acquire(block=True, timeout=5) as producer:
            # Fail fast: a publish's own retries would keep a web request waiting for seconds
            # (kombu and the Redis client both retry), and the rows are safe in the database.
            producer.connection.ensure_connection(max_retries=0, timeout=2)
            for chunk in chunks:
                send_messages.apply_async(kwargs={"message_ids": chunk}, producer=producer, retry=False)
                published += len(chunk)
    except Exception:  # any broker failure: the rows wait in the database for the next sweep
        rest = message_ids[published:]
        logger.warning("reminders: broker unreachable, %d message(s) wait for the next sweep", len(rest), exc_info=True)
        if claimed:
            ScheduledMessage.objects.filter(pk__in=rest, status=Status.QUEUED).update(
                status=Status.PLANNED, claimed_at=None
            )
    return published


# --- The sweep ---------------------------------------------------------------------------


@dataclass
class SweepResult:
    claimed: list[int]
    recovered: int = 0
    missed: int = 0


def messages_sweep(
    *,
    deliver: Callable[[list[int]], object] | None = None,
    now: datetime | None = None,
    batch_size: int | None = None,
) -> SweepResult:
    """One sweep of the outbox.

    0. The sweep planners of the domain apps plan what is due soon (``register_sweep_planner``).
    1. Claims that went stale (older than REMINDERS_CLAIM_TIMEOUT) are taken back: a queued row
       whose task was lost is planned again; a row whose worker died while sending is planned
       again too (it may have gone out: at most that one message is repeated), or failed if
       that was its last attempt.
    2. Pending rows whose moment is more than REMINDERS_MAX_LATENESS ago become ``missed``.
    3. Due rows are claimed in batches (FOR UPDATE SKIP LOCKED, so concurrent sweeps share the
       work instead of waiting or doubling it), marked ``queued``, and after each batch commits
       ``deliver(ids)`` runs — by default publishing the send tasks (``publish_sends``).

    Call it outside a transaction: each batch commits on its own.
    """
    now = now or timezone.now()
    batch_size = batch_size or settings.REMINDERS_SWEEP_BATCH
    deliver = deliver or (lambda ids: publish_sends(ids, claimed=True))
    result = SweepResult(claimed=[])
    _run_sweep_planners(now)
    result.recovered = _recover_stale_claims(now)
    # status IN (planned, queued) is the predicate of reminders_msg_pending_idx, word for word:
    # PostgreSQL then reads only the pending rows that are late, however large the outbox grows.
    result.missed = ScheduledMessage.objects.filter(
        status__in=ScheduledMessage.PENDING, next_attempt_at__lt=now - settings.REMINDERS_MAX_LATENESS
    ).update(status=Status.MISSED, reason=Reason.TOO_LATE, claimed_at=None)
    while True:
        with transaction.atomic():
            ids = list(
                ScheduledMessage.objects.select_for_update(skip_locked=True)
                .filter(status=Status.PLANNED, next_attempt_at__lte=now)
                .order_by("next_attempt_at", "id")
                .values_list("id", flat=True)[:batch_size]
            )
            if ids:
                ScheduledMessage.objects.filter(pk__in=ids).update(status=Status.QUEUED, claimed_at=now)
                transaction.on_commit(lambda ids=ids: deliver(ids))
        result.claimed.extend(ids)
        if len(ids) < batch_size:
            break
    if result.claimed or result.recovered or result.missed:
        logger.info(
            "reminders sweep: %d claimed, %d recovered, %d missed",
            len(result.claimed),
            result.recovered,
            result.missed,
        )
    return result


def _run_sweep_planners(now: datetime) -> None:
    """The domain apps' planning of messages due soon (``registry.register_sweep_planner``).
    One app's failure is logged and leaves the others and the sending of what is due alone."""
    for fn in registry.sweep_planners():
        try:
            fn(now)
        except Exception:
            logger.exception("reminders sweep: the sweep planner %r failed", fn)


def _recover_stale_claims(now: datetime) -> int:
    stale = now - settings.REMINDERS_CLAIM_TIMEOUT
    recovered = ScheduledMessage.objects.filter(status=Status.QUEUED, claimed_at__lt=stale).update(
        status=Status.PLANNED, claimed_at=None
    )
    lost = "The worker was lost while sending; the message may have gone out."
    recovered += ScheduledMessage.objects.filter(
        status=Status.SENDING, claimed_at__lt=stale, attempts__gte=settings.REMINDERS_MAX_ATTEMPTS
    ).update(status=Status.FAILED, claimed_at=None, last_error=lost)
    recovered += ScheduledMessage.objects.filter(status=Status.SENDING, claimed_at__lt=stale).update(
        status=Status.PLANNED, claimed_at=None, next_attempt_at=now, last_error=lost
    )
    return recovered


# --- Sending -------------------------------------------------------------------------------


def is_transient(exc: BaseException) -> bool:
    """Worth another try later? SMTP 4xx replies and network trouble are; 5xx replies (the
    address or the message was refused) and programming or template errors are not."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return any(code < 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code < 500
    return isinstance(exc, smtplib.SMTPException | OSError)


def retry_delay(attempts: int):
    """Exponential backoff after ``attempts`` failed attempts: BACKOFF, 2×, 4×… up to BACKOFF_MAX."""
    return min(settings.REMINDERS_RETRY_BACKOFF * 2 ** max(attempts - 1, 0), settings.REMINDERS_RETRY_BACKOFF_MAX)


def message_send(*, message_id: int, connection=None) -> str:
    """Send one message if it is still to be sent; safe to run twice or concurrently.

    The claim is one conditional UPDATE (queued, or planned and due → sending): whoever runs
    second finds nothing to claim and returns "skipped". No lock is held while talking to the
    mail server. Returns the row's new status (or "skipped").

    Side effects: the e-mail; the row becomes sent, planned again (transient error, with
    backoff), failed (permanent error or last attempt), cancelled (object gone) or missed.
    """
    now = timezone.now()
    due = _due(message_id, now)
    claimed = ScheduledMessage.objects.filter(due, next_attempt_at__gte=now - settings.REMINDERS_MAX_LATENESS).update(
        status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        # Another process got there first, replan cancelled or moved it, or it waited too long.
        return Status.MISSED if _mark_missed(due, now) else "skipped"
    message = ScheduledMessage.objects.select_related("content_type").get(pk=message_id)
    return _deliver(message, now, connection)


def _due(message_ids: int | list[int], now: datetime) -> Q:
    ids = Q(pk__in=message_ids) if isinstance(message_ids, list) else Q(pk=message_ids)
    return ids & (Q(status=Status.QUEUED) | Q(status=Status.PLANNED, next_attempt_at__lte=now))


def _mark_missed(due: Q, now: datetime) -> int:
    return ScheduledMessage.objects.filter(due, next_attempt_at__lt=now - settings.REMINDERS_MAX_LATENESS).update(
        status=Status.MISSED, reason=Reason.TOO_LATE, claimed_at=None
    )


def _deliver(message: ScheduledMessage, now: datetime, connection) -> str:
    """Render and send a claimed (sending) message and record how it went."""
    try:
        email = build_email(message, render_message(message), connection=connection)
    except ObjectGone:
        return _finish(message, Status.CANCELLED, reason=Reason.OBJECT_GONE)
    except Exception as exc:  # a broken template or context is not worth retrying
        logger.exception("reminders: message %s (%s) could not be rendered", message.pk, message.kind)
        return _finish(message, Status.FAILED, error=f"{type(exc).__name__}: {exc}")
    try:
        email.send()
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        if is_transient(exc) and message.attempts < settings.REMINDERS_MAX_ATTEMPTS:
            logger.warning(
                "reminders: message %s attempt %s failed, will retry: %s", message.pk, message.attempts, error
            )
            return _finish(message, Status.PLANNED, error=error, next_attempt_at=now + retry_delay(message.attempts))
        logger.error("reminders: message %s failed after %s attempt(s): %s", message.pk, message.attempts, error)
        return _finish(message, Status.FAILED, error=error)
    return _finish(message, Status.SENT, sent_at=timezone.now())


def _mail_connection():
    """An open connection to the mail server, or None when it cannot be reached (each send then
    finds out on its own and is retried with backoff)."""
    connection = get_connection()
    try:
        connection.open()
    except Exception:
        logger.warning("reminders: the mail server cannot be reached", exc_info=True)
        return None
    return connection


def messages_send(*, message_ids: list[int]) -> dict[int, str]:
    """Send these messages (a chunk handed over by the sweep) over one mail connection; safe to
    run twice or concurrently, like ``message_send``. Returns each id's new status ("skipped"
    for those another process had, or that were no longer due).

    The chunk is claimed at once (the rows nobody else holds, FOR UPDATE SKIP LOCKED, become
    sending) and read with the objects they are about in a few queries; each message is then
    sent and recorded on its own, so a worker that dies repeats at most the one in flight (the
    sweep takes the rest of its claim back after REMINDERS_CLAIM_TIMEOUT).
    """
    now = timezone.now()
    due = _due(list(message_ids), now)
    _mark_missed(due, now)
    with transaction.atomic():
        claimed = list(
            ScheduledMessage.objects.select_for_update(skip_locked=True)
            .filter(due, next_attempt_at__gte=now - settings.REMINDERS_MAX_LATENESS)
            .values_list("pk", flat=True)
        )
        ScheduledMessage.objects.filter(pk__in=claimed).update(
            status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    outcomes = dict.fromkeys(message_ids, "skipped")
    messages = (
        ScheduledMessage.objects.filter(pk__in=claimed)
        .select_related("content_type")
        .prefetch_related("content_object")
        .order_by("next_attempt_at", "pk")
    )
    connection = _mail_connection() if claimed else None
    try:
        for message in messages:
            outcomes[message.pk] = _deliver(message, now, connection)
            if outcomes[message.pk] == Status.PLANNED and connection is not None:
                # A transient error may have broken the connection: the next one starts afresh.
                connection.close()
                connection = _mail_connection()
    finally:
        if connection is not None:
            connection.close()
    return outcomes


def _finish(message: ScheduledMessage, status: str, *, error: str | None = None, **fields) -> str:
    updates = {"status": status, "claimed_at": None, **fields}
    if error is not None:
        updates["last_error"] = error[:2000]
    # Only our own claim is finished: if the sweep took a stale claim back meanwhile, it owns it.
    ScheduledMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(**updates)
    return status


def message_resend(message: ScheduledMessage, *, now: datetime | None = None) -> ScheduledMessage:
    """Send a failed or missed message again, now: a coordinator's deliberate choice.

    Locks the row and re-checks its status (two clicks resend once). Side effects: the row is
    planned again with a fresh count of attempts; a send task is enqueued after commit (the
    sweep sends it otherwise). Raises ValueError when the row is not failed or missed.
    """
    now = now or timezone.now()
    with transaction.atomic():
        message = ScheduledMessage.objects.select_for_update().get(pk=message.pk)
        if message.status not in ScheduledMessage.RESENDABLE:
            raise ValueError(f"Message {message.pk} is {message.status}; only failed or missed messages are resent.")
        before = audit_snapshot(message, ["status"])
        message.status = Status.PLANNED
        message.reason = Reason.NONE
        message.attempts = 0
        message.next_attempt_at = now
        message.claimed_at = None
        message.save(update_fields=["status", "reason", "attempts", "next_attempt_at", "claimed_at"])
        audit_record(message, "resend", before=before)
        ids = [message.pk]
        transaction.on_commit(lambda: publish_sends(ids))
    return message


def messages_for(obj: Model, *, kinds: Iterable[str] | None = None):
    """The outbox rows about ``obj`` (for domain pages that show what was sent)."""
    rows = ScheduledMessage.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
    if kinds is not None:
        rows = rows.filter(kind__in=list(kinds))
    return rows
