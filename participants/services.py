"""Registrations, the waitlist and attendance: one function per state change.

Race condition everywhere here: many participants register through the same sign-up link at
once. Every change that can move a place locks the course row first, so the count of
confirmed registrations read under the lock is the truth.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import BigIntegerField, CharField, prefetch_related_objects
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from accounts.models import User
from audit.log import audit_record, audit_snapshot
from dialogkurs.ratelimits import address_key, parse_rate
from dialogkurs.statements import Param, keep_related, prepared
from reminders.planning import message_enqueue, plan_new, replan
from sessions_app.models import Course, CourseStatus, HalfDay, Workplace
from sessions_app.services import course_lock

from . import planners
from .models import LIVE, Attendance, Participant, Perspective, Registration, RegistrationSource, RegistrationStatus


def _by_email(email: str | Param):
    # LOWER(email) = …, the expression of the unique index: one index probe. (iexact is
    # UPPER(email) = UPPER(…) on PostgreSQL, which no index serves: a scan of every participant.)
    # ``email``: lower case already when it is a Param.
    return Participant.objects.alias(email_lower=Lower("email")).filter(
        email_lower=email if isinstance(email, Param) else email.lower()
    )


def participant_get_or_create(
    *,
    email: str,
    name: str,
    workplace: Workplace | None = None,
    language: str = "sv",
    perspective: str = Perspective.STAFF,
) -> Participant:
    """The participant with this e-mail address (any case), created when new. An existing
    participant keeps the data already held; blanks are filled in. Safe when two requests
    create the same address at once."""
    return _participant_get_or_create(
        email=email, name=name, workplace=workplace, language=language, perspective=perspective
    )[0]


def _participant_get_or_create(
    *, email: str, name: str, workplace: Workplace | None, language: str, perspective: str
) -> tuple[Participant, bool]:
    """``participant_get_or_create``, and whether the participant was created by this call (so
    holds no registration yet)."""
    email = email.strip()
    found = prepared(
        "participants:participant_by_email", lambda: _by_email(Param("email", CharField())).order_by("pk")[:1]
    ).fetch(email=email.lower())
    participant = found[0] if found else None
    if participant is None:
        participant = Participant(
            email=email.lower(), name=name.strip(), workplace=workplace, language=language, perspective=perspective
        )
        # The workplace is a row already read (the course's): no query to check that it exists.
        participant.full_clean(exclude=["workplace"], validate_constraints=False)
        try:
            with transaction.atomic():
                participant.save()
                audit_record(participant, "create", fields=["name", "email", "workplace", "language", "perspective"])
        except IntegrityError:
            # Race condition: the same address registered at the same moment (a double click on
            # the sign-up form). The insert waited for the other transaction, which committed
            # the participant; use that one.
            return _by_email(email).get(), False
        return participant, True
    if participant.workplace_id is None and workplace is not None:
        before = audit_snapshot(participant, ["workplace"])
        participant.workplace = workplace
        participant.save(update_fields=["workplace"])
        audit_record(participant, "update", before=before)
    return participant, False


@dataclass
class _Placement:
    """A place just taken, with what the course held when it was taken (read under its lock),
    for what follows (``_registration_plan``) without asking again."""

    registration: Registration
    # The newcomer's number in line (None when confirmed): everyone waitlisted before is ahead.
    position: int | None
    # Places (confirmed or waitlisted) now held through the link from the same connection.
    held_from_address: int
    # The row was inserted now (not a cancelled registration taken up again): it has no
    # outbox rows yet.
    inserted: bool


@transaction.atomic
def registration_create(
    *, course: Course, participant: Participant, source: str, consent: bool = False, client_address: str = ""
) -> Registration:
    """Give the participant a place: confirmed while fewer than ``Course.CAPACITY`` are, else
    waitlisted in arrival order. Registering again returns the live registration; a cancelled
    one is taken up again at the back of the queue.

    Through the sign-up link (``source`` SIGNUP) only while the link is open
    (``Course.accepts_signups``).

    Refused with a ValidationError when the course is not open (code ``closed``); when it is
    full and its waitlist holds ``WAITLIST_MAX`` (code ``full``), whoever registers — a
    coordinator, a CSV import or the sign-up link; and for a sign-up through the link
    (``client_address`` given) when ``SIGNUP_RATE_LIMIT`` sign-ups from the same internet
    connection were accepted on this course within its period (code ``rate_limited``).

    Side effects: those of ``_registration_plan``, in the same transaction (so under the
    course's lock)."""
    placed = _registration_place(
        course=course, participant=participant, source=source, consent=consent, client_address=client_address
    )
    if isinstance(placed, Registration):
        return placed
    _registration_plan(placed)
    return placed.registration


def _registration_place(
    *,
    course: Course,
    participant: Participant,
    source: str,
    consent: bool,
    client_address: str,
    new_participant: bool = False,
) -> _Placement | Registration:
    """The part of registering that needs the course's lock: the rules that count places, and
    the registration row. The place taken now, or the participant's live registration, left as
    it was. Inside a transaction. ``new_participant``: created in this transaction, so without
    any registration (no query for one while the lock is held). The half-days of ``course``,
    when read before (``_read_half_days``), are kept when the lock shows they still hold."""
    course = _locked_with_half_days(course)
    if not course.is_open_for_changes:
        raise ValidationError(_("This training is not open for registration."), code="closed")
    if source == RegistrationSource.SIGNUP and not course.accepts_signups:
        raise ValidationError(_("The sign-up link of this training is closed."), code="signup_closed")
    now = timezone.now()
    existing = None
    if not new_participant:
        existing = Registration.objects.filter(course=course, participant=participant).first()
        if existing is not None and existing.status != RegistrationStatus.CANCELLED:
            return existing
    address = address_key(client_address) if client_address else ""
    # Race condition: the counts below are read under the course's lock, so they are the truth
    # however many sign-ups arrive at once. One query for all of them: the lock is held for it.
    limit, period = parse_rate("SIGNUP_RATE_LIMIT", settings.SIGNUP_RATE_LIMIT)
    counts = _place_counts(course, address=address, since=now - period)
    if address and counts.from_address >= limit:
        raise ValidationError(
            _("Many people have signed up from the same internet connection just now."), code="rate_limited"
        )
    if counts.confirmed < Course.CAPACITY:
        status = RegistrationStatus.CONFIRMED
    elif counts.waitlisted >= settings.WAITLIST_MAX:
        raise ValidationError(
            _("This training is fully booked and so is its waitlist (at most %(count)s people)."),
            code="full",
            params={"count": settings.WAITLIST_MAX},
        )
    else:
        status = RegistrationStatus.WAITLISTED
    registration = existing or Registration(course=course, participant=participant)
    registration.course = course
    registration.status = status
    registration.source = source
    registration.queued_at = now
    registration.cancelled_at = None
    registration.promoted_at = None
    registration.consent_given_at = now if consent else None
    registration.signup_address = address
    registration.save()
    audit_record(registration, "register", fields=["participant", "status", "source", "consent_given_at"], scope=course)
    # Everyone waitlisted now arrived before (queued_at is read under the lock; a tie is broken
    # by the id, which is larger for the row inserted last): the newcomer is next after them.
    position = counts.waitlisted + 1 if status == RegistrationStatus.WAITLISTED else None
    held = counts.held_from_address + 1 if address else 0
    return _Placement(registration, position, held, inserted=existing is None)


def _read_half_days(course: Course) -> None:
    """Read the course's half-days before its lock is taken (``_locked_with_half_days``), so
    that planning reads nothing more while the lock is held. A kept statement (issue 13: a
    prefetch compiled its query for 2 ms of every sign-up)."""
    rows = prepared(
        "participants:half_days_of_course",
        lambda: HalfDay.objects.filter(course=Param("course", BigIntegerField())).order_by("number"),
    ).fetch(course=course.pk)
    keep_related(course, "half_days", rows)


def _locked_with_half_days(course: Course) -> Course:
    """The course locked (``course_lock``), with the half-days read before the lock when they
    still hold: the course keeps a copy of when half-days 1 and 2 start (``first_starts_at``,
    ``second_starts_at``), written in the transaction that moves them under the same lock, and
    the reminders are planned from those start times. Otherwise (moved in between, or not
    read) they are read again with the lock held. Likewise its workplace (whose time zone the
    reminders are planned in, through its organisation's country), read before the lock for the participant: the course's row alone
    is read under the lock when it still names that workplace (issue 13: the joined rows'
    objects were 1.2 ms of Python while 200 sign-ups queue for the lock)."""
    cached = Course.workplace.is_cached(course) and Workplace.organisation.is_cached(course.workplace)
    workplace = course.workplace if cached else None
    locked = course_lock(course, with_place=workplace is None)
    if workplace is not None:
        if locked.workplace_id == workplace.pk:
            locked.workplace = workplace
        else:  # moved to another workplace meanwhile: read as the lock found it
            locked = course_lock(course)
    read = getattr(course, "_prefetched_objects_cache", {}).get("half_days")
    if read is not None:
        starts = {half_day.number: half_day.starts_at for half_day in read}
        if starts.get(1) == locked.first_starts_at and starts.get(2) == locked.second_starts_at:
            keep_related(locked, "half_days", list(read))
    return locked


@dataclass(frozen=True)
class _PlaceCounts:
    confirmed: int
    waitlisted: int
    # Every sign-up from the address accepted since the start of the period counts, cancelled
    # since or not.
    from_address: int
    # Places (confirmed or waitlisted) held through the link from the address.
    held_from_address: int


def _place_counts(course: Course, *, address: str, since) -> _PlaceCounts:
    """The counts the rules of registering ask for, in one statement. Written out in SQL (the
    same on PostgreSQL and SQLite): it runs while the course's lock is held, and building it
    through the ORM took longer than PostgreSQL took to answer it (issue 13)."""
    field = Registration._meta.get_field
    quote = connection.ops.quote_name
    table, status, course_id, signup_address, queued_at = (
        quote(Registration._meta.db_table),
        *(quote(field(name).column) for name in ("status", "course", "signup_address", "queued_at")),
    )
    live = ", ".join(["%s"] * len(LIVE))
    sql = (
        f"SELECT COUNT(*) FILTER (WHERE {status} = %s), COUNT(*) FILTER (WHERE {status} = %s), "  # noqa: S608 (names from the model)
        f"COUNT(*) FILTER (WHERE {signup_address} = %s AND {queued_at} > %s), "
        f"COUNT(*) FILTER (WHERE {signup_address} = %s AND {status} IN ({live})) "
        f"FROM {table} WHERE {course_id} = %s"
    )
    params = [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
        address,
        connection.ops.adapt_datetimefield_value(since),
        address,
        *LIVE,
        course.pk,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return _PlaceCounts(*cursor.fetchone())


def _registration_plan(placed: _Placement) -> None:
    """What follows a new place, in the transaction that took it, under the course's lock (so
    that a change of the course's half-days, which takes the lock and re-plans every
    registration, sees the registration with its rows, never half of it): the registration's
    reminders are planned (only its own messages: a registration changes no other row of the
    course's plan, see planners.py); the participant is told by e-mail, with the place as it
    was taken; when more than ``SIGNUP_ADDRESS_ALERT`` people hold places signed up from one
    connection, the course's coordinator is told once (``planners.enqueue_shared_address_alert``).

    A registration inserted now has no outbox rows: its reminders and confirmation are one
    INSERT (``plan_new``), with nothing read but the half-days. Two statements under the lock
    for all that follows, whatever the course holds (issue 13: 200 people at once)."""
    registration = placed.registration
    course = registration.course
    # The half-days once, for the reminders and for whether the training has been held
    # (nothing to read when they were read before the lock and still hold).
    prefetch_related_objects([course], "half_days")
    now = timezone.now()
    # A training already held (someone added afterwards, e.g. for the attendance list): no
    # "you have a place" and no cancel link for the past.
    told = [] if course.has_ended(now) else [planners.confirmation(registration, position=placed.position)]
    if placed.inserted:
        plan_new(registration, enqueue=told, now=now)
    else:
        replan(registration, now=now)
        for message in told:
            message_enqueue(registration, message)
    if registration.signup_address and placed.held_from_address > settings.SIGNUP_ADDRESS_ALERT:
        planners.enqueue_shared_address_alert(course, registration.signup_address)


def registration_register(
    *,
    course: Course,
    email: str,
    name: str,
    language: str,
    perspective: str,
    source: str,
    consent: bool = False,
    client_address: str = "",
) -> tuple[Registration, bool]:
    """Register the person with this e-mail address (the participant is found or created): the
    registration, and whether it is new (False when the address already held a live place,
    which is then returned unchanged).

    One transaction: the participant is found or made, then the place is taken under the
    course's lock and planned (``registration_create``): a training that refuses the
    registration leaves no new participant behind, and a place never stands without its
    messages. The lock is held for the counts, the row, its audit entry, the half-days and one
    INSERT of its messages; the commit does not wait for the disk under it
    (``_commit_without_waiting_for_disk``): 200 sign-ups at once each waited for a flush in
    turn. The flush is waited for after the lock is released, before anyone is told of the
    place: before the answer and before the confirmation is handed to Celery.

    Side effects: those of ``participant_get_or_create`` and ``registration_create``."""
    with transaction.atomic():
        participant, new = _participant_get_or_create(
            email=email, name=name, workplace=course.workplace, language=language, perspective=perspective
        )
        if not new:
            existing = Registration.objects.filter(course=course, participant=participant, status__in=LIVE).first()
            if existing is not None:
                return existing, False
        _commit_without_waiting_for_disk()
        _read_half_days(course)
        placed = _registration_place(
            course=course,
            participant=participant,
            source=source,
            consent=consent,
            client_address=client_address,
            new_participant=new,
        )
        if isinstance(placed, Registration):
            return placed, False
        _registration_plan(placed)
    return placed.registration, True


def _commit_without_waiting_for_disk() -> None:
    """This transaction's commit returns before its log is flushed to disk (PostgreSQL's
    ``synchronous_commit``, for this transaction only), and the flush is waited for right after
    it, before anything else that runs on commit (call this before anything registers
    ``on_commit``: the confirmation's hand-over to Celery must come after the flush). A crash of
    the database server in between can lose the transaction, never leave it half done, and
    nobody has been told. PostgreSQL only: SQLite (the embedded default) commits as it always
    does."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO OFF")
    transaction.on_commit(_wait_for_disk)


def _wait_for_disk() -> None:
    """Wait until every transaction committed so far is on disk: a transaction of its own (out
    of any transaction, after commit) whose commit record is flushed, and with it everything
    logged before it. One statement: a transaction id gives it a commit record to flush."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT txid_current()")


def registration_resend_confirmation(registration: Registration) -> None:
    """Send the registration's confirmation again (at most once an hour); nothing once the
    training has been held."""
    if not registration.course.has_ended():
        planners.enqueue_confirmation_again(registration)


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first in the queue; None when not waitlisted."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        course_id=registration.course_id, status=RegistrationStatus.WAITLISTED, queued_at__lt=registration.queued_at
    ).count()
    same_time_ahead = Registration.objects.filter(
        course_id=registration.course_id,
        status=RegistrationStatus.WAITLISTED,
        queued_at=registration.queued_at,
        pk__lt=registration.pk,
    ).count()
    return ahead + same_time_ahead + 1


@dataclass
class CancelResult:
    registration: Registration
    promoted: Registration | None = None


@transaction.atomic
def registration_cancel(registration: Registration) -> CancelResult:
    """confirmed|waitlisted → cancelled, while the training is open and not yet held
    (``Registration.can_be_cancelled``: a held, delivered or cancelled training keeps its list
    as it was). When a confirmed place is
    freed, the first waitlisted participant is promoted in the same transaction.

    Side effects: the cancelled participant's reminders are cancelled, the promoted one gets a
    confirmed participant's; the promoted participant is told."""
    course = course_lock(registration.course)
    registration = Registration.objects.get(pk=registration.pk)
    registration.course = course
    if registration.status == RegistrationStatus.CANCELLED:
        return CancelResult(registration)
    if not registration.can_be_cancelled and course.is_open_for_changes:
        raise ValidationError(
            _("This training has already been held: its places can no longer be cancelled."), code="course_held"
        )
    if not registration.can_be_cancelled:
        raise ValidationError(
            _("This training is %(status)s: its places can no longer be cancelled.")
            % {"status": course.get_status_display().lower()},
            code="course_closed",
        )
    was_confirmed = registration.status == RegistrationStatus.CONFIRMED
    before = audit_snapshot(registration, ["status"])
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    audit_record(registration, "cancel", before=before, scope=course)
    promoted = None
    if was_confirmed:
        promoted = (
            Registration.objects.filter(course=course, status=RegistrationStatus.WAITLISTED)
            .order_by("queued_at", "pk")
            .first()
        )
        if promoted is not None:
            before = audit_snapshot(promoted, ["status"])
            promoted.status = RegistrationStatus.CONFIRMED
            promoted.promoted_at = timezone.now()
            promoted.save(update_fields=["status", "promoted_at"])
            audit_record(promoted, "promote", before=before, scope=course)
            planners.enqueue_promoted(promoted)
            replan(promoted)
    replan(registration)
    return CancelResult(registration, promoted)


def attendance_problem(half_day: HalfDay) -> str | None:
    """Why attendance cannot be saved for the half-day now, or None when it can: on a training
    that was not cancelled, once the half-day has begun (before, nobody knows who came)."""
    if half_day.course.status == CourseStatus.CANCELLED:
        return _("This training is cancelled.")
    if not half_day.has_begun:
        starts_at = timezone.localtime(half_day.starts_at)
        return _("Attendance for half-day %(number)s can be saved once it has begun, from %(date)s at %(time)s.") % {
            "number": half_day.number,
            "date": date_format(starts_at, "SHORT_DATE_FORMAT"),
            "time": time_format(starts_at, "H:i"),
        }
    return None


def _require_attendance_open(half_day: HalfDay) -> None:
    problem = attendance_problem(half_day)
    if problem is not None:
        raise ValidationError(problem, code="attendance_closed")


@transaction.atomic
def attendance_record(*, half_day: HalfDay, registration: Registration, present: bool, by: User | None) -> Attendance:
    """Present or absent at one half-day that has begun; only confirmed participants of that course."""
    if registration.course_id != half_day.course_id:
        raise ValidationError(_("This participant is not on this training."), code="wrong_course")
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Only confirmed participants have attendance."), code="not_confirmed")
    _require_attendance_open(half_day)
    previous = Attendance.objects.filter(registration=registration, half_day=half_day).first()
    attendance, _created = Attendance.objects.update_or_create(
        registration=registration, half_day=half_day, defaults={"present": present, "recorded_by": by}
    )
    if previous is None or previous.present != present:
        before = {"present": previous.present} if previous is not None else {}
        audit_record(
            attendance, "record_attendance", before=before, fields=["present", "half_day"], scope=half_day.course
        )
    return attendance


@transaction.atomic
def attendance_record_many(*, half_day: HalfDay, present_ids: set[int], by: User | None) -> int:
    """Attendance for every confirmed participant of the half-day's course at once: those in
    ``present_ids`` present, the others absent, once the half-day has begun. Returns how many
    were recorded."""
    _require_attendance_open(half_day)
    registrations = Registration.objects.filter(course_id=half_day.course_id, status=RegistrationStatus.CONFIRMED)
    count = 0
    for registration in registrations:
        attendance_record(half_day=half_day, registration=registration, present=registration.pk in present_ids, by=by)
        count += 1
    return count


# --- CSV import --------------------------------------------------------------------------------

CSV_COLUMNS = ("name", "email", "perspective", "language")
MAX_IMPORT_ROWS = 500
# Checked row by row here, so a long value is named with its row instead of failing the whole
# import in the model's full_clean.
NAME_MAX_LENGTH = Participant._meta.get_field("name").max_length
EMAIL_MAX_LENGTH = Participant._meta.get_field("email").max_length


@dataclass
class ImportResult:
    errors: list[tuple[int, str]] = field(default_factory=list)
    registrations: list[Registration] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# Spreadsheets in Sweden and Norway save CSV with semicolons; commas and tabs are accepted too.
DELIMITERS = ";,\t"


def _delimiter(text: str) -> str:
    """The separator that splits the first row into columns named ``name`` and ``email`` (the
    header says which it is, whatever the rows below hold); otherwise csv's guess, or a comma.
    (csv.Sniffer alone guessed commas for semicolon files whose rows were uneven or held a
    quoted comma, and the user was told to fix a header that was right.)"""
    first = text.split("\n", 1)[0]
    for delimiter in DELIMITERS:
        columns = {cell.strip().lower() for cell in next(csv.reader([first], delimiter=delimiter), [])}
        if {"name", "email"} <= columns:
            return delimiter
    try:
        return csv.Sniffer().sniff(text[:2048], delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def _parse_rows(text: str) -> tuple[list[dict], list[tuple[int, str]]]:
    perspectives = set(Perspective.values)
    languages = {"en", "sv", "nb"}
    # Line breaks of every kind as one (old Mac files end their lines with a lone CR).
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.DictReader(io.StringIO(text), delimiter=_delimiter(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [column for column in ("name", "email") if column not in header]
    if missing:
        return [], [
            (1, _("The first row must name the columns; missing: %(columns)s.") % {"columns": ", ".join(missing)})
        ]
    twice = sorted({column for column in header if column and header.count(column) > 1})
    if twice:
        return [], [(1, _("The first row names a column twice: %(columns)s.") % {"columns": ", ".join(twice)})]
    rows, errors, seen = [], [], set()
    numbered = []
    try:
        for item in enumerate(reader, start=2):
            numbered.append(item)
    except csv.Error:  # a cell of more than csv's 131,072 characters: a quotation mark never closed
        return [], [
            (
                len(numbered) + 2,
                _("This row could not be read: a cell is far too long, or a quotation mark is not closed."),
            )
        ]
    for number, raw in numbered:
        if number - 1 > MAX_IMPORT_ROWS:
            errors.append((number, _("At most %(count)s rows can be imported at once.") % {"count": MAX_IMPORT_ROWS}))
            break
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        problems = []
        if not row.get("name"):
            problems.append(_("the name is missing"))
        elif len(row["name"]) > NAME_MAX_LENGTH:
            problems.append(_("the name is longer than %(count)s characters") % {"count": NAME_MAX_LENGTH})
        try:
            validate_email(row.get("email", ""))
            if len(row["email"]) > EMAIL_MAX_LENGTH:
                raise ValidationError("too long")
        except ValidationError:
            problems.append(_("“%(email)s” is not an e-mail address") % {"email": row.get("email", "")})
        perspective = row.get("perspective") or Perspective.STAFF
        if perspective not in perspectives:
            problems.append(
                _("the perspective must be one of %(choices)s") % {"choices": ", ".join(sorted(perspectives))}
            )
        language = row.get("language") or "sv"
        if language not in languages:
            problems.append(_("the language must be en, sv or nb"))
        email = row.get("email", "").lower()
        if email and email in seen:
            problems.append(_("the e-mail address is on an earlier row too"))
        seen.add(email)
        if problems:
            errors.append((number, "; ".join(problems).capitalize() + "."))
        else:
            rows.append(
                {
                    "number": number,
                    "name": row["name"],
                    "email": email,
                    "perspective": perspective,
                    "language": language,
                }
            )
    return rows, errors


@transaction.atomic
def participants_import_csv(*, course: Course, text: str) -> ImportResult:
    """Register every row of a CSV file (columns name, email, optional perspective and
    language). All or nothing: with any bad row, nothing is saved and every bad row is named;
    when the rows do not fit (the course is full and its waitlist holds ``WAITLIST_MAX``),
    nothing is saved and the first row that does not fit is named."""
    rows, errors = _parse_rows(text)
    if errors:
        return ImportResult(errors=errors)
    if not rows:
        return ImportResult(errors=[(0, _("The file has no participants."))])
    result = ImportResult()
    for row in rows:
        participant = participant_get_or_create(
            email=row["email"],
            name=row["name"],
            workplace=course.workplace,
            language=row["language"],
            perspective=row["perspective"],
        )
        try:
            registration = registration_create(course=course, participant=participant, source=RegistrationSource.IMPORT)
        except ValidationError as error:
            if error.code != "full":
                raise
            # All or nothing: undo the rows already registered (and their e-mails, which would
            # have left on commit).
            transaction.set_rollback(True)
            return ImportResult(
                errors=[
                    (
                        row["number"],
                        _("From this row on, the participants do not fit: %(reason)s Nothing was imported.")
                        % {"reason": error.messages[0]},
                    )
                ]
            )
        result.registrations.append(registration)
    return result
