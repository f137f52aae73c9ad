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

from .models import FollowUpMeeting, OutcomeStatus, WorkshopOutcome
from .services import FOLLOWUP_DURATION, FOLLOWUP_REMINDER_KIND, SUMMARY_KIND

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
    register_planner(FollowUpMeeting, plan_followup, kinds=[FOLLOWUP_REMINDER_KIND])
