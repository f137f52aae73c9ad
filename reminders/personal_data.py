"""The outbox's part in erasure and retention (privacy/): rows stop naming a person."""

from __future__ import annotations

from datetime import datetime

from django.db.models import F, Value
from django.db.models.functions import Concat

from .models import ScheduledMessage

Status = ScheduledMessage.Status
FINISHED = (Status.SENT, Status.CANCELLED, Status.FAILED, Status.MISSED)


def _forget(rows) -> int:
    # The dedupe key (kind, object, recipient, occasion) stays unique: each row gets its own
    # placeholder, which is no address at all.
    return rows.update(recipient=Concat(Value("removed-"), F("pk")), recipient_name="", last_error="")


def messages_forget_recipient(address: str) -> tuple[int, int]:
    """Erasure: the rows still to be sent to ``address`` are stopped, and no row keeps the
    address, the name or an error that may quote them. Returns (stopped, forgotten)."""
    rows = ScheduledMessage.objects.filter(recipient=address.strip().lower())
    stopped = rows.filter(status__in=ScheduledMessage.PENDING + (Status.SENDING,)).update(
        status=Status.CANCELLED, reason=ScheduledMessage.Reason.NO_LONGER_PLANNED, claimed_at=None
    )
    return stopped, _forget(rows)


def messages_forget_older_than(cutoff: datetime, *, batch: int = 1000) -> int:
    """Retention: finished rows due before ``cutoff`` lose their recipient's address and name
    (the outbox keeps no bodies: messages are rendered when sent). Safe to repeat."""
    done = 0
    while True:
        ids = list(
            ScheduledMessage.objects.filter(status__in=FINISHED, due_at__lt=cutoff)
            .exclude(recipient__startswith="removed-")
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not ids:
            return done
        done += _forget(ScheduledMessage.objects.filter(pk__in=ids))
