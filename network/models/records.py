"""What is written about a case and who read it: meeting notes (signed, never changed; a
correction is a new version), the index person's objections, the access log, emergency access
and the record of deleted cases.

Health data (GDPR art. 9; patientdatalagen, pasientjournalloven): note bodies, corrections,
objections and the reasons given for emergency access are encrypted at rest. PostgreSQL
triggers (migration 0002) refuse any UPDATE or DELETE of a signed note, an objection or an
access-log row, whatever the path — except key rotation and the retention task, which say so
in their own transaction (``network.services_records.database_flag``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dialogkurs.encryption import EncryptedTextField

from .cases import REASON_MAX, Case, NetworkMeeting

NOTE_MAX = 20000


class NoteStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("note status", "Draft")
    SIGNED = "signed", pgettext_lazy("note status", "Signed")


class MeetingNote(models.Model):
    """A meeting note (sv *mötesanteckning*, nb *møtenotat*), one version of it.

    ``draft → signed`` by its author. A signed note is never edited or deleted: a correction
    (sv *rättelse*, nb *retting*) is a new version that ``replaces`` it, with a reason. All
    versions of one note share a ``thread``.
    """

    Status = NoteStatus

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="notes")
    meeting = models.ForeignKey(
        NetworkMeeting,
        verbose_name=_("network meeting"),
        null=True,
        blank=True,
        # Meetings and notes go only together, with their case (the retention task); the
        # database refuses to delete a signed note otherwise.
        on_delete=models.CASCADE,
        related_name="notes",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        pgettext_lazy("note", "status"), max_length=10, choices=NoteStatus.choices, default=NoteStatus.DRAFT
    )
    body = EncryptedTextField(_("note"), max_length=NOTE_MAX, blank=True)
    written_together = models.BooleanField(_("written together in the meeting"), default=False)
    thread = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    version = models.PositiveSmallIntegerField(default=1)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replaced_by",
    )
    correction_reason = EncryptedTextField(_("reason for the correction"), max_length=REASON_MAX, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last saved"), default=timezone.now)
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting note")
        verbose_name_plural = _("meeting notes")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "status", "created_at"], name="network_note_case_status")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=NoteStatus.values), name="network_note_status_valid"),
            models.CheckConstraint(
                condition=Q(status=NoteStatus.SIGNED, signed_at__isnull=False)
                | Q(status=NoteStatus.DRAFT, signed_at=None),
                name="network_note_signed_at_iff_signed",
            ),
            models.CheckConstraint(
                condition=Q(replaces=None, version=1) | Q(replaces__isnull=False, version__gt=1),
                name="network_note_version_of_correction",
            ),
            models.CheckConstraint(
                condition=Q(replaces=None) | ~Q(correction_reason=""),
                name="network_note_correction_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return _("Note %(number)s, version %(version)s") % {"number": self.pk, "version": self.version}

    @property
    def is_signed(self) -> bool:
        return self.status == NoteStatus.SIGNED

    @property
    def is_draft(self) -> bool:
        return self.status == NoteStatus.DRAFT

    @property
    def is_correction(self) -> bool:
        return self.replaces_id is not None


class NoteObjection(models.Model):
    """The index person's objection (sv *invändning*, nb *innsigelse*) to a note: what they said,
    recorded beside the note by a team member. Never changed."""

    note = models.ForeignKey(MeetingNote, verbose_name=_("note"), on_delete=models.CASCADE, related_name="objections")
    text = EncryptedTextField(_("what the index person said"), max_length=NOTE_MAX)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return _("Objection %(number)s") % {"number": self.pk}


class AccessKind(models.TextChoices):
    """What was read."""

    CASE = "case", _("Case page")
    HISTORY = "history", _("History")
    MAP = "map", _("Network map")
    MEETING = "meeting", _("Meeting")
    MEMBER = "member", _("Network member")
    NOTE = "note", _("Note")
    NOTE_HISTORY = "note_history", _("Note versions")
    FORM = "form", _("Form")
    EXPORT = "export", _("Export")


class EmergencyAccess(models.Model):
    """Emergency access (sv *nödåtkomst*, nb *nødtilgang*): a clinician outside the team or an
    administrator opens a case after stating why, for NETWORK_EMERGENCY_ACCESS_MINUTES. The team
    is told at once; administrators review every one."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="emergency_accesses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, related_name="+"
    )
    reason = EncryptedTextField(_("reason"), max_length=REASON_MAX)
    started_at = models.DateTimeField(_("from"), default=timezone.now)
    expires_at = models.DateTimeField(_("until"))
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["user", "case", "expires_at"], name="network_emergency_active")]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("started_at")), name="network_emergency_window")
        ]

    def __str__(self) -> str:
        return _("Emergency access %(number)s") % {"number": self.pk}

    def is_active(self, now=None) -> bool:
        return self.started_at <= (now or timezone.now()) < self.expires_at

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None


class AccessLog(models.Model):
    """One read of a case: who, when, which case and what in it, and why (team or emergency).
    Written in the request that read; nothing in the product changes or deletes a row (the
    database refuses), so the person's right to know who read the record holds."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="access_log")
    kind = models.CharField(_("what"), max_length=20, choices=AccessKind.choices)
    object_id = models.PositiveBigIntegerField(_("which"), null=True, blank=True)
    reason = models.CharField(_("why"), max_length=10)
    emergency = models.ForeignKey(
        EmergencyAccess,
        verbose_name=_("emergency access"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reads",
    )
    path = models.CharField(_("address"), max_length=300)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["case", "-at"], name="network_log_case"),
            models.Index(fields=["user", "-at"], name="network_log_user"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(reason__in=["team", "emergency"]), name="network_log_reason_valid"),
            models.CheckConstraint(
                condition=Q(reason="emergency", emergency__isnull=False) | Q(reason="team", emergency=None),
                name="network_log_emergency_has_grant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.case_id} {self.kind}"


class DeletedCase(models.Model):
    """What the retention task deleted: the case number and dates only, nothing about a person."""

    case_number = models.PositiveBigIntegerField(_("case"), unique=True)
    first_contact_on = models.DateField(_("first contact"))
    closed_on = models.DateField(_("closed"))
    deleted_at = models.DateTimeField(_("deleted"), default=timezone.now)

    class Meta:
        verbose_name = _("deleted case")
        verbose_name_plural = _("deleted cases")
        ordering = ["-deleted_at", "-pk"]

    def __str__(self) -> str:
        return _("Case %(number)s (deleted)") % {"number": self.case_number}
