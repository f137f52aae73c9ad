"""Retention for everyone (DESIGN §8): one daily run removes what has been kept long enough.

- participants: name and address, ``PARTICIPANT_RETENTION_MONTHS`` (24) after their last
  training ended (or after they were added, if they never had one);
- facilitators: lived experience, home area, languages — and the account's name and address
  when facilitating is the account's only role — after ``FACILITATOR_RETENTION_MONTHS`` (24)
  without a training or a login;
- proposal owners: name and address ``PROPOSAL_OWNER_RETENTION_DAYS`` (30) after the training's
  last follow-up meeting;
- the outbox: the recipient's address and name of messages finished
  ``MESSAGE_RETENTION_DAYS`` (90) ago (bodies are never stored: messages are rendered when sent);
- login records (django-axes: account, internet address, browser) after
  ``LOGIN_RECORD_RETENTION_DAYS`` (90).

Closed enquiries have their own daily task (``ENQUIRY_RETENTION_MONTHS``), network cases theirs
(``NETWORK_RETENTION_YEARS``). Each step re-checks under its row's lock and skips what is already
done, so a run can be repeated or interrupted safely.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import F, Max, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from accounts.personal_data import login_records_delete_older_than, user_anonymise
from accounts.roles import Role
from audit.log import audit_record
from participants.models import Participant
from participants.personal_data import participant_anonymise
from reminders.personal_data import messages_forget_older_than, messages_forget_recipient
from sessions_app.models import Facilitator
from sessions_app.personal_data import facilitator_forget
from workshops.models import FollowUpStatus, ImprovementProposal
from workshops.personal_data import proposal_forget_owner

logger = logging.getLogger(__name__)
ACTION = "retention"


@dataclass
class RetentionResult:
    participants: int = 0
    facilitators: int = 0
    proposal_owners: int = 0
    messages: int = 0
    login_records: int = 0


def participants_due(now: datetime):
    cutoff = now - relativedelta(months=settings.PARTICIPANT_RETENTION_MONTHS)
    return (
        Participant.objects.filter(anonymised_at=None)
        .annotate(last=Coalesce(Max("registrations__course__half_days__ends_at"), F("created_at")))
        .filter(last__lt=cutoff)
    )


def facilitators_due(now: datetime):
    cutoff = now - relativedelta(months=settings.FACILITATOR_RETENTION_MONTHS)
    # Accounts with other roles keep their name and address: their profiles are looked at again
    # each day and skipped once forgotten.
    return (
        Facilitator.objects.filter(Q(active=True) | ~Q(lived_experience="") | Q(user__anonymised_at=None))
        .annotate(
            last=Greatest(
                Coalesce(Max("assignments__course__half_days__ends_at"), F("user__date_joined")),
                Coalesce(F("user__last_login"), F("user__date_joined")),
                F("user__date_joined"),
            )
        )
        .filter(last__lt=cutoff)
        .select_related("user")
    )


def proposals_due(now: datetime):
    cutoff = now - timedelta(days=settings.PROPOSAL_OWNER_RETENTION_DAYS)
    return (
        ImprovementProposal.objects.exclude(owner_name="", owner_email="")
        .exclude(outcome__course__followups__status=FollowUpStatus.PLANNED)
        .annotate(last=Max("outcome__course__followups__starts_at"))
        .filter(last__lt=cutoff)
    )


def retention_run(*, now: datetime | None = None) -> RetentionResult:
    """Apply every retention period once; returns how many of each were changed."""
    now = now or timezone.now()
    result = RetentionResult()
    for participant in participants_due(now).order_by("pk").iterator():
        messages_forget_recipient(participant.email)
        participant_anonymise(participant, action=ACTION)
        result.participants += 1
    for facilitator in facilitators_due(now).order_by("pk").iterator():
        changed = facilitator.active or bool(facilitator.lived_experience)
        facilitator_forget(facilitator, action=ACTION)
        user = facilitator.user
        if user.anonymised_at is None and set(user.roles) <= {str(Role.FACILITATOR)} and not user.is_superuser:
            messages_forget_recipient(user.email)
            user_anonymise(user, action=ACTION)
            changed = True
        result.facilitators += changed
    for proposal in proposals_due(now).order_by("pk").iterator():
        if proposal.owner_email:
            messages_forget_recipient(proposal.owner_email)
        proposal_forget_owner(proposal, action=ACTION)
        result.proposal_owners += 1
    result.messages = messages_forget_older_than(now - timedelta(days=settings.MESSAGE_RETENTION_DAYS))
    result.login_records = login_records_delete_older_than(now - timedelta(days=settings.LOGIN_RECORD_RETENTION_DAYS))
    counts = {key: value for key, value in asdict(result).items() if value}
    if counts:
        audit_record(None, ACTION, extra=counts)
    logger.info(
        "retention: %d participants, %d facilitators, %d proposal owners, %d messages, %d login records",
        result.participants,
        result.facilitators,
        result.proposal_owners,
        result.messages,
        result.login_records,
    )
    return result
