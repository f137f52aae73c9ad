"""Which e-mails a course and its facilitator assignments should have (DESIGN §3).

Planned (re-planned in the transaction of every change):
- ``facilitator_halfday`` — each accepted facilitator of a confirmed course, 7 and 1 days before
  each half-day (REMINDERS_HALFDAY_OFFSETS), local wall-clock time, with an .ics;
- ``assignment_invitation`` — a facilitator invited to a course, at once.
One-off (``message_enqueue``):
- ``course_cancelled`` — the facilitators of a cancelled course.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from dialogkurs.links import absolute_url
from reminders.models import ScheduledMessage
from reminders.planning import (
    Planned,
    local_offset,
    message_enqueue,
    register_kind,
    register_planner,
)

from . import calendar
from .models import AssignmentStatus, Course, CourseStatus, FacilitatorAssignment, HalfDay

KIND_FACILITATOR_HALFDAY = "sessions_app.facilitator_halfday"
KIND_ASSIGNMENT_INVITATION = "sessions_app.assignment_invitation"
KIND_COURSE_CANCELLED = "sessions_app.course_cancelled"


def halfday_reminders(course: Course, kind: str, recipients: list[tuple[str, str, str]]) -> list[Planned]:
    """Reminders before each half-day for ``recipients`` (e-mail, name, language), in local time."""
    time_zone = course.workplace.time_zone
    planned = []
    for half_day in course.half_days.all():
        for offset in settings.REMINDERS_HALFDAY_OFFSETS:
            due_at = local_offset(half_day.starts_at, -offset, tz=time_zone)
            occasion = f"halfday-{half_day.number}:{offset.days}d"
            planned += [
                Planned(kind, email, due_at, occasion, language, time_zone, name)
                for email, name, language in recipients
            ]
    return planned


def plan_course(course: Course) -> list[Planned]:
    if course.status != CourseStatus.CONFIRMED:
        return []
    accepted = course.assignments.filter(status=AssignmentStatus.ACCEPTED).select_related("facilitator__user")
    recipients = [
        (a.facilitator.user.email, a.facilitator.user.full_name, a.facilitator.user.language) for a in accepted
    ]
    return halfday_reminders(course, KIND_FACILITATOR_HALFDAY, recipients)


def plan_assignment(assignment: FacilitatorAssignment) -> list[Planned]:
    if assignment.status != AssignmentStatus.INVITED or not assignment.course.is_open_for_changes:
        return []
    user = assignment.facilitator.user
    # A new invitation after a decline is a new occasion, so it is sent again.
    occasion = f"invited:{assignment.invited_at:%Y%m%dT%H%M%S%f}"
    return [
        Planned(
            KIND_ASSIGNMENT_INVITATION,
            user.email,
            assignment.invited_at,
            occasion,
            user.language,
            assignment.course.workplace.time_zone,
            user.full_name,
        )
    ]


def enqueue_course_cancelled(course: Course) -> None:
    """Tell every facilitator still on a cancelled course."""
    live = course.assignments.filter(status__in=[AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED])
    for assignment in live.select_related("facilitator__user"):
        user = assignment.facilitator.user
        message_enqueue(
            assignment,
            Planned(
                KIND_COURSE_CANCELLED,
                user.email,
                course.updated_at,
                "cancelled",
                user.language,
                course.workplace.time_zone,
                user.full_name,
            ),
        )


# --- Rendering ------------------------------------------------------------------------------


def course_ics(course: Course) -> tuple[str, bytes, str]:
    """Both half-days as an e-mail attachment, with the same event UIDs as the course's .ics
    download and the facilitators' feeds, so calendar programs update rather than duplicate."""
    half_days = course.half_days.select_related("course__workplace__organisation").prefetch_related(
        "theme_links__theme"
    )
    return ("dialogue-training.ics", calendar.course_ics(course, half_days), calendar.ICS_CONTENT_TYPE)


def _course(message: ScheduledMessage) -> Course | None:
    obj = message.content_object
    return obj.course if isinstance(obj, FacilitatorAssignment) else obj


def _half_day(message: ScheduledMessage, course: Course) -> HalfDay | None:
    number = message.occasion.split(":", 1)[0].removeprefix("halfday-")
    return course.half_days.filter(number=number).first() if number.isdigit() else None


def facilitator_halfday_context(message: ScheduledMessage) -> dict | None:
    course = _course(message)
    if course is None or course.status != CourseStatus.CONFIRMED:
        return None
    return {
        "course": course,
        "half_day": _half_day(message, course),
        "half_days": list(course.half_days.prefetch_related("themes")),
        "course_url": absolute_url(course.get_absolute_url()),
    }


def assignment_context(message: ScheduledMessage) -> dict | None:
    assignment = message.content_object
    if assignment is None:
        return None
    course = assignment.course
    if message.kind == KIND_ASSIGNMENT_INVITATION and assignment.status != AssignmentStatus.INVITED:
        return None
    return {
        "assignment": assignment,
        "course": course,
        "half_days": list(course.half_days.prefetch_related("themes")),
        "assignments_url": absolute_url(reverse("sessions_app:my_assignments")),
    }


def course_attachments(message: ScheduledMessage) -> list[tuple[str, bytes, str]]:
    course = _course(message)
    if course is None or not course.half_days.exists():
        return []
    with translation.override(message.language):
        return [course_ics(course)]


def register() -> None:
    """Called once from ``SessionsAppConfig.ready``."""
    register_kind(
        KIND_FACILITATOR_HALFDAY,
        template="sessions_app/email/facilitator_halfday",
        context=facilitator_halfday_context,
        attachments=course_attachments,
        label=gettext_lazy("Training: reminder to a facilitator before a half-day"),
    )
    register_kind(
        KIND_ASSIGNMENT_INVITATION,
        template="sessions_app/email/assignment_invitation",
        context=assignment_context,
        attachments=course_attachments,
        label=gettext_lazy("Training: a facilitator is invited"),
    )
    register_kind(
        KIND_COURSE_CANCELLED,
        template="sessions_app/email/course_cancelled",
        context=assignment_context,
        attachments=course_attachments,
        label=gettext_lazy("Training: cancelled (to its facilitators)"),
    )
    register_planner(Course, plan_course, kinds=[KIND_FACILITATOR_HALFDAY])
    register_planner(FacilitatorAssignment, plan_assignment, kinds=[KIND_ASSIGNMENT_INVITATION])
