"""Which e-mails a course's participants and coordinator should have (DESIGN §3).

Planned for a registration (re-planned when it changes, and for every registration of a course
when the course changes, through ``sessions_app.signals.course_changed``):
- ``halfday_reminder`` — a confirmed participant of a confirmed course, 7 and 1 days before each
  half-day, with an .ics. A registration made 3 days before gets only the 1-day reminder: the
  engine never creates a message whose moment has passed. Planned per registration, not per
  course, so that signing up re-plans only the new registration: 200 people signing up at
  once each hold the course's lock for their own few rows, not for the whole course's.
Planned for a course:
- ``course_alert`` — the coordinator, REMINDERS_T14_ALERT (14 days) before half-day 1, when the
  course then has fewer than REMINDERS_T14_MIN_CONFIRMED (15) confirmed participants or fewer
  than ``Course.REQUIRED_FACILITATORS`` accepted facilitators (checked when it is due, so
  registrations do not re-plan it).
One-off (``message_enqueue``), about the registration:
- ``registration_confirmation`` — on registering: a place, or the waitlist position, as they
  were when it was planned (the occasion holds them, see ``_registered_state``);
- ``promoted`` — moved up from the waitlist;
- ``course_cancelled`` — the course was cancelled.
One-off, about the course:
- ``shared_address_alert`` — the coordinator, when more than ``SIGNUP_ADDRESS_ALERT`` people
  hold places signed up through the link from one internet connection (once per connection).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
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
from sessions_app.models import AssignmentStatus, Course, CourseStatus
from sessions_app.planners import course_ics, halfday_reminders

from .models import LIVE, Registration, RegistrationStatus
from .selectors import is_short_of_people

KIND_HALFDAY = "participants.halfday_reminder"
KIND_COURSE_ALERT = "participants.course_alert"
KIND_CONFIRMATION = "participants.registration_confirmation"
KIND_PROMOTED = "participants.promoted"
KIND_COURSE_CANCELLED = "participants.course_cancelled"
KIND_SHARED_ADDRESS = "participants.shared_address_alert"


def plan_registration(registration: Registration) -> list[Planned]:
    course = registration.course
    if registration.status != RegistrationStatus.CONFIRMED or course.status != CourseStatus.CONFIRMED:
        return []
    participant = registration.participant
    return halfday_reminders(course, KIND_HALFDAY, [(participant.email, participant.name, participant.language)])


def plan_course(course: Course) -> list[Planned]:
    first = course.half_days.filter(number=1).first()
    if not course.is_open_for_changes or first is None:
        return []
    coordinator = course.coordinator
    time_zone = course.workplace.time_zone
    return [
        Planned(
            KIND_COURSE_ALERT,
            coordinator.email,
            local_offset(first.starts_at, -settings.REMINDERS_T14_ALERT, tz=time_zone),
            "t-14",
            coordinator.language,
            time_zone,
            coordinator.full_name,
        )
    ]


def _to_participant(registration: Registration, kind: str, occasion: str) -> Planned:
    participant = registration.participant
    return Planned(
        kind,
        participant.email,
        timezone.now(),
        occasion,
        participant.language,
        registration.course.workplace.time_zone,
        participant.name,
    )


def _registered_state(registration: Registration, position: int | None = None) -> str:
    """What a confirmation says, fixed when it is planned: ``confirmed``, or ``waitlisted-N``
    (number N in line; ``position`` when the caller already knows it). Rendered at send time
    from the row's occasion, never from the registration as it is by then: a waitlisted
    participant promoted before the sweep sent the confirmation still gets "you are on the
    waitlist" first, then "a place is yours" — never two "you have a place" e-mails and no word
    about the waitlist (issue 9, point 10)."""
    from .services import waitlist_position

    if registration.status == RegistrationStatus.WAITLISTED:
        return f"waitlisted-{position or waitlist_position(registration)}"
    return "confirmed"


def confirmation(registration: Registration, *, position: int | None = None) -> Planned:
    """The "you have a place" or "you are number N in line" e-mail of a new arrival; ``position``:
    its number in line as read when the place was taken (asked for when not given). Enqueued
    with ``message_enqueue``, or with ``plan_new`` for a registration just inserted."""
    # Registering again after cancelling is a new occasion, so it is confirmed again.
    state = _registered_state(registration, position)
    return _to_participant(
        registration, KIND_CONFIRMATION, f"registered:{state}:{registration.queued_at:%Y%m%dT%H%M%S%f}"
    )


def enqueue_confirmation_again(registration: Registration) -> None:
    """The same confirmation once more (someone typed the address into the sign-up form again);
    at most once an hour, by the dedupe key."""
    state = _registered_state(registration)
    message_enqueue(
        registration, _to_participant(registration, KIND_CONFIRMATION, f"again:{state}:{timezone.now():%Y%m%d%H}")
    )


@dataclass(frozen=True)
class PlannedConfirmation:
    """What a confirmation row says, read back from its occasion."""

    placed: bool
    position: int | None
    queued_at: str | None  # the registration's arrival time it confirms ("registered:" rows)


def planned_confirmation(message: ScheduledMessage, registration: Registration) -> PlannedConfirmation | None:
    """The state a confirmation was planned with; None when it no longer applies (the
    registration was cancelled and taken up again since: that arrival has its own message).
    Rows planned before the state was fixed (``registered:<time>``) say what the registration
    says now, as they always did."""
    prefix, _sep, rest = message.occasion.partition(":")
    state, _sep, stamp = rest.partition(":")
    if not _sep:  # registered:<time> or again:<hour>, planned before the state was in the occasion
        state, stamp = "", rest
    if prefix == "registered" and stamp != f"{registration.queued_at:%Y%m%dT%H%M%S%f}":
        return None
    if state == "confirmed":
        return PlannedConfirmation(True, None, stamp)
    if state.startswith("waitlisted-") and state.removeprefix("waitlisted-").isdigit():
        return PlannedConfirmation(False, int(state.removeprefix("waitlisted-")), stamp)
    from .services import waitlist_position

    return PlannedConfirmation(registration.is_confirmed, waitlist_position(registration), stamp)


def enqueue_promoted(registration: Registration) -> None:
    message_enqueue(
        registration,
        _to_participant(registration, KIND_PROMOTED, f"promoted:{registration.promoted_at:%Y%m%dT%H%M%S%f}"),
    )


def enqueue_course_cancelled(course: Course) -> None:
    for registration in course.registrations.filter(status__in=LIVE).select_related(
        "participant", "course__workplace__organisation"
    ):
        message_enqueue(registration, _to_participant(registration, KIND_COURSE_CANCELLED, "course-cancelled"))


def enqueue_shared_address_alert(course: Course, address: str) -> None:
    """Tell the coordinator that many sign-ups came from one internet connection; once per
    connection and course (the address's keyed hash is the occasion)."""
    coordinator = course.coordinator
    message_enqueue(
        course,
        Planned(
            KIND_SHARED_ADDRESS,
            coordinator.email,
            timezone.now(),
            f"shared-address:{address}",
            coordinator.language,
            course.workplace.time_zone,
            coordinator.full_name,
        ),
    )


# --- Rendering ------------------------------------------------------------------------------


def _registration(message: ScheduledMessage) -> Registration | None:
    obj = message.content_object
    if isinstance(obj, Registration):
        return obj
    if isinstance(obj, Course):
        return (
            obj.registrations.filter(participant__email__iexact=message.recipient).select_related("participant").first()
        )
    return None


def _participant_context(registration: Registration) -> dict:
    from .services import waitlist_position

    course = registration.course
    return {
        "registration": registration,
        "participant": registration.participant,
        "course": course,
        "half_days": list(course.half_days.order_by("number").prefetch_related("themes")),
        "position": waitlist_position(registration),
        "cancel_url": absolute_url(registration.get_cancel_url()),
    }


def participant_context(message: ScheduledMessage) -> dict | None:
    registration = _registration(message)
    if registration is None:
        return None
    if message.kind in (KIND_HALFDAY, KIND_PROMOTED) and registration.status != RegistrationStatus.CONFIRMED:
        return None
    if message.kind in (KIND_CONFIRMATION, KIND_PROMOTED) and registration.course.has_ended():
        return None  # still unsent when the training was held: "you have a place" is too late
    if message.kind == KIND_CONFIRMATION:
        if registration.status == RegistrationStatus.CANCELLED:
            return None
        planned = planned_confirmation(message, registration)
        if planned is None:
            return None
        context = _participant_context(registration)
        context["placed"], context["position"] = planned.placed, planned.position
        return context
    context = _participant_context(registration)
    if message.kind == KIND_HALFDAY:
        number = message.occasion.split(":", 1)[0].removeprefix("halfday-")
        context["half_day"] = next((h for h in context["half_days"] if str(h.number) == number), None)
    return context


def course_alert_context(message: ScheduledMessage) -> dict | None:
    """Sent only if the course still lacks participants or facilitators when it is due."""
    course = message.content_object
    if course is None or not course.is_open_for_changes:
        return None
    confirmed = course.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    accepted = course.assignments.filter(status=AssignmentStatus.ACCEPTED).count()
    if not is_short_of_people(confirmed, accepted):
        return None
    return {
        "course": course,
        "half_days": list(course.half_days.order_by("number").prefetch_related("themes")),
        "confirmed": confirmed,
        "accepted": accepted,
        "minimum": settings.REMINDERS_T14_MIN_CONFIRMED,
        "course_url": absolute_url(course.get_absolute_url()),
    }


def shared_address_context(message: ScheduledMessage) -> dict | None:
    """The people who hold places signed up from that connection, as they are when it is sent."""
    course = message.content_object
    if course is None or course.status not in (CourseStatus.DRAFT, CourseStatus.CONFIRMED):
        return None
    address = message.occasion.removeprefix("shared-address:")
    registrations = list(
        course.registrations.filter(signup_address=address, status__in=LIVE)
        .select_related("participant")
        .order_by("queued_at", "pk")
    )
    return {
        "course": course,
        "half_days": list(course.half_days.order_by("number").prefetch_related("themes")),
        "registrations": registrations,
        "count": len(registrations),
        "participants_url": absolute_url(reverse("participants:course_participants", args=[course.pk])),
    }


def participant_attachments(message: ScheduledMessage) -> list[tuple[str, bytes, str]]:
    registration = _registration(message)
    if registration is None or registration.status != RegistrationStatus.CONFIRMED:
        return []
    if message.kind == KIND_CONFIRMATION:
        planned = planned_confirmation(message, registration)
        if planned is None or not planned.placed:
            return []  # the waitlist message carries no calendar file, whatever happened since
    with translation.override(message.language):
        return [course_ics(registration.course)]


def cancelled_course_attachments(message: ScheduledMessage) -> list[tuple[str, bytes, str]]:
    """The cancelled half-days (same UIDs, STATUS:CANCELLED), so the entries the participant's
    calendar got with earlier e-mails are marked cancelled."""
    registration = _registration(message)
    if registration is None or not registration.course.is_cancelled:
        return []
    with translation.override(message.language):
        return [course_ics(registration.course)]


def register() -> None:
    """Called once from ``ParticipantsConfig.ready``."""
    register_kind(
        KIND_HALFDAY,
        template="participants/email/halfday_reminder",
        context=participant_context,
        attachments=participant_attachments,
        label=gettext_lazy("Training: reminder to a participant before a half-day"),
    )
    register_kind(
        KIND_COURSE_ALERT,
        template="participants/email/course_alert",
        context=course_alert_context,
        label=gettext_lazy("Training: coordinator alert 14 days before (too few participants or facilitators)"),
    )
    register_kind(
        KIND_CONFIRMATION,
        template="participants/email/registration",
        context=participant_context,
        attachments=participant_attachments,
        label=gettext_lazy("Training: registration confirmed or waitlisted"),
    )
    register_kind(
        KIND_PROMOTED,
        template="participants/email/promoted",
        context=participant_context,
        attachments=participant_attachments,
        label=gettext_lazy("Training: a place opened up (moved up from the waitlist)"),
    )
    register_kind(
        KIND_COURSE_CANCELLED,
        template="participants/email/course_cancelled",
        context=participant_context,
        attachments=cancelled_course_attachments,
        label=gettext_lazy("Training: cancelled (to its participants)"),
    )
    register_kind(
        KIND_SHARED_ADDRESS,
        template="participants/email/shared_address_alert",
        context=shared_address_context,
        label=gettext_lazy("Training: coordinator alert, many sign-ups from one internet connection"),
    )
    register_planner(Course, plan_course, kinds=[KIND_COURSE_ALERT])
    register_planner(Registration, plan_registration, kinds=[KIND_HALFDAY])
