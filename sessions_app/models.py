"""Dialogue trainings: organisations, workplaces, themes, courses, half-days, facilitators."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

HALF_DAYS_PER_COURSE = 2
IDEA_WORKSHOP = 4  # the theme number of the idea workshop; it belongs on half-day 2
DEFAULT_THEME_PLAN = {1: 1, 2: 1, 3: 2, 4: 2}  # theme number → half-day number
# The whole training is 8 hours; 7.5–8.5 is accepted so breaks can move a little.
MIN_TOTAL_DURATION = timedelta(hours=7, minutes=30)
MAX_TOTAL_DURATION = timedelta(hours=8, minutes=30)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Country(models.TextChoices):
    SWEDEN = "SE", _("Sweden")
    NORWAY = "NO", _("Norway")

    @property
    def time_zone(self) -> str:
        """Where the trainings happen: the time of reminders and calendar entries."""
        return {"SE": "Europe/Stockholm", "NO": "Europe/Oslo"}[self.value]


class Organisation(models.Model):
    """A region, municipality or service provider."""

    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, default=Country.SWEDEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "country"], name="organisation_unique_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("sessions_app:organisation_detail", args=[self.pk])


class Workplace(models.Model):
    """A work group or unit of an organisation; trainings happen at the workplace."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="workplaces", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    visiting_address = models.CharField(_("visiting address"), max_length=300, blank=True)
    manager_name = models.CharField(_("manager's name"), max_length=200, blank=True)
    manager_email = models.EmailField(_("manager's e-mail address"), blank=True)
    manager_language = models.CharField(_("manager's language"), max_length=8, choices=settings.LANGUAGES, default="sv")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("workplace")
        verbose_name_plural = _("workplaces")
        ordering = ["organisation__name", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="workplace_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.name})"

    def get_absolute_url(self) -> str:
        return reverse("sessions_app:workplace_detail", args=[self.pk])

    @property
    def time_zone(self) -> str:
        return Country(self.organisation.country).time_zone


class Theme(models.Model):
    """Reference data: the four themes of every dialogue training, in order, translated."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_nb = models.CharField(_("name (Norwegian Bokmål)"), max_length=200)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["number"]
        constraints = [models.CheckConstraint(condition=Q(number__gte=1, number__lte=4), name="theme_number_1_to_4")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def name(self) -> str:
        language = (get_language() or "en")[:2]
        return {"sv": self.name_sv, "nb": self.name_nb}.get(language, self.name_en)

    @property
    def is_idea_workshop(self) -> bool:
        return self.number == IDEA_WORKSHOP


class CourseStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("course status", "Draft")
    CONFIRMED = "confirmed", pgettext_lazy("course status", "Confirmed")
    DELIVERED = "delivered", pgettext_lazy("course status", "Delivered")
    FOLLOWED_UP = "followed_up", pgettext_lazy("course status", "Followed up")
    CANCELLED = "cancelled", pgettext_lazy("course status", "Cancelled")


class Course(models.Model):
    """A booked dialogue training for one work group, at its workplace.

    States change only through ``sessions_app.services``.
    """

    CAPACITY = 20
    MINIMUM_PARTICIPANTS = 15

    workplace = models.ForeignKey(
        Workplace, on_delete=models.PROTECT, related_name="courses", verbose_name=_("workplace")
    )
    location = models.CharField(
        _("location"), max_length=300, blank=True, help_text=_("Room and address at the workplace.")
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coordinated_courses",
        verbose_name=_("coordinator"),
    )
    status = models.CharField(
        pgettext_lazy("course", "status"), max_length=20, choices=CourseStatus.choices, default=CourseStatus.DRAFT
    )
    notes = models.TextField(_("notes"), blank=True)
    signup_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    signup_open = models.BooleanField(_("sign-up link open"), default=False)
    consent_text = models.TextField(
        _("consent text"),
        blank=True,
        help_text=_("Shown on the sign-up page; the participant must agree to it. Leave empty for the standard text."),
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dialogue training")
        verbose_name_plural = _("dialogue trainings")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.workplace.name} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("sessions_app:course_detail", args=[self.pk])

    @property
    def is_open_for_changes(self) -> bool:
        return self.status in (CourseStatus.DRAFT, CourseStatus.CONFIRMED)


class HalfDay(models.Model):
    """One of the two half-days of a course (sv *halvdag*)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="half_days", verbose_name=_("course"))
    number = models.PositiveSmallIntegerField(_("half-day"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    themes = models.ManyToManyField(Theme, through="HalfDayTheme", related_name="half_days", verbose_name=_("themes"))

    class Meta:
        verbose_name = _("half-day")
        verbose_name_plural = _("half-days")
        ordering = ["course", "number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="halfday_unique_number"),
            models.CheckConstraint(condition=Q(number__in=[1, 2]), name="halfday_number_1_or_2"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="halfday_ends_after_start"),
        ]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.number}: {local:%Y-%m-%d %H:%M}"

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at


class HalfDayTheme(models.Model):
    """Which half-day a theme is on. Each theme once per course, enforced by the database."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    half_day = models.ForeignKey(HalfDay, on_delete=models.CASCADE, related_name="theme_links")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course", "theme"], name="halfdaytheme_theme_once_per_course")]
        ordering = ["theme__number"]

    def __str__(self) -> str:
        return f"{self.theme} @ {self.half_day}"


class LivedExperience(models.TextChoices):
    OWN = "own", _("Own experience")
    RELATIVE = "relative", _("As a relative")
    BOTH = "both", _("Own experience and as a relative")


class Facilitator(models.Model):
    """A facilitator's profile: a person with lived experience who leads trainings."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="facilitator", verbose_name=_("user")
    )
    lived_experience = models.CharField(_("lived experience"), max_length=10, choices=LivedExperience.choices)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    home_area = models.CharField(_("home area"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    ical_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)

    class Meta:
        verbose_name = _("facilitator")
        verbose_name_plural = _("facilitators")
        ordering = ["user__full_name"]

    def __str__(self) -> str:
        return str(self.user)


class AssignmentStatus(models.TextChoices):
    INVITED = "invited", pgettext_lazy("assignment status", "Invited")
    ACCEPTED = "accepted", pgettext_lazy("assignment status", "Accepted")
    DECLINED = "declined", pgettext_lazy("assignment status", "Declined")


class FacilitatorAssignment(models.Model):
    """A facilitator asked to lead a course: invited → accepted | declined."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("course"))
    facilitator = models.ForeignKey(
        Facilitator, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("facilitator")
    )
    status = models.CharField(
        pgettext_lazy("assignment", "status"),
        max_length=10,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.INVITED,
    )
    invited_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("facilitator assignment")
        verbose_name_plural = _("facilitator assignments")
        ordering = ["course", "invited_at"]
        constraints = [
            models.UniqueConstraint(fields=["course", "facilitator"], name="assignment_once_per_course"),
        ]

    def __str__(self) -> str:
        return f"{self.facilitator} → {self.course}"


# --- Idea workshop: outcome, improvement proposals, follow-up meetings -------------------------


class RecoveryDomain(models.TextChoices):
    """The four domains of recovery-oriented practice of Le Boutillier et al. (2011)."""

    WORKING_RELATIONSHIP = "working_relationship", _("Working relationship")
    PERSONALLY_DEFINED_RECOVERY = "personally_defined_recovery", _("Personally defined recovery")
    ORGANISATIONAL_COMMITMENT = "organisational_commitment", _("Organisational commitment")
    CITIZENSHIP = "citizenship", _("Citizenship")


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
    ``sessions_app.services_workshop``; once submitted it is read-only and its proposals
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
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
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

    outcome = models.ForeignKey(
        WorkshopOutcome, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("outcome")
    )
    text = models.TextField(_("proposal"), max_length=2000)
    area = models.CharField(_("area"), max_length=20, choices=ProposalArea.choices)
    recovery_domains = models.JSONField(_("recovery domains"), default=list, blank=True)
    raised_by = models.JSONField(_("raised by"), default=list, blank=True)
    owner_name = models.CharField(_("owner's name"), max_length=200, blank=True)
    owner_email = models.EmailField(_("owner's e-mail address"), blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        pgettext_lazy("proposal", "status"),
        max_length=12,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PROPOSED,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
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
    Planned when the outcome is submitted; changes only through ``services_workshop``."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="followups", verbose_name=_("course"))
    number = models.PositiveSmallIntegerField(_("follow-up"))
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300)
    attendees = models.TextField(_("attendees"), blank=True, help_text=_("One name per line."))
    status = models.CharField(
        pgettext_lazy("follow-up", "status"),
        max_length=10,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.PLANNED,
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
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

    def __str__(self) -> str:
        return f"{self.course} – {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("sessions_app:followup_detail", args=[self.pk])

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
        FollowUpMeeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposal_updates"
    )
    status_before = models.CharField(max_length=12, choices=ProposalStatus.choices, blank=True)
    status = models.CharField(pgettext_lazy("proposal", "status"), max_length=12, choices=ProposalStatus.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
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
