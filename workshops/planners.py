"""The idea workshop's messages: the outcome summary to the manager and the follow-up reminders.

Registered from ``WorkshopsConfig.ready``.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reminders.models import ScheduledMessage
from reminders.planning import IcsEvent, Planned, ics_attachment, local_offset, register_kind, register_planner
from sessions_app.models import CourseStatus

from .models import FollowUpMeeting, OutcomeStatus, ProposalStatus, WorkshopOutcome
from .services import (
    FOLLOWUP_DURATION,
    FOLLOWUP_REMINDER_KIND,
    PARTICIPANT_SUMMARY_KIND,
    PROGRESS_DIGEST_KIND,
    SUMMARY_KIND,
)

# --- Follow-up meetings: a reminder 7 days before to the proposal owners and the manager -------


def followup_recipients(meeting: FollowUpMeeting) -> dict[str, str]:
    """E-mail address → name: the workplace manager and every proposal owner, once each."""
    workplace = meeting.course.workplace
    recipients: dict[str, str] = {}
    if workplace.manager_email:
        recipients[workplace.manager_email.lower()] = workplace.manager_name
    outcome = WorkshopOutcome.objects.filter(course=meeting.course).first()
    if outcome is not None:
        for proposal in outcome.proposals.all():
            if proposal.owner_email:
                recipients.setdefault(proposal.owner_email.lower(), proposal.owner_name)
    return recipients


def plan_followup(meeting: FollowUpMeeting) -> list[Planned]:
    """REMINDERS_FOLLOWUP_OFFSET (7 days) before a planned meeting, in the workplace's language.

    The occasion names the booked time: after a rebooking the reminder is a new message, so
    one already sent for the old time does not stop the reminder for the new one."""
    course = meeting.course
    if not meeting.is_planned or course.status == CourseStatus.CANCELLED:
        return []
    workplace = course.workplace
    time_zone = workplace.time_zone
    due_at = local_offset(meeting.starts_at, -settings.REMINDERS_FOLLOWUP_OFFSET, tz=time_zone)
    occasion = f"{timezone.localtime(meeting.starts_at, ZoneInfo(time_zone)):%Y-%m-%dT%H:%M}"
    return [
        Planned(
            kind=FOLLOWUP_REMINDER_KIND,
            recipient=email,
            due_at=due_at,
            occasion=occasion,
            language=workplace.manager_language,
            time_zone=time_zone,
            recipient_name=name,
        )
        for email, name in followup_recipients(meeting).items()
    ]


def followup_context(message: ScheduledMessage) -> dict | None:
    meeting: FollowUpMeeting = message.content_object
    if not meeting.is_planned or meeting.course.status == CourseStatus.CANCELLED:
        return None
    outcome = WorkshopOutcome.objects.get(course=meeting.course)
    proposals = list(outcome.proposals.all())
    return {
        "meeting": meeting,
        "course": meeting.course,
        "workplace": meeting.course.workplace,
        "proposals": proposals,
        "own_proposals": [p for p in proposals if p.owner_email.lower() == message.recipient],
    }


def followup_ics(message: ScheduledMessage) -> list[tuple[str, bytes, str]]:
    meeting: FollowUpMeeting = message.content_object
    return [
        ics_attachment(
            [
                IcsEvent(
                    uid=f"followup-{meeting.pk}@dialogkurs",
                    start=meeting.starts_at,
                    end=meeting.starts_at + FOLLOWUP_DURATION,
                    summary=f"{followup_title()} – {meeting.course.workplace.name}",
                    location=meeting.place,
                    # A rebooking makes a new message (see plan_followup): the later file wins.
                    sequence=int(message.created_at.timestamp()),
                )
            ],
            filename="follow-up.ics",
        )
    ]


def followup_title() -> str:
    return gettext("Follow-up of the idea workshop")


# --- The outcome summary for the workplace manager -----------------------------------------------


def summary_context(message: ScheduledMessage) -> dict | None:
    outcome: WorkshopOutcome = message.content_object
    if outcome.status != OutcomeStatus.SUBMITTED:
        return None
    course = outcome.course
    return {
        "outcome": outcome,
        "course": course,
        "workplace": course.workplace,
        "proposals": list(outcome.proposals.all()),
        "followups": list(course.followups.all()),
    }


# --- After a follow-up meeting: the progress digest and the participants' summary ----------------


def progress_digest_context(message: ScheduledMessage) -> dict | None:
    """The proposals whose status changed at the meeting: all of them for the manager, a
    proposal owner's own for the owner."""
    meeting: FollowUpMeeting = message.content_object
    if meeting.is_planned:
        return None
    workplace = meeting.course.workplace
    updates = [
        update
        for update in meeting.proposal_updates.select_related("proposal").order_by("proposal__created_at", "pk")
        if update.changed
    ]
    if message.recipient != workplace.manager_email.lower():
        updates = [u for u in updates if u.proposal.owner_email.lower() == message.recipient]
    if not updates:
        return None
    return {"meeting": meeting, "course": meeting.course, "workplace": workplace, "updates": updates}


def participant_summary_context(message: ScheduledMessage) -> dict | None:
    meeting: FollowUpMeeting = message.content_object
    if meeting.is_planned:
        return None
    outcome = WorkshopOutcome.objects.filter(course=meeting.course, status=OutcomeStatus.SUBMITTED).first()
    if outcome is None:
        return None
    proposals = list(outcome.proposals.order_by("created_at", "pk"))
    counts = dict.fromkeys(ProposalStatus.values, 0)
    for proposal in proposals:
        counts[proposal.status] += 1
    return {
        "meeting": meeting,
        "course": meeting.course,
        "workplace": meeting.course.workplace,
        "proposals": proposals,
        "counts": [(ProposalStatus(status).label, count) for status, count in counts.items()],
    }


def register() -> None:
    """Called once from ``WorkshopsConfig.ready``."""
    register_kind(
        SUMMARY_KIND,
        template="workshops/email/workshop_summary",
        context=summary_context,
        label=_("Idea-workshop summary to the manager"),
    )
    register_kind(
        FOLLOWUP_REMINDER_KIND,
        template="workshops/email/followup_reminder",
        context=followup_context,
        attachments=followup_ics,
        label=_("Follow-up meeting reminder"),
    )
    register_kind(
        PROGRESS_DIGEST_KIND,
        template="workshops/email/progress_digest",
        context=progress_digest_context,
        label=_("Follow-up: what changed, to the manager and the proposal owners"),
    )
    register_kind(
        PARTICIPANT_SUMMARY_KIND,
        template="workshops/email/participant_summary",
        context=participant_summary_context,
        label=_("Follow-up: what became of the proposals, to the participants"),
    )
    register_planner(FollowUpMeeting, plan_followup, kinds=[FOLLOWUP_REMINDER_KIND])
