"""A participant's part in erasure and retention (privacy/)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from audit.log import audit_record

from .models import Participant, Registration


def erased_email(pk: int) -> str:
    return f"erased-participant-{pk}@erased.invalid"


@transaction.atomic
def participant_anonymise(participant: Participant, *, action: str = "erase") -> Participant:
    """Name and address go; registrations, attendance and the perspective stay for statistics
    (shown only in aggregates of 5 or more), no longer linked to anyone. Safe to repeat."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.anonymised_at is not None:
        return participant
    participant.name = ""
    participant.email = erased_email(participant.pk)
    participant.anonymised_at = timezone.now()
    participant.save(update_fields=["name", "email", "anonymised_at"])
    Registration.objects.filter(participant=participant).update(signup_address="")
    audit_record(participant, action, fields=["name", "email"])
    return participant
