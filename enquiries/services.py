"""Every write that matters for enquiries: one function per state change.

Each service locks the enquiry row (``_lock``), re-checks the state it was asked to change,
writes the change and its history row, and re-plans the enquiry's reminders in the same
transaction. E-mails leave through the reminders outbox, after commit.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from audit.log import audit_record, audit_snapshot
from sessions_app import services as course_services
from sessions_app.models import Course, Organisation, Workplace

from . import planners, sla
from .models import Enquiry, EnquiryEvent, EnquiryMeeting, EventKind, Status, Topic
from .selectors import meeting_staff

logger = logging.getLogger(__name__)


def _lock(enquiry: Enquiry) -> Enquiry:
    """The enquiry re-read under a row lock: the state checks that follow see the truth."""
    return Enquiry.objects.select_for_update(of=("self",)).get(pk=enquiry.pk)


def _check_transition(enquiry: Enquiry, to_status: str) -> None:
    if not enquiry.can_become(to_status):
        raise ValidationError(
            _("This enquiry is “%(status)s”; it cannot become “%(new)s”."),
            code="invalid_transition",
            params={"status": enquiry.get_status_display(), "new": Status(to_status).label},
        )


def _set_status(enquiry: Enquiry, to_status: str, *, by: User | None, now: datetime, text: str = "") -> list[str]:
    """Change the status and log it; returns the changed field names for ``save``."""
    _check_transition(enquiry, to_status)
    from_status = enquiry.status
    enquiry.status = to_status
    fields = ["status"]
    if to_status != Status.CLOSED and enquiry.contacted_at is None:
        enquiry.contacted_at = now
        fields.append("contacted_at")
    if to_status == Status.CLOSED:
        enquiry.closed_at = now
        fields.append("closed_at")
    EnquiryEvent.objects.create(
        enquiry=enquiry,
        kind=EventKind.STATUS_CHANGED,
        actor=by,
        created_at=now,
        from_status=from_status,
        to_status=to_status,
        text=text,
    )
    audit_record(enquiry, "status", before={"status": from_status}, actor=by)
    return fields


def _require_open(enquiry: Enquiry) -> None:
    if enquiry.status == Status.CLOSED:
        raise ValidationError(_("This enquiry is closed."), code="closed")


@transaction.atomic
def enquiry_submit(
    *,
    name: str,
    email: str,
    organisation: str,
    topic: str,
    message: str,
    language: str,
    country: str,
    phone: str = "",
    preferred_times: str = "",
    now: datetime | None = None,
) -> Enquiry:
    """Record an enquiry from the public form (consent was given on the form).

    Side effects: the Enquiry row with its contact deadlines in working days (2 for the
    assignee's reminder, 3 for the coordinators' alert); a "received" history row; the SLA
    reminders planned; the confirmation e-mail to the sender enqueued (sent after commit).
    """
    now = now or timezone.now()
    enquiry = Enquiry(
        name=name,
        email=email,
        phone=phone,
        organisation=organisation,
        country=country,
        topic=topic,
        message=message,
        preferred_times=preferred_times,
        language=language,
        consented_at=now,
        created_at=now,
        contact_due_at=sla.add_working_days(now, settings.ENQUIRY_SLA_REMIND_WORKING_DAYS, country),
        alert_due_at=sla.add_working_days(now, settings.ENQUIRY_SLA_ALERT_WORKING_DAYS, country),
    )
    # The fields only: on a new enquiry built here from parsed input, every check constraint
    # (choices, names until anonymised, the state's times, the SLA order) follows from the field
    # validation and from this function, and the database enforces them all; validating them
    # too costs a query and a savepoint each on every public post.
    enquiry.full_clean(validate_constraints=False)
    enquiry.save()
    audit_record(enquiry, "submit", fields=["name", "email", "topic", "country", "language", "status"])
    EnquiryEvent.objects.create(enquiry=enquiry, kind=EventKind.RECEIVED, created_at=now)
    planners.replan_enquiry(enquiry)
    planners.enqueue_confirmation(enquiry)
    return enquiry


# Enquiries planned per sweep at most: a backlog (after a long outage) is spread over sweeps.
SLA_PLANNING_BATCH = 200


def enquiries_plan_sla(now: datetime | None = None) -> int:
    """The outbox sweep's planning for enquiries (registered with ``register_sweep_planner``):
    each new enquiry whose SLA messages are due within ENQUIRY_SLA_PLAN_AHEAD and not planned yet
    gets them, the reminder (to the assignee, or to every coordinator) and the coordinators' alert.

    Each enquiry is locked and re-read as a service does; one that a coordinator is changing right
    now is skipped (SKIP LOCKED) and planned by the next sweep if it is still new. It is re-planned
    as at the moment its planning was due: a sweep that comes late (the broker was down) still
    plans what was due meanwhile, which the sweep then sends or, past REMINDERS_MAX_LATENESS,
    marks missed, as it would have rows planned on arrival. Returns how many were planned.
    """
    now = now or timezone.now()
    done = 0
    for pk in planners.enquiries_awaiting_sla_planning(now).values_list("pk", flat=True)[:SLA_PLANNING_BATCH]:
        with transaction.atomic():
            enquiry = (
                Enquiry.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("assignee")
                .filter(pk=pk, status=Status.NEW)
                .first()
            )
            if enquiry is not None:
                planners.replan_enquiry(enquiry, now=min(now, planners.sla_planned_from(enquiry)))
                done += 1
    return done


@transaction.atomic
def enquiry_assign(enquiry: Enquiry, *, assignee: User | None, by: User) -> Enquiry:
    """Give the enquiry to a coordinator (or to nobody).

    Side effects: an "assigned" history row; the SLA reminder re-planned for the new assignee.
    """
    enquiry = _lock(enquiry)
    _require_open(enquiry)
    if assignee is not None and not (assignee.is_active and assignee.has_role(Role.COORDINATOR)):
        raise ValidationError(_("Enquiries can only be assigned to an active coordinator."), code="not_coordinator")
    if enquiry.assignee_id == (assignee.pk if assignee else None):
        return enquiry
    before = audit_snapshot(enquiry, ["assignee"])
    enquiry.assignee = assignee
    enquiry.save(update_fields=["assignee"])
    audit_record(enquiry, "assign", before=before, actor=by)
    EnquiryEvent.objects.create(
        enquiry=enquiry, kind=EventKind.ASSIGNED, actor=by, text=assignee.full_name if assignee else ""
    )
    planners.replan_enquiry(enquiry)
    return enquiry


@transaction.atomic
def enquiry_mark_contacted(enquiry: Enquiry, *, by: User) -> Enquiry:
    """new → contacted: someone has talked or written to the sender.

    Side effects: contacted time set; a status history row; the SLA reminders cancelled.
    """
    enquiry = _lock(enquiry)
    fields = _set_status(enquiry, Status.CONTACTED, by=by, now=timezone.now())
    enquiry.save(update_fields=fields)
    planners.replan_enquiry(enquiry)
    return enquiry


def _check_attendees(attendees: list[User], topic: str) -> None:
    if not attendees:
        raise ValidationError(_("Choose at least one person who attends from us."), code="no_attendees")
    allowed = set(meeting_staff(topic).filter(pk__in=[u.pk for u in attendees]).values_list("pk", flat=True))
    if any(u.pk not in allowed for u in attendees):
        raise ValidationError(
            _("Only active coordinators and facilitators (and network clinicians, for network meetings) can attend."),
            code="bad_attendee",
        )


@transaction.atomic
def enquiry_book_meeting(
    enquiry: Enquiry,
    *,
    by: User,
    starts_at: datetime,
    duration_minutes: int,
    location: str,
    attendees: Iterable[User],
) -> EnquiryMeeting:
    """Book the enquiry's face-to-face meeting, or move it if it is already booked; the same
    booking again changes and records nothing.

    Side effects: the meeting row (its sequence bumped when the time or place changes); status
    → meeting_booked with a history row (contacted time set if it was not); the meeting
    reminders re-planned for the day before; an invitation with an .ics to the sender and to
    each attendee (again to everyone after a move), sent after commit.
    """
    attendees = list(attendees)
    enquiry = _lock(enquiry)
    _require_open(enquiry)
    now = timezone.now()
    if starts_at <= now:
        raise ValidationError(_("The meeting must be in the future."), code="past")
    _check_attendees(attendees, enquiry.topic)
    meeting = EnquiryMeeting.objects.filter(enquiry=enquiry).first()
    if meeting is not None and meeting.is_held:
        raise ValidationError(_("The meeting has already taken place."), code="held")
    if meeting is not None and _unchanged(meeting, starts_at, duration_minutes, location, attendees):
        # The same form sent again (a second click, a reload): nothing moved, nothing to record,
        # nobody to tell again.
        return meeting
    if meeting is None:
        fields = _set_status(enquiry, Status.MEETING_BOOKED, by=by, now=now)
        meeting = EnquiryMeeting(enquiry=enquiry)
        kind = EventKind.MEETING_BOOKED
    else:
        fields = []
        kind = EventKind.MEETING_MOVED
        if (meeting.starts_at, meeting.duration_minutes, meeting.location) != (starts_at, duration_minutes, location):
            meeting.sequence += 1
    meeting.starts_at = starts_at
    meeting.duration_minutes = duration_minutes
    meeting.location = location
    meeting.full_clean(exclude=["enquiry"])
    meeting.save()
    audit_record(
        meeting,
        "book" if kind == EventKind.MEETING_BOOKED else "move",
        fields=["starts_at", "duration_minutes", "location"],
        scope=enquiry,
        actor=by,
    )
    meeting.attendees.set(attendees)
    if fields:
        enquiry.save(update_fields=fields)
    local = timezone.localtime(starts_at, sla.time_zone_for(enquiry.country))
    EnquiryEvent.objects.create(
        enquiry=enquiry, kind=kind, actor=by, created_at=now, text=f"{local:%Y-%m-%d %H:%M}, {location}"
    )
    enquiry.meeting = meeting
    planners.replan_enquiry(enquiry)
    planners.enqueue_meeting_invitations(enquiry, meeting)
    return meeting


def _unchanged(meeting: EnquiryMeeting, starts_at, duration_minutes: int, location: str, attendees) -> bool:
    same = (meeting.starts_at, meeting.duration_minutes, meeting.location) == (starts_at, duration_minutes, location)
    return same and set(meeting.attendees.values_list("pk", flat=True)) == {user.pk for user in attendees}


@transaction.atomic
def enquiry_record_meeting(enquiry: Enquiry, *, by: User, outcome: str) -> Enquiry:
    """meeting_booked → met: the meeting took place; record what came of it.

    Side effects: the meeting's held time and outcome; a "meeting held" history row and a
    status history row; the meeting reminders cancelled if any were still planned.
    """
    enquiry = _lock(enquiry)
    now = timezone.now()
    _check_transition(enquiry, Status.MET)
    meeting = EnquiryMeeting.objects.select_for_update().get(enquiry=enquiry)
    if meeting.starts_at > now:
        raise ValidationError(_("The meeting has not started yet."), code="not_started")
    outcome = outcome.strip()
    if not outcome:
        raise ValidationError(_("Write down the outcome of the meeting."), code="no_outcome")
    meeting.held_at = now
    meeting.outcome = outcome
    meeting.full_clean(exclude=["enquiry"])
    meeting.save(update_fields=["held_at", "outcome"])
    audit_record(meeting, "record_meeting", fields=["held_at", "outcome"], scope=enquiry, actor=by)
    EnquiryEvent.objects.create(enquiry=enquiry, kind=EventKind.MEETING_HELD, actor=by, created_at=now)
    enquiry.save(update_fields=_set_status(enquiry, Status.MET, by=by, now=now))
    planners.replan_enquiry(enquiry)
    return enquiry


@transaction.atomic
def enquiry_close(enquiry: Enquiry, *, by: User, reason: str = "") -> Enquiry:
    """Close the enquiry. After a held meeting no reason is needed; before one it is.

    Side effects: closed time set (the retention period runs from it); a status history row
    with the reason; every reminder still planned is cancelled.
    """
    enquiry = _lock(enquiry)
    reason = reason.strip()
    if enquiry.status not in (Status.MET, Status.CLOSED) and not reason:
        raise ValidationError(
            _("Say why the enquiry is closed without a meeting (for example spam or a duplicate)."),
            code="reason_required",
        )
    enquiry.save(update_fields=_set_status(enquiry, Status.CLOSED, by=by, now=timezone.now(), text=reason))
    planners.replan_enquiry(enquiry)
    return enquiry


@transaction.atomic
def enquiry_add_note(enquiry: Enquiry, *, by: User, text: str) -> EnquiryEvent:
    """An internal note, visible to coordinators only. Side effect: a "note" history row."""
    enquiry = _lock(enquiry)
    if enquiry.is_anonymised:
        raise ValidationError(_("This enquiry has been anonymised."), code="anonymised")
    text = text.strip()
    if not text:
        raise ValidationError(_("The note is empty."), code="empty")
    event = EnquiryEvent(enquiry=enquiry, kind=EventKind.NOTE, actor=by, text=text)
    event.full_clean()
    event.save()
    audit_record(enquiry, "add_note", actor=by)
    return event


# --- Conversion -----------------------------------------------------------------------------


@transaction.atomic
def enquiry_convert_to_course(
    enquiry: Enquiry,
    *,
    by: User,
    organisation: Organisation | None = None,
    organisation_name: str = "",
    workplace: Workplace | None = None,
    workplace_name: str = "",
    visiting_address: str = "",
    manager_name: str = "",
    manager_email: str = "",
    location: str = "",
    notes: str = "",
) -> Course:
    """Turn a training enquiry into a draft course for its workplace, in one step.

    The workplace is the one given, or found by name in the organisation, or created; the
    organisation likewise (by name in the enquiry's country). Side effects: the organisation
    and workplace rows when new; a draft course with ``by`` as its coordinator; the enquiry
    linked to it (the course reaches it as ``course.enquiries``); a "draft course created"
    history row.
    """
    enquiry = _lock(enquiry)
    problem = enquiry.course_problem()
    if problem:
        raise ValidationError(problem, code="not_convertible")
    if workplace is None:
        if organisation is None:
            organisation_name = organisation_name.strip()
            if not organisation_name:
                raise ValidationError(_("Choose an organisation or give the name of a new one."), code="organisation")
            organisation = Organisation.objects.filter(
                name__iexact=organisation_name, country=enquiry.country
            ).first() or course_services.organisation_create(name=organisation_name, country=enquiry.country)
        workplace_name = workplace_name.strip()
        if not workplace_name:
            raise ValidationError(_("Choose a workplace or give the name of a new one."), code="workplace")
        workplace = Workplace.objects.filter(organisation=organisation, name__iexact=workplace_name).first()
        if workplace is None:
            workplace = course_services.workplace_create(
                organisation=organisation,
                name=workplace_name,
                visiting_address=visiting_address.strip(),
                manager_name=manager_name.strip(),
                manager_email=manager_email.strip(),
                manager_language=enquiry.language,
            )
    elif organisation is not None and workplace.organisation_id != organisation.pk:
        raise ValidationError(_("The workplace belongs to another organisation."), code="mismatch")
    course = course_services.course_create_draft(
        workplace=workplace,
        coordinator=by,
        location=location.strip(),
        notes=notes.strip() or _("From enquiry %(number)s.") % {"number": enquiry.pk},
    )
    enquiry.course = course
    enquiry.save(update_fields=["course"])
    audit_record(enquiry, "convert", fields=["course"], actor=by)
    EnquiryEvent.objects.create(enquiry=enquiry, kind=EventKind.CONVERTED, actor=by, text=str(workplace))
    return course


@transaction.atomic
def enquiry_hand_over(enquiry: Enquiry, *, by: User, now: datetime | None = None) -> Enquiry:
    """Record that the enquiry was handed over to the network team (it became a case there).

    Called by the network app in the transaction that creates the case; enquiries never learns
    which case. Side effects: the hand-over time; a "handed over" history row; the enquiry
    closed (its contact deadlines stop) unless a face-to-face meeting is still ahead, which
    then keeps its reminders and is recorded and closed as usual.
    """
    enquiry = _lock(enquiry)
    _require_open(enquiry)
    if enquiry.topic != Topic.NETWORK_MEETINGS:
        raise ValidationError(_("Only an enquiry about network meetings can be handed over."), code="topic")
    if enquiry.is_handed_over:
        raise ValidationError(_("This enquiry has already been handed over."), code="handed_over")
    now = now or timezone.now()
    enquiry.handed_over_at = now
    fields = ["handed_over_at"]
    audit_record(enquiry, "hand_over", fields=["handed_over_at"], actor=by)
    EnquiryEvent.objects.create(enquiry=enquiry, kind=EventKind.HANDED_OVER, actor=by, created_at=now)
    if enquiry.status != Status.MEETING_BOOKED:
        fields += _set_status(enquiry, Status.CLOSED, by=by, now=now, text=str(EventKind.HANDED_OVER.label))
    enquiry.save(update_fields=fields)
    planners.replan_enquiry(enquiry)
    return enquiry


# --- Retention ------------------------------------------------------------------------------


def retention_cutoff(now: datetime | None = None) -> datetime:
    """Enquiries closed before this moment are past the retention period."""
    # Calendar months: 31 March less one month is the last day of February.
    return (now or timezone.now()) - relativedelta(months=settings.ENQUIRY_RETENTION_MONTHS)


@transaction.atomic
def enquiry_anonymise(enquiry: Enquiry, *, now: datetime | None = None) -> Enquiry:
    """Remove the personal data of a closed enquiry, keeping topic, country, language, status
    and dates for statistics.

    Side effects: the contact details, message, preferred times, notes, the meeting's place
    and outcome are blanked; the outbox rows that named the sender lose the address; an
    "anonymised" history row.
    """
    enquiry = _lock(enquiry)
    if enquiry.status != Status.CLOSED:
        raise ValidationError(_("Only closed enquiries can be anonymised."), code="open")
    if enquiry.is_anonymised:
        return enquiry
    now = now or timezone.now()
    sender = enquiry.email
    enquiry.name = enquiry.email = enquiry.phone = enquiry.organisation = ""
    enquiry.message = enquiry.preferred_times = ""
    enquiry.anonymised_at = now
    enquiry.save(
        update_fields=["name", "email", "phone", "organisation", "message", "preferred_times", "anonymised_at"]
    )
    enquiry.events.exclude(text="").exclude(kind=EventKind.ASSIGNED).update(text="")  # staff names stay
    EnquiryMeeting.objects.filter(enquiry=enquiry).update(location="", outcome="")
    planners.forget_recipient(enquiry, sender)
    EnquiryEvent.objects.create(enquiry=enquiry, kind=EventKind.ANONYMISED, created_at=now)
    audit_record(enquiry, "anonymise", fields=["anonymised_at"])
    return enquiry


def enquiries_anonymise_expired(*, now: datetime | None = None) -> int:
    """Anonymise every closed enquiry past the retention period; returns how many.

    One short transaction per enquiry, each re-checked under its lock, so a run that is
    interrupted, or two runs at once, leave nothing half done.
    """
    now = now or timezone.now()
    due = Enquiry.objects.filter(status=Status.CLOSED, anonymised_at=None, closed_at__lt=retention_cutoff(now))
    count = 0
    for enquiry in due.only("pk").order_by("pk").iterator():
        if enquiry_anonymise(enquiry, now=now).anonymised_at == now:
            count += 1
    if count:
        logger.info("anonymised %d closed enquiries", count)
    return count
