"""The outbox: one row per message that should be sent, sent, or was given up.

The database is the source of truth; Celery only delivers. A row moves
``planned → queued → sending → sent``; from ``planned`` or ``queued`` it can be ``cancelled``
(no longer wanted) or ``missed`` (its moment passed before it could be sent); ``sending`` goes
back to ``planned`` after a transient error (retry with backoff) and ends ``failed`` after the
last attempt. Only the services in ``services.py`` change a row's status.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dialogkurs.fields import SingleLineCharField


class MessageStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("message status", "Planned")
    QUEUED = "queued", pgettext_lazy("message status", "Queued")
    SENDING = "sending", pgettext_lazy("message status", "Sending")
    SENT = "sent", pgettext_lazy("message status", "Sent")
    CANCELLED = "cancelled", pgettext_lazy("message status", "Cancelled")
    FAILED = "failed", pgettext_lazy("message status", "Failed")
    MISSED = "missed", pgettext_lazy("message status", "Missed")


class MessageReason(models.TextChoices):
    NONE = "", ""
    NO_LONGER_PLANNED = "no_longer_planned", _("No longer planned")
    MOVED_INTO_PAST = "moved_into_past", _("Moved to a moment that had already passed")
    OBJECT_GONE = "object_gone", _("What it was about no longer exists")
    TOO_LATE = "too_late", _("Its moment passed before it could be sent")


class ScheduledMessage(models.Model):
    Status = MessageStatus
    Reason = MessageReason

    # Rows that may still be sent; replan may move or cancel them.
    PENDING = (Status.PLANNED, Status.QUEUED)
    # Rows a coordinator may send again by hand.
    RESENDABLE = (Status.FAILED, Status.MISSED)

    kind = models.CharField(_("kind"), max_length=100)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("about (type)"))
    object_id = models.PositiveBigIntegerField(_("about (id)"))
    content_object = GenericForeignKey("content_type", "object_id")
    recipient = models.EmailField(_("recipient"))
    recipient_name = SingleLineCharField(_("recipient's name"), max_length=200, blank=True)
    occasion = models.CharField(_("occasion"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="sv")
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Stockholm")
    due_at = models.DateTimeField(_("due"))
    # When the sweep may next pick the row: due_at at first, then the backoff time of a retry or
    # the moment of a manual resend. Lateness is measured from here, so a resend is not "missed".
    next_attempt_at = models.DateTimeField(_("next attempt"))
    status = models.CharField(
        pgettext_lazy("message", "status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    reason = models.CharField(_("reason"), max_length=32, choices=Reason.choices, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("scheduled message")
        verbose_name_plural = _("scheduled messages")
        ordering = ["-due_at", "-id"]
        constraints = [
            # The dedupe key: one message per kind, object, recipient and occasion, ever.
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "recipient", "occasion"],
                name="reminders_message_dedupe_key",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=MessageStatus.values), name="reminders_message_status_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="reminders_message_sent_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["queued", "sending"]) | models.Q(claimed_at__isnull=False),
                name="reminders_message_claim_has_time",
            ),
            models.CheckConstraint(
                condition=models.Q(recipient=Lower("recipient")), name="reminders_message_recipient_lower"
            ),
        ]
        indexes = [
            # The sweep's questions: what is due (claimed in next_attempt_at, id order) and what
            # waited too long; both over pending rows only, so their cost does not grow with the
            # rows sent long ago.
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=models.Q(status__in=["planned", "queued"]),
                name="reminders_msg_pending_idx",
            ),
            # ...and which claims went stale.
            models.Index(
                fields=["claimed_at"],
                condition=models.Q(status__in=["queued", "sending"]),
                name="reminders_msg_claimed_idx",
            ),
            models.Index(fields=["content_type", "object_id"], name="reminders_msg_object_idx"),
            # The outbox page: its sort order (Meta.ordering), alone and after a status or kind filter.
            # With the content type, which hides rows from coordinators: a page's capped count
            # reads only the index (5,000 failed rows lie on 4,500 pages of the table: 37 ms).
            models.Index(fields=["-due_at", "-id"], include=["content_type"], name="reminders_msg_order_idx"),
            models.Index(
                fields=["status", "-due_at", "-id"], include=["content_type"], name="reminders_msg_status_idx"
            ),
            models.Index(fields=["kind", "-due_at", "-id"], include=["content_type"], name="reminders_msg_kind_idx"),
            # The failed and missed rows (RESENDABLE) in the outbox's order: the home page's and
            # the outbox's "failed or missed" list reads a few hundred rows, not every row since.
            models.Index(
                fields=["-due_at", "-id"],
                condition=models.Q(status__in=["failed", "missed"]),
                include=["content_type"],
                name="reminders_msg_resendable_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient} ({self.get_status_display()})"

    @property
    def is_planned(self) -> bool:
        return self.status == MessageStatus.PLANNED

    @property
    def is_failed(self) -> bool:
        return self.status == MessageStatus.FAILED

    @property
    def is_resendable(self) -> bool:
        return self.status in self.RESENDABLE
