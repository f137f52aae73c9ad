"""Every write about the records of a case: notes and their versions, objections, emergency
access, the access log, erasure at a member's request, and retention.

Signed notes, objections and access-log rows are never changed: these services only add rows,
and the database refuses UPDATE and DELETE of them (migration 0002) except in a transaction that
raises ``database_flag("retention")`` or ``database_flag("rotation")``.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role

from . import planners
from .models import (
    AccessLog,
    Case,
    CaseEvent,
    CaseEventKind,
    DeletedCase,
    EmergencyAccess,
    MeetingNote,
    NetworkMeeting,
    NetworkMember,
    NoteObjection,
    NoteStatus,
)
from .permissions import AccessReason, access_reason, can_change_case

logger = logging.getLogger(__name__)


@contextmanager
def database_flag(name: str):
    """Tell the database triggers, for this transaction only, that rows they guard may change:
    ``retention`` (deleting expired cases) or ``rotation`` (re-encrypting with a new key)."""
    if name not in ("retention", "rotation"):
        raise ValueError(name)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'on', true)", [f"dialogkurs.{name}"])
        yield


def _clean(text: str) -> str:
    return (text or "").strip()


def _lock_case(case_id: int) -> Case:
    return Case.objects.select_for_update(of=("self",)).get(pk=case_id)


def _require_team(user: User, case: Case) -> None:
    if not can_change_case(user, case):
        raise PermissionDenied
    if not case.is_open:
        raise ValidationError(_("This case is closed."), code="closed")


# --- Notes ------------------------------------------------------------------------------------


@transaction.atomic
def note_create(
    case: Case, *, by: User, body: str = "", meeting: NetworkMeeting | None = None, written_together: bool = False
) -> MeetingNote:
    """A new draft note about ``case`` (or one of its meetings), by a current team member.

    Side effects: the draft row (seen by its author only until it is signed).
    """
    case = _lock_case(case.pk)
    _require_team(by, case)
    if meeting is not None and meeting.case_id != case.pk:
        raise ValidationError(_("The meeting belongs to another case."), code="meeting")
    now = timezone.now()
    note = MeetingNote(
        case=case,
        author=by,
        body=_clean(body),
        meeting=meeting,
        written_together=written_together,
        created_at=now,
        updated_at=now,
    )
    note.full_clean()
    note.save()
    return note


def _own_draft(note: MeetingNote, by: User) -> MeetingNote:
    note = MeetingNote.objects.select_for_update(of=("self",)).get(pk=note.pk)
    if note.author_id != by.pk:
        raise PermissionDenied
    if not note.is_draft:
        raise ValidationError(_("A signed note cannot be changed; write a correction."), code="signed")
    return note


@transaction.atomic
def note_save_draft(
    note: MeetingNote,
    *,
    by: User,
    body: str,
    meeting: NetworkMeeting | None = None,
    written_together: bool = False,
) -> MeetingNote:
    """Save a draft (the autosave and the *Save draft* button). Only its author, only a draft.

    Side effects: the draft's text, meeting, "written together" and last-saved time.
    """
    _require_team(by, _lock_case(note.case_id))
    note = _own_draft(note, by)
    if meeting is not None and meeting.case_id != note.case_id:
        raise ValidationError(_("The meeting belongs to another case."), code="meeting")
    note.body = _clean(body)
    if not note.is_correction:
        note.meeting = meeting
    note.written_together = written_together
    note.updated_at = timezone.now()
    note.full_clean()
    note.save(update_fields=["body", "meeting", "written_together", "updated_at"])
    return note


@transaction.atomic
def note_sign(note: MeetingNote, *, by: User) -> MeetingNote:
    """draft → signed, by its author. From now on the note is never changed.

    Side effects: status signed, the signing time. A correction that is signed becomes the
    latest version; the version it replaces stays as it was, in the history.
    """
    _require_team(by, _lock_case(note.case_id))
    note = _own_draft(note, by)
    if not note.body:
        raise ValidationError({"body": _("An empty note cannot be signed.")}, code="empty")
    note.status = NoteStatus.SIGNED
    note.signed_at = timezone.now()
    note.save(update_fields=["status", "signed_at"])
    return note


@transaction.atomic
def note_discard(note: MeetingNote, *, by: User) -> None:
    """Throw away one's own draft (a signed note is never deleted)."""
    _require_team(by, _lock_case(note.case_id))
    _own_draft(note, by).delete()


@transaction.atomic
def note_correct(note: MeetingNote, *, by: User, body: str, reason: str) -> MeetingNote:
    """Start a correction of a signed note: a new draft version that replaces it, with a reason.
    The author of the correction signs it like any note.

    Side effects: the draft correction (version + 1, same thread, pointing to the note).
    """
    case = _lock_case(note.case_id)
    _require_team(by, case)
    note = MeetingNote.objects.select_for_update(of=("self",)).get(pk=note.pk)
    if not note.is_signed:
        raise ValidationError(_("Only a signed note is corrected; a draft is simply edited."), code="draft")
    if MeetingNote.objects.filter(replaces=note).exists():
        raise ValidationError(_("This version has already been corrected; correct the latest one."), code="old")
    reason = _clean(reason)
    if not reason:
        raise ValidationError({"reason": _("Say why the note is corrected.")}, code="reason")
    now = timezone.now()
    correction = MeetingNote(
        case=case,
        meeting=note.meeting,
        author=by,
        body=_clean(body),
        written_together=note.written_together,
        thread=note.thread,
        version=note.version + 1,
        replaces=note,
        correction_reason=reason,
        created_at=now,
        updated_at=now,
    )
    correction.full_clean()
    correction.save()
    return correction


@transaction.atomic
def objection_record(note: MeetingNote, *, by: User, text: str) -> NoteObjection:
    """Record the index person's objection to a signed note, beside it (the note is not changed).

    Side effects: the objection row with who recorded it and when.
    """
    _require_team(by, _lock_case(note.case_id))
    if not note.is_signed:
        raise ValidationError(_("An objection is recorded to a signed note."), code="draft")
    text = _clean(text)
    if not text:
        raise ValidationError({"text": _("Write down what the index person said.")}, code="empty")
    objection = NoteObjection(note=note, text=text, recorded_by=by)
    objection.full_clean()
    objection.save()
    return objection


# --- The access log and emergency access ------------------------------------------------------


def access_log_write(
    *,
    user: User,
    case: Case,
    reason: str,
    kind: str,
    object_id: int | None = None,
    path: str = "",
    emergency: EmergencyAccess | None = None,
) -> AccessLog:
    """One read, written in the request that read. Only ever inserted."""
    return AccessLog.objects.create(
        user=user, case=case, reason=reason, kind=kind, object_id=object_id, path=path[:300], emergency=emergency
    )


def may_request_emergency_access(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.NETWORK_CLINICIAN, Role.ADMINISTRATOR)


@transaction.atomic
def emergency_access_open(case_number: int, *, by: User, reason: str, now: datetime | None = None) -> EmergencyAccess:
    """Open a case outside one's team, for NETWORK_EMERGENCY_ACCESS_MINUTES, after stating why.

    Refused (a ValidationError that does not say whether the case exists) when the number is
    wrong; refused for one's own team's case (no emergency there). Side effects: the grant; an
    e-mail to each current team member at once; the reads that follow are logged as emergency.
    """
    if not may_request_emergency_access(by):
        raise PermissionDenied
    reason = _clean(reason)
    if not reason:
        raise ValidationError({"reason": _("Say why you need to open the case.")}, code="reason")
    case = Case.objects.filter(pk=case_number).first()
    if case is None:
        raise ValidationError({"case_number": _("There is no case with this number.")}, code="missing")
    if access_reason(by, case) == AccessReason.TEAM:
        raise ValidationError({"case_number": _("You are on this case's team: open it from My cases.")}, code="team")
    now = now or timezone.now()
    grant = EmergencyAccess(
        case=case,
        user=by,
        reason=reason,
        started_at=now,
        expires_at=now + timedelta(minutes=settings.NETWORK_EMERGENCY_ACCESS_MINUTES),
    )
    grant.full_clean()
    grant.save()
    planners.enqueue_emergency_access(case, grant)
    logger.warning("network: emergency access %s to case %s by user %s", grant.pk, case.pk, by.pk)
    return grant


@transaction.atomic
def emergency_access_review(grant: EmergencyAccess, *, by: User) -> EmergencyAccess:
    """An administrator marks an emergency access as reviewed."""
    if not by.is_administrator:
        raise PermissionDenied
    grant = EmergencyAccess.objects.select_for_update().get(pk=grant.pk)
    if grant.reviewed_at is None:
        grant.reviewed_at = timezone.now()
        grant.reviewed_by = by
        grant.save(update_fields=["reviewed_at", "reviewed_by"])
    return grant


# --- The person's rights ------------------------------------------------------------------------


@transaction.atomic
def member_erase(member: NetworkMember, *, by: User) -> NetworkMember:
    """Remove a network member at their own request: contact details erased, the name replaced,
    their agreements withdrawn; attendance at past meetings stays (without the name).

    Side effects: the member's fields blanked and ``erased_at``; their place at booked meetings
    removed and their planned messages deleted from the outbox; an "erased" history row.
    """
    case = _lock_case(member.case_id)
    _require_team(by, case)
    member = NetworkMember.objects.select_for_update().get(pk=member.pk)
    if member.is_erased:
        return member
    address = member.email
    member.name = _("Removed at their request")
    member.organisation = member.phone = member.email = ""
    member.invite_agreement = "no"
    member.invite_agreement_at = member.invite_agreement_at or timezone.now()
    member.reminders_agreed = False
    member.erased_at = timezone.now()
    member.save(
        update_fields=[
            "name",
            "organisation",
            "phone",
            "email",
            "invite_agreement",
            "invite_agreement_at",
            "reminders_agreed",
            "erased_at",
        ]
    )
    member.attendances.filter(meeting__status="booked").delete()
    if address:
        planners.forget_recipient(case, address)
    CaseEvent.objects.create(case=case, kind=CaseEventKind.MEMBER_ERASED, actor=by)
    for meeting in case.meetings.filter(status="booked"):
        planners.replan_meeting(meeting)
    return member


def retention_cutoff(now: datetime | None = None) -> datetime:
    """Cases closed before this moment are past NETWORK_RETENTION_YEARS."""
    now = now or timezone.now()
    years = settings.NETWORK_RETENTION_YEARS
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


def case_delete(case: Case, *, now: datetime | None = None) -> DeletedCase | None:
    """Delete a closed case past its retention period, with everything in it: the person, the
    network, meetings, every note version and objection, emergency accesses and the access log.

    Side effects: a DeletedCase row (number and dates only); the outbox rows about the case and
    its meetings deleted. One transaction; a case already gone or not yet due is left alone.
    """
    now = now or timezone.now()
    with database_flag("retention"):
        case = Case.objects.select_for_update(of=("self",)).filter(pk=case.pk).first()
        if case is None or case.is_open or case.closed_at >= retention_cutoff(now):
            return None
        record = DeletedCase.objects.create(
            case_number=case.pk,
            first_contact_on=case.first_contact_at.date(),
            closed_on=case.closed_at.date(),
            deleted_at=now,
        )
        planners.forget_case_messages([case.pk], list(case.meetings.values_list("pk", flat=True)))
        case.delete()
    return record


def cases_delete_expired(*, now: datetime | None = None) -> int:
    """Delete every closed case past NETWORK_RETENTION_YEARS; returns how many. Safe to repeat:
    each case in its own transaction, re-checked under its lock."""
    now = now or timezone.now()
    due = Case.objects.filter(status="closed", closed_at__lt=retention_cutoff(now)).order_by("pk")
    count = 0
    for case in due.only("pk"):
        if case_delete(case, now=now) is not None:
            count += 1
    if count:
        logger.info("network: deleted %d closed cases past the retention period", count)
    return count
