"""The idea-workshop outcome, its improvement proposals and the follow-up meetings.

A facilitator records the outcome on a phone during or after half-day 2: proposals are saved
one at a time into a draft, then the draft is submitted. Submitting plans the two follow-up
meetings at the workplace; recording the last of them marks the training followed up.

Lock order, as in ``sessions_app.services``: the course first, then the meeting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.log import audit_record, audit_snapshot
from dialogkurs.workdays import working_day_on_or_after
from participants.models import Registration, RegistrationStatus
from reminders.planning import Planned, message_enqueue, replan
from sessions_app import services as course_services
from sessions_app.models import Course, CourseStatus, HalfDay, Workplace
from sessions_app.services import course_lock

from .models import (
    PROPOSAL_TRANSITIONS,
    FollowUpMeeting,
    FollowUpStatus,
    ImprovementProposal,
    OutcomeStatus,
    ProposalStatus,
    ProposalUpdate,
    WorkshopOutcome,
)

# The kinds keep the names they had before this app left sessions_app: the outbox stores them.
SUMMARY_KIND = "sessions_app.workshop_summary"
FOLLOWUP_REMINDER_KIND = "sessions_app.followup_reminder"
PROGRESS_DIGEST_KIND = "workshops.progress_digest"
PARTICIPANT_SUMMARY_KIND = "workshops.participant_summary"
# A follow-up is first booked for 10:00 on a working day; the coordinator rebooks it to the
# time agreed with the workplace.
FOLLOWUP_START = time(10, 0)
FOLLOWUP_DURATION = timedelta(hours=1, minutes=30)


def second_half_day(course: Course) -> HalfDay | None:
    return course.half_days.filter(number=2).first()


# --- Recording the outcome ---------------------------------------------------------------------


def outcome_recording_problem(course: Course, *, now: datetime | None = None) -> str | None:
    """Why the outcome cannot be recorded now, or None when it can: from the start of
    half-day 2 of a training that takes place (``Course.takes_place``)."""
    if not course.takes_place:
        return _("The idea-workshop outcome can be recorded only for a confirmed or delivered training.")
    half_day = second_half_day(course)
    if half_day is None or half_day.starts_at > (now or timezone.now()):
        return _("The idea-workshop outcome can be recorded from the start of half-day 2.")
    return None


PROPOSAL_AUDITED = ["text", "area", "recovery_domains", "raised_by", "owner_name", "owner_email", "due_date"]


def _draft_outcome(course: Course, *, by: User | None) -> WorkshopOutcome:
    """Lock the course, then get or start its outcome, which must still be a draft."""
    course = course_lock(course)
    outcome = WorkshopOutcome.objects.filter(course=course).first()
    if outcome is not None and not outcome.is_draft:
        raise ValidationError(_("The outcome has been submitted and can no longer be changed."), code="submitted")
    problem = outcome_recording_problem(course)
    if problem:
        raise ValidationError(problem, code="not_recordable")
    if outcome is None:
        outcome = WorkshopOutcome.objects.create(course=course, created_by=by)
    outcome.course = course
    return outcome


@transaction.atomic
def proposal_save(
    course: Course,
    *,
    by: User | None,
    proposal: ImprovementProposal | None = None,
    text: str,
    area: str,
    recovery_domains: list[str],
    raised_by: list[str],
    owner_name: str = "",
    owner_email: str = "",
    due_date: date | None = None,
) -> ImprovementProposal:
    """Add a proposal to the draft outcome (started here if needed), or change one.

    A draft may be incomplete: only the text and the area are needed now; submitting checks
    the rest. Race condition: both facilitators may add proposals at once; each save locks the
    course, so neither lands in an outcome that was submitted meanwhile."""
    outcome = _draft_outcome(course, by=by)
    if proposal is None:
        proposal = ImprovementProposal(outcome=outcome)
    elif proposal.outcome_id != outcome.pk:
        raise ValidationError(_("This proposal belongs to another training."), code="wrong_course")
    proposal.text = text.strip()
    proposal.area = area
    proposal.recovery_domains = list(recovery_domains)
    proposal.raised_by = list(raised_by)
    proposal.owner_name = owner_name.strip()
    proposal.owner_email = owner_email.strip().lower()
    proposal.due_date = due_date
    half_day = second_half_day(outcome.course)
    if due_date is not None and half_day is not None and due_date <= timezone.localdate(half_day.starts_at):
        raise ValidationError({"due_date": _("The due date must be after the training.")}, code="due_date")
    before = audit_snapshot(proposal, PROPOSAL_AUDITED) if proposal.pk else {}
    proposal.full_clean(exclude=["outcome"])
    proposal.save()
    audit_record(
        proposal,
        "update" if before else "create",
        before=before,
        fields=() if before else PROPOSAL_AUDITED,
        scope=outcome.course,
        actor=by,
    )
    outcome.save(update_fields=["updated_at"])
    return proposal


@transaction.atomic
def proposal_delete(proposal: ImprovementProposal, *, by: User | None) -> None:
    """Remove a proposal from a draft outcome."""
    outcome = _draft_outcome(proposal.outcome.course, by=by)
    audit_record(proposal, "delete", scope=outcome.course, actor=by)
    ImprovementProposal.objects.filter(pk=proposal.pk, outcome=outcome).delete()
    outcome.save(update_fields=["updated_at"])


@transaction.atomic
def outcome_save_notes(course: Course, *, notes: str, by: User | None) -> WorkshopOutcome:
    outcome = _draft_outcome(course, by=by)
    before = audit_snapshot(outcome, ["notes"])
    outcome.notes = notes.strip()
    outcome.full_clean(exclude=["course"])
    outcome.save(update_fields=["notes", "updated_at"])
    audit_record(outcome, "update", before=before, scope=outcome.course, actor=by)
    return outcome


def outcome_submission_problems(outcome: WorkshopOutcome | None) -> list[str]:
    """What is still missing before the outcome can be submitted (nothing: it can be), one
    sentence per incomplete proposal (``ImprovementProposal.missing_for_submission``)."""
    proposals = list(outcome.proposals.all()) if outcome is not None else []
    if not proposals:
        return [_("Add at least one improvement proposal before submitting.")]
    return [
        _("Proposal %(number)s (“%(text)s”) is missing: %(missing)s.")
        % {
            "number": number,
            "text": _shorten(proposal.text),
            "missing": ", ".join(proposal.missing_for_submission_labels),
        }
        for number, proposal in enumerate(proposals, start=1)
        if not proposal.is_ready_for_submission
    ]


def _shorten(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


@transaction.atomic
def outcome_submit(course: Course, *, by: User | None) -> WorkshopOutcome:
    """draft → submitted, when every proposal is complete (each gap is named).

    Side effects: every proposal gets the first row of its history (its status at
    submission); the follow-up meetings are planned at +3 and +6 months after half-day 2, each
    with its reminders (reminders app); the workplace manager is sent the summary in their
    language (reminders outbox, after commit); a training still marked confirmed whose
    half-day 2 has ended is marked delivered.
    Race condition: the two facilitators may press submit at once on two phones; the course is
    locked and the draft status re-read under the lock, so the outcome is submitted once.
    """
    outcome = _draft_outcome(course, by=by)
    course = outcome.course
    problems = outcome_submission_problems(outcome)
    if problems:
        raise ValidationError(problems, code="incomplete")
    now = timezone.now()
    outcome.status = OutcomeStatus.SUBMITTED
    outcome.submitted_at = now
    outcome.submitted_by = by
    outcome.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    audit_record(outcome, "submit", fields=["status"], scope=course, actor=by)
    proposals = list(outcome.proposals.all())
    ProposalUpdate.objects.bulk_create(
        ProposalUpdate(proposal=proposal, status=proposal.status, recorded_at=now, recorded_by=by)
        for proposal in proposals
    )
    attendees = "\n".join(_default_attendees(course.workplace, proposals))
    for number, starts_at in enumerate(followup_default_times(course), start=1):
        meeting = FollowUpMeeting.objects.create(
            course=course,
            number=number,
            starts_at=starts_at,
            place=course.full_location,
            attendees=attendees,
        )
        replan(meeting)
    if course.can_be_marked_delivered:
        course = course_services.course_mark_delivered(course)
    workplace = course.workplace
    if workplace.manager_email:
        message_enqueue(
            outcome,
            Planned(
                kind=SUMMARY_KIND,
                recipient=workplace.manager_email,
                due_at=now,
                language=workplace.manager_language,
                time_zone=workplace.time_zone,
                recipient_name=workplace.manager_name,
            ),
        )
    return outcome


def _default_attendees(workplace: Workplace, proposals: list[ImprovementProposal]) -> list[str]:
    names = [workplace.manager_name] + [proposal.owner_name for proposal in proposals]
    return list(dict.fromkeys(name for name in names if name))


# --- Follow-up meetings ------------------------------------------------------------------------


def followup_default_times(course: Course) -> list[datetime]:
    """When the follow-up meetings are first booked: REMINDERS_FOLLOWUP_MONTHS (3 and 6) calendar
    months after half-day 2 (the month's last day when it is shorter), at 10:00 local time, on
    the next working day."""
    half_day = second_half_day(course)
    if half_day is None:
        return []
    zone = ZoneInfo(course.workplace.time_zone)
    held_on = timezone.localtime(half_day.starts_at, zone).date()
    country = course.workplace.organisation.country
    return [
        datetime.combine(
            working_day_on_or_after(held_on + relativedelta(months=months), country), FOLLOWUP_START, tzinfo=zone
        )
        for months in settings.REMINDERS_FOLLOWUP_MONTHS
    ]


def _lock_meeting(meeting: FollowUpMeeting) -> FollowUpMeeting:
    course_lock(meeting.course)
    return (
        FollowUpMeeting.objects.select_for_update(of=("self",))
        .select_related("course__workplace__organisation")
        .get(pk=meeting.pk)
    )


def _require_planned(meeting: FollowUpMeeting) -> None:
    if not meeting.is_planned:
        raise ValidationError(_("This follow-up meeting has already been recorded."), code="held")


@transaction.atomic
def followup_rebook(meeting: FollowUpMeeting, *, starts_at: datetime, place: str) -> FollowUpMeeting:
    """Move a planned follow-up meeting to another time or place.

    Side effects: its reminders move with it (reminders app)."""
    meeting = _lock_meeting(meeting)
    _require_planned(meeting)
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("Choose a time in the future.")}, code="past")
    before = audit_snapshot(meeting, ["starts_at", "place"])
    meeting.starts_at = starts_at
    meeting.place = place.strip()
    meeting.full_clean(exclude=["course"])
    meeting.save(update_fields=["starts_at", "place"])
    audit_record(meeting, "rebook", before=before, scope=meeting.course)
    replan(meeting)
    return meeting


@dataclass(frozen=True)
class ProposalProgress:
    status: str
    note: str = ""


def proposal_status_problem(current: str, new: str) -> str | None:
    """Why a proposal cannot move from ``current`` to ``new`` (None when it can; staying is
    always allowed)."""
    if new == current or new in PROPOSAL_TRANSITIONS.get(current, ()):
        return None
    return _("A proposal marked “%(current)s” cannot be changed to “%(new)s”.") % {
        "current": _status_label(current),
        "new": _status_label(new),
    }


def _status_label(value: str) -> str:
    return str(dict(ProposalStatus.choices).get(value, value))


@transaction.atomic
def followup_record(
    meeting: FollowUpMeeting,
    *,
    by: User | None,
    progress: Mapping[int, ProposalProgress],
    attendees: str = "",
    notes: str = "",
    held_at: datetime | None = None,
) -> FollowUpMeeting:
    """planned → held: the meeting took place; each proposal's status and note at that meeting
    (``progress`` by proposal id; a proposal left out keeps its status). ``held_at``: when it
    was held (default: its booked time), never in the future — a meeting months away is not
    recorded as held by mistake, one held early is recorded at the time it was held (its time
    moves there). Refused otherwise (code ``not_held_yet``).

    Side effects: a history row per proposal, the proposal's status changed; the meeting's
    pending reminders are cancelled (reminders app); when a status changed, one progress digest
    each to the workplace manager and the owners of the changed proposals (outbox); when no
    follow-up remains planned, the training becomes followed up and its participants get a
    summary of what became of the proposals (outbox).
    Race condition: two people may record the same meeting at once; the meeting is locked and
    its status re-read, so the second is told it was already recorded.
    """
    meeting = _lock_meeting(meeting)
    _require_planned(meeting)
    now = timezone.now()
    held_at = held_at or meeting.starts_at
    if held_at > now:
        raise ValidationError(
            {"held_at": _("The meeting has not been held yet: give the time it was held.")}, code="not_held_yet"
        )
    course = meeting.course
    outcome = WorkshopOutcome.objects.get(course=course, status=OutcomeStatus.SUBMITTED)
    updates, changed = [], []
    problems = []
    for proposal in outcome.proposals.all():
        entry = progress.get(proposal.pk, ProposalProgress(proposal.status))
        problem = proposal_status_problem(proposal.status, entry.status)
        if problem:
            problems.append(f"{_shorten(proposal.text)}: {problem}")
            continue
        updates.append(
            ProposalUpdate(
                proposal=proposal,
                meeting=meeting,
                status_before=proposal.status,
                status=entry.status,
                note=entry.note.strip(),
                recorded_at=now,
                recorded_by=by,
            )
        )
        if entry.status != proposal.status:
            proposal.status = entry.status
            changed.append(proposal)
    if problems:
        raise ValidationError(problems, code="transition")
    ProposalUpdate.objects.bulk_create(updates)
    ImprovementProposal.objects.bulk_update(changed, ["status"])
    for update in updates:
        if update.status != update.status_before:
            audit_record(update.proposal, "progress", before={"status": update.status_before}, scope=course, actor=by)
    meeting.status = FollowUpStatus.HELD
    meeting.starts_at = held_at
    meeting.recorded_at = now
    meeting.recorded_by = by
    meeting.attendees = attendees.strip()
    meeting.notes = notes.strip()
    meeting.save(update_fields=["status", "starts_at", "recorded_at", "recorded_by", "attendees", "notes"])
    audit_record(
        meeting, "record_followup", fields=["status", "starts_at", "attendees", "notes"], scope=course, actor=by
    )
    replan(meeting)
    if changed:
        _enqueue_progress_digests(meeting, changed, now=now)
    if not course.followups.filter(status=FollowUpStatus.PLANNED).exists():
        if course.can_be_marked_delivered:
            course = course_services.course_mark_delivered(course)
        course_mark_followed_up(course)
        _enqueue_participant_summaries(meeting, now=now)
    return meeting


def progress_digest_recipients(meeting: FollowUpMeeting, changed: list[ImprovementProposal]) -> dict[str, str]:
    """E-mail address → name: the workplace manager and the owners of the proposals whose
    status changed at ``meeting``, once each (the digest's dedupe key is per meeting)."""
    workplace = meeting.course.workplace
    recipients: dict[str, str] = {}
    if workplace.manager_email:
        recipients[workplace.manager_email.lower()] = workplace.manager_name
    for proposal in changed:
        if proposal.owner_email:
            recipients.setdefault(proposal.owner_email.lower(), proposal.owner_name)
    return recipients


def _enqueue_progress_digests(meeting: FollowUpMeeting, changed: list[ImprovementProposal], *, now: datetime) -> None:
    """One digest per recipient and meeting, in the workplace's language (as the follow-up
    reminders: proposal owners have no language of their own)."""
    workplace = meeting.course.workplace
    for email, name in progress_digest_recipients(meeting, changed).items():
        message_enqueue(
            meeting,
            Planned(
                kind=PROGRESS_DIGEST_KIND,
                recipient=email,
                due_at=now,
                language=workplace.manager_language,
                time_zone=workplace.time_zone,
                recipient_name=name,
            ),
        )


def _enqueue_participant_summaries(meeting: FollowUpMeeting, *, now: datetime) -> None:
    """After the last follow-up (+6 months): every participant who was confirmed hears what
    became of the proposals, in the participant's own language."""
    course = meeting.course
    registrations = Registration.objects.filter(course=course, status=RegistrationStatus.CONFIRMED).select_related(
        "participant"
    )
    for registration in registrations:
        participant = registration.participant
        message_enqueue(
            meeting,
            Planned(
                kind=PARTICIPANT_SUMMARY_KIND,
                recipient=participant.email,
                due_at=now,
                language=participant.language,
                time_zone=course.workplace.time_zone,
                recipient_name=participant.name,
            ),
        )


# --- The end of the training ---------------------------------------------------------------------


@transaction.atomic
def course_mark_followed_up(course: Course) -> Course:
    """delivered → followed_up, once the idea-workshop outcome is submitted and no follow-up
    meeting is still planned (``followup_record`` calls this after the last one).

    The course's status is sessions_app's, but this one step exists only for the follow-ups,
    so its rule and its write live here, with them."""
    course = course_lock(course)
    if course.status != CourseStatus.DELIVERED:
        raise ValidationError(_("Only a delivered training can be marked as followed up."), code="not_delivered")
    if not WorkshopOutcome.objects.filter(course=course, status=OutcomeStatus.SUBMITTED).exists():
        raise ValidationError(_("The idea-workshop outcome has not been submitted yet."), code="no_outcome")
    if course.followups.filter(status=FollowUpStatus.PLANNED).exists():
        raise ValidationError(_("A follow-up meeting is still planned."), code="followup_planned")
    before = audit_snapshot(course, ["status"])
    course.status = CourseStatus.FOLLOWED_UP
    course.save(update_fields=["status", "updated_at"])
    audit_record(course, "mark_followed_up", before=before)
    return course
