"""E-mails to participants, in their own language, plain text and HTML.

For now the views send them with ``django.core.mail`` from ``transaction.on_commit``; the
reminders app will take them over (its outbox, DESIGN §3).
"""

from __future__ import annotations

import logging

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Registration, RegistrationStatus
from .selectors import half_day_list
from .services import waitlist_position

logger = logging.getLogger(__name__)


def _send(registration: Registration, *, subject: str, template: str, context: dict) -> None:
    participant = registration.participant
    with translation.override(participant.language):
        context = {
            "registration": registration,
            "participant": participant,
            "course": registration.course,
            "half_days": half_day_list(registration.course),
            **context,
        }
        message = EmailMultiAlternatives(
            subject=str(subject),
            body=render_to_string(f"participants/email/{template}.txt", context),
            to=[participant.email],
        )
        message.attach_alternative(render_to_string(f"participants/email/{template}.html", context), "text/html")
    message.send()


def _fresh(registration_id: int) -> Registration | None:
    registration = (
        Registration.objects.select_related("participant", "course__workplace__organisation")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        logger.info("registration %s is gone; no e-mail", registration_id)
    return registration


def send_registration_confirmation(*, registration_id: int, cancel_url: str) -> None:
    """Tell a participant who signed up whether they have a place or their place in the queue."""
    registration = _fresh(registration_id)
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        return
    with translation.override(registration.participant.language):
        if registration.status == RegistrationStatus.CONFIRMED:
            subject = _("You have a place on the dialogue training")
        else:
            subject = _("You are on the waitlist for the dialogue training")
        _send(
            registration,
            subject=subject,
            template="registration",
            context={"cancel_url": cancel_url, "position": waitlist_position(registration)},
        )


def send_promotion_notice(*, registration_id: int, cancel_url: str) -> None:
    """Tell a participant moved up from the waitlist that they now have a place."""
    registration = _fresh(registration_id)
    if registration is None or registration.status != RegistrationStatus.CONFIRMED:
        return
    with translation.override(registration.participant.language):
        _send(
            registration,
            subject=_("A place has opened up for you on the dialogue training"),
            template="promoted",
            context={"cancel_url": cancel_url},
        )


def after_commit_send_confirmation(registration: Registration, cancel_url: str) -> None:
    transaction.on_commit(
        lambda: send_registration_confirmation(registration_id=registration.pk, cancel_url=cancel_url)
    )


def after_commit_send_promotion(registration: Registration, cancel_url: str) -> None:
    transaction.on_commit(lambda: send_promotion_notice(registration_id=registration.pk, cancel_url=cancel_url))
