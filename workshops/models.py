"""The idea workshop of a training: its outcome, the improvement proposals, the follow-up
meetings at the workplace and each proposal's history.

The tables keep the names they had in ``sessions_app`` (``db_table``): the models moved here
with ``SeparateDatabaseAndState`` and their rows stayed where they were.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dialogkurs.fields import SingleLineCharField
from sessions_app.models import Course, RecoveryDomain


class ProposalArea(models.TextChoices):
    TREATMENT_AND_ENCOUNTERS = "treatment", _("Treatment and encounters")
    PARTICIPATION = "participation", _("Participation")
    ROUTINES = "routines", _("Routines")
    OTHER = "other", _("Other")


class RaisedBy(models.TextChoices):
    # The same three perspectives as a participant's (participants.Perspective); here they say
    # which voices in the room raised a proposal, never who.
    STAFF = "staff", _("Staff")
    LIVED_EXPERIENCE = "lived_experience", _("Own experience")
    RELATIVE = "relative", _("Relative")


class OutcomeStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("outcome status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("outcome status", "Submitted")


class WorkshopOutcome(models.Model):
    """What the idea workshop of a course produced. Changes only through
    ``workshops.services``; once submitted it is read-only and its proposals
    move on at the follow-up meetings."""

    course = models.OneToOneField(
        Course, on_delete=models.CASCADE, related_name="workshop_outcome", verbose_name=_("course")
    )
    status = models.CharField(
        pgettext_lazy("outcome", "status"), max_length=10, choices=OutcomeStatus.choices, default=OutcomeStatus.DRAFT
    )
    notes = models.TextField(
        _("notes from the workshop"), blank=True, help_text=_("Optional: what the group talked about, in brief.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        db_table = "sessions_app_workshopoutcome"
        verbose_name = _("idea-workshop outcome")
        verbose_name_plural = _("idea-workshop outcomes")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft", submitted_at__isnull=True)
                | Q(status="submitted", submitted_at__isnull=False),
                name="outcome_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return str(self.course)

    @property
    def is_draft(self) -> bool:
        return self.status == OutcomeStatus.DRAFT


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("proposal status", "Proposed")
    IN_PROGRESS = "in_progress", pgettext_lazy("proposal status", "In progress")
    DONE = "done", pgettext_lazy("proposal status", "Done")
    DROPPED = "dropped", pgettext_lazy("proposal status", "Dropped")


# proposed → in_progress → done | dropped; a proposal may skip ahead, never go back.
PROPOSAL_TRANSITIONS: dict[str, frozenset[str]] = {
    ProposalStatus.PROPOSED: frozenset({ProposalStatus.IN_PROGRESS, ProposalStatus.DONE, ProposalStatus.DROPPED}),
    ProposalStatus.IN_PROGRESS: frozenset({ProposalStatus.DONE, ProposalStatus.DROPPED}),
    ProposalStatus.DONE: frozenset(),
    ProposalStatus.DROPPED: frozenset(),
}


class ImprovementProposal(models.Model):
    """An improvement proposal (sv *förbättringsförslag*, nb *forbedringsforslag*).

    Recovery domains and perspectives are lists of choice values in a JSON field: several per
    proposal, read together with it, never queried on their own, and portable to SQLite."""

    # Needed before the outcome can be submitted, though a draft may leave them empty: the
    # proposal form marks them, the outcome page names what is missing, submitting checks them.
    # Each with the words that name it when it is missing.
    SUBMISSION_FIELDS = {
        "recovery_domains": _("recovery domain"),
        "raised_by": _("who raised it"),
        "owner_name": _("owner's name"),
        "owner_email": _("owner's e-mail address"),
        "due_date": _("due date"),
    }

    outcome = models.ForeignKey(
        WorkshopOutcome, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("outcome")
    )
    text = models.TextField(_("proposal"), max_length=2000)
    area = models.CharField(_("area"), max_length=20, choices=ProposalArea.choices)
    recovery_domains = models.JSONField(_("recovery domains"), default=list, blank=True)
    raised_by = models.JSONField(_("raised by"), default=list, blank=True)
    owner_name = SingleLineCharField(_("owner's name"), max_length=200, blank=True)
    owner_email = models.EmailField(_("owner's e-mail address"), blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        pgettext_lazy("proposal", "status"),
        max_length=12,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PROPOSED,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = "sessions_app_improvementproposal"
        verbose_name = _("improvement proposal")
        verbose_name_plural = _("improvement proposals")
        ordering = ["outcome", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(area__in=["treatment", "participation", "routines", "other"]), name="proposal_area_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "in_progress", "done", "dropped"]), name="proposal_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        errors = {}
        if not isinstance(self.recovery_domains, list) or not set(self.recovery_domains) <= set(RecoveryDomain.values):
            errors["recovery_domains"] = _("Choose recovery domains from the list.")
        if not isinstance(self.raised_by, list) or not set(self.raised_by) <= set(RaisedBy.values):
            errors["raised_by"] = _("Choose perspectives from the list.")
        if errors:
            raise ValidationError(errors)

    def missing_for_submission(self) -> list[str]:
        """The fields of ``SUBMISSION_FIELDS`` still empty (none: the proposal is ready). A draft
        may leave them empty; the outcome is submitted only when no proposal does."""
        return [name for name in self.SUBMISSION_FIELDS if getattr(self, name) in (None, "", [])]

    @property
    def missing_for_submission_labels(self) -> list[str]:
        """``missing_for_submission`` in words, for the outcome page and its error."""
        return [str(self.SUBMISSION_FIELDS[name]) for name in self.missing_for_submission()]

    @property
    def is_ready_for_submission(self) -> bool:
        return not self.missing_for_submission()

    def get_recovery_domains_display(self) -> list[str]:
        labels = dict(RecoveryDomain.choices)
        return [str(labels[value]) for value in RecoveryDomain.values if value in self.recovery_domains]

    def get_raised_by_display(self) -> list[str]:
        labels = dict(RaisedBy.choices)
        return [str(labels[value]) for value in RaisedBy.values if value in self.raised_by]

    @property
    def is_open(self) -> bool:
        return self.status in (ProposalStatus.PROPOSED, ProposalStatus.IN_PROGRESS)


class FollowUpStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("follow-up status", "Planned")
    HELD = "held", pgettext_lazy("follow-up status", "Held")


class FollowUpMeeting(models.Model):
    """A follow-up meeting, in person at the workplace, 3 and 6 months after the training.
    Planned when the outcome is submitted; changes only through ``workshops.services``."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="followups", verbose_name=_("course"))
    number = models.PositiveSmallIntegerField(_("follow-up"))
    starts_at = models.DateTimeField(_("date and time"))
    place = SingleLineCharField(_("place"), max_length=300)
    attendees = models.TextField(_("attendees"), blank=True, help_text=_("One name per line."))
    status = models.CharField(
        pgettext_lazy("follow-up", "status"),
        max_length=10,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.PLANNED,
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = "sessions_app_followupmeeting"
        verbose_name = _("follow-up meeting")
        verbose_name_plural = _("follow-up meetings")
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="followup_unique_number"),
            models.CheckConstraint(
                condition=Q(status="planned", recorded_at__isnull=True) | Q(status="held", recorded_at__isnull=False),
                name="followup_held_is_recorded",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"])]

    # What __str__ reads besides the row (select_related), for lists that name these objects.
    STR_SELECT_RELATED = ("course__workplace",)

    def __str__(self) -> str:
        return f"{self.course} – {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("workshops:followup_detail", args=[self.pk])

    @property
    def is_planned(self) -> bool:
        return self.status == FollowUpStatus.PLANNED


class ProposalUpdate(models.Model):
    """The history of a proposal: its status at submission and at every follow-up meeting,
    with the note written then. Rows are only ever added."""

    proposal = models.ForeignKey(
        ImprovementProposal, on_delete=models.CASCADE, related_name="updates", verbose_name=_("proposal")
    )
    meeting = models.ForeignKey(
        FollowUpMeeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal_updates",
        verbose_name=_("follow-up meeting"),
    )
    status_before = models.CharField(_("status before"), max_length=12, choices=ProposalStatus.choices, blank=True)
    status = models.CharField(pgettext_lazy("proposal", "status"), max_length=12, choices=ProposalStatus.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        db_table = "sessions_app_proposalupdate"
        verbose_name = _("proposal update")
        verbose_name_plural = _("proposal updates")
        ordering = ["proposal", "recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "meeting"], name="proposal_update_once_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.status_before} → {self.status}"

    @property
    def changed(self) -> bool:
        return self.status != self.status_before
