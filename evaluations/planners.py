"""The evaluation request: which message a registration should have (reminders engine).

Registered from ``EvaluationsConfig.ready``. ``replan(registration)`` runs every planner of
Registration, so this one follows wherever registrations are re-planned (the participants app
re-plans them whenever their course changes).
"""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from dialogkurs.links import absolute_url
from participants import certificates
from participants.models import Registration, RegistrationStatus
from reminders.models import ScheduledMessage
from reminders.planning import Planned, local_offset, register_kind, register_planner

from .services import (
    EVALUATION_KIND,
    EVALUATION_OPEN_FOR,
    NUDGE_KIND,
    evaluation_closes_at,
    evaluation_link_issue,
    evaluation_link_used,
)

EVALUATION_REQUEST_AT = time(9, 0)


def plan_evaluation(registration: Registration) -> list[Planned]:
    """The evaluation request: the day after half-day 2 (REMINDERS_EVALUATION_DELAY) at 09:00,
    to each confirmed participant of a training that takes place."""
    course = registration.course
    if registration.status != RegistrationStatus.CONFIRMED or not course.takes_place:
        return []
    # From the half-days already read when the caller fetched them (registering does).
    half_day = next((h for h in course.half_days.all() if h.number == 2), None)
    if half_day is None:
        return []
    time_zone = course.workplace.time_zone
    participant = registration.participant
    due_at = local_offset(
        half_day.starts_at, settings.REMINDERS_EVALUATION_DELAY, at=EVALUATION_REQUEST_AT, tz=time_zone
    )
    messages = [
        Planned(
            kind=EVALUATION_KIND,
            recipient=participant.email,
            due_at=due_at,
            language=participant.language,
            time_zone=time_zone,
            recipient_name=participant.name,
        )
    ]
    # One nudge REMINDERS_EVALUATION_NUDGE after the request, while the link is still open; it
    # is dropped when sent if the link has been used (``nudge_context``).
    nudge_at = local_offset(due_at, settings.REMINDERS_EVALUATION_NUDGE, tz=time_zone)
    closes_at = half_day.ends_at + EVALUATION_OPEN_FOR  # as evaluation_closes_at, without a query
    if settings.REMINDERS_EVALUATION_NUDGE and nudge_at < closes_at:
        messages.append(
            Planned(
                kind=NUDGE_KIND,
                recipient=participant.email,
                due_at=nudge_at,
                language=participant.language,
                time_zone=time_zone,
                recipient_name=participant.name,
            )
        )
    return messages


def evaluation_context(message: ScheduledMessage) -> dict | None:
    registration: Registration = message.content_object
    course = registration.course
    if registration.status != RegistrationStatus.CONFIRMED or not course.takes_place:
        return None
    if message.status == ScheduledMessage.Status.SENDING and not message._state.adding:
        link = evaluation_link_issue(registration)
    else:
        # Only the send itself (the row claimed as sending) carries the real link: the
        # coordinators' preview must not show it, or anyone could answer in the person's name.
        link = absolute_url("/…")
    return {
        "course": course,
        "workplace": course.workplace,
        "link": link,
        "closes_at": evaluation_closes_at(course),
        "certificate": _certificate_problem(registration) is None,
    }


def nudge_context(message: ScheduledMessage) -> dict | None:
    """The reminder to answer, only while the link is unused and open. Asking whether the link
    was used is the one place the person meets the token row, and it learns only "used"."""
    registration: Registration = message.content_object
    if not message._state.adding and message.status == ScheduledMessage.Status.SENDING:
        if evaluation_link_used(registration):
            return None
        closes_at = evaluation_closes_at(registration.course)
        if closes_at is None or closes_at <= message.due_at:
            return None
    context = evaluation_context(message)
    if context is None:
        return None
    context.pop("certificate", None)  # the certificate came with the request
    return context


def _certificate_problem(registration: Registration) -> str | None:
    half_days = list(registration.course.half_days.order_by("number"))
    return certificates.certificate_problem(registration, certificates.registration_marks(registration, half_days))


def evaluation_attachments(message: ScheduledMessage) -> list[tuple[str, bytes, str]]:
    """The certificate of participation, for those present at both half-days: in the same
    e-mail as the evaluation link, so a participant gets one message after the training."""
    registration: Registration = message.content_object
    if _certificate_problem(registration) is not None:
        return []
    pdf = certificates.registration_certificate_pdf(registration)
    return [(certificates.certificate_filename(), pdf, certificates.PDF_CONTENT_TYPE)]


def register() -> None:
    """Called once from ``EvaluationsConfig.ready``."""
    register_kind(
        EVALUATION_KIND,
        template="evaluations/email/evaluation_request",
        context=evaluation_context,
        attachments=evaluation_attachments,
        label=_("Evaluation request and certificate"),
    )
    register_kind(
        NUDGE_KIND,
        template="evaluations/email/evaluation_nudge",
        context=nudge_context,
        label=_("Evaluation: one reminder to those who have not answered"),
    )
    register_planner(Registration, plan_evaluation, kinds=[EVALUATION_KIND, NUDGE_KIND])
