"""The anonymous evaluation after a training: personal one-time links and answers that cannot
be traced to a person (the results are read in ``selectors``).

See ``models.py`` for what is stored and why.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from dialogkurs.links import absolute_url
from participants.models import Registration
from sessions_app.models import Course

from .models import EvaluationAnswer, EvaluationToken

# The kind keeps the name it had before this app left participants: the outbox stores it.
EVALUATION_KIND = "participants.evaluation_request"
NUDGE_KIND = "evaluations.evaluation_nudge"
# The link works for six weeks after half-day 2: time for a holiday week and a second look.
EVALUATION_OPEN_FOR = timedelta(weeks=6)
DOMAINS = EvaluationAnswer.DOMAINS
LINK_SALT = "dialogkurs.evaluations.link"  # salted_hmac: a key of its own for these links


def evaluation_closes_at(course: Course) -> datetime | None:
    half_day = course.half_days.filter(number=2).first()
    return half_day.ends_at + EVALUATION_OPEN_FOR if half_day else None


# --- Links ---------------------------------------------------------------------------------------


def evaluation_token(registration: Registration) -> str:
    """The registration's personal token: the same every time the e-mail is rendered (a retried
    send carries the same link, so one person answers once), unguessable without SECRET_KEY
    (Django's keyed hash, salted for this use alone). 43 URL-safe characters."""
    value = f"{registration.course_id}:{registration.pk}"
    return urlsafe_base64_encode(salted_hmac(LINK_SALT, value, algorithm="sha256").digest())


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def evaluation_link_issue(registration: Registration) -> str:
    """The absolute URL of the registration's questionnaire.

    Side effects: the token row (course and token hash, nothing about the person) is created
    when missing. Called when the e-mail is rendered."""
    token = evaluation_token(registration)
    EvaluationToken.objects.get_or_create(token_hash=_token_hash(token), defaults={"course_id": registration.course_id})
    return absolute_url(reverse("evaluations:evaluation_answer", args=[token]))


def evaluation_link_used(registration: Registration) -> bool:
    """Whether the registration's link has been used: asked when the nudge is sent. The token
    row says only "used" (no time, no answer), and the answer row has no way back to it, so
    knowing who answered says nothing about what they answered."""
    token = evaluation_token(registration)
    return EvaluationToken.objects.filter(token_hash=_token_hash(token), used=True).exists()


def evaluation_token_get(token: str) -> EvaluationToken | None:
    return (
        EvaluationToken.objects.select_related("course__workplace__organisation")
        .filter(token_hash=_token_hash(token))
        .first()
    )


def evaluation_closed_reason(row: EvaluationToken, *, now: datetime | None = None) -> str | None:
    """Why the link can no longer be used (None while it can)."""
    if row.used:
        return _("You have already answered. Thank you!")
    closes_at = evaluation_closes_at(row.course)
    if not row.course.takes_place or closes_at is None or (now or timezone.now()) > closes_at:
        return _("This questionnaire is closed.")
    return None


@transaction.atomic
def evaluation_answer(token: str, *, answers: dict[str, int], comment: str = "") -> EvaluationAnswer:
    """Store one anonymous answer and use up the link.

    Race condition: a double click submits twice; the token row is locked and its ``used``
    flag re-read under the lock, so a link gives one answer.
    Side effects: the token row is marked used; the answer row carries only the course and the
    date."""
    row = (
        EvaluationToken.objects.select_for_update(of=("self",))
        .select_related("course__workplace__organisation")
        .filter(token_hash=_token_hash(token))
        .first()
    )
    if row is None:
        raise ValidationError(_("This link is not valid."), code="invalid")
    reason = evaluation_closed_reason(row)
    if reason:
        raise ValidationError(reason, code="closed")
    row.used = True
    row.save(update_fields=["used"])
    answer = EvaluationAnswer(
        course_id=row.course_id,
        answered_on=timezone.localdate(timezone=ZoneInfo(row.course.workplace.time_zone)),
        comment=comment.strip(),
        **{domain: answers[domain] for domain in DOMAINS},
    )
    answer.full_clean()
    answer.save(force_insert=True)
    return answer
