"""Participants of dialogue trainings, their registrations, the waitlist and attendance."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dialogkurs.fields import SingleLineCharField
from sessions_app.models import Course, HalfDay, Workplace, new_token


class Perspective(models.TextChoices):
    # Health-related: shown only to coordinators and the course's facilitators, and in reports
    # only in aggregates of five or more.
    STAFF = "staff", _("Staff")
    LIVED_EXPERIENCE = "lived_experience", _("Own experience")
    RELATIVE = "relative", _("Relative")


class Participant(models.Model):
    name = SingleLineCharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    workplace = models.ForeignKey(
        Workplace,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("workplace"),
    )
    language = models.CharField(_("preferred language"), max_length=8, choices=settings.LANGUAGES, default="sv")
    perspective = models.CharField(
        _("perspective"), max_length=20, choices=Perspective.choices, default=Perspective.STAFF
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Set when the name and address were erased or the retention period ended (privacy/).
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("email"), name="participant_unique_email")]

    def __str__(self) -> str:
        return self.name


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", pgettext_lazy("registration status", "Confirmed")
    WAITLISTED = "waitlisted", pgettext_lazy("registration status", "Waitlisted")
    CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")


# A registration that holds a place or a place in line.
LIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


class RegistrationSource(models.TextChoices):
    COORDINATOR = "coordinator", _("Added by a coordinator")
    IMPORT = "import", _("CSV import")
    SIGNUP = "signup", _("Sign-up link")


class Registration(models.Model):
    """A participant's place on a course. At most ``Course.CAPACITY`` confirmed; the rest wait
    in arrival order (``queued_at``). Changes only through ``participants.services``."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("course"))
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("participant")
    )
    status = models.CharField(
        pgettext_lazy("registration", "status"), max_length=12, choices=RegistrationStatus.choices
    )
    source = models.CharField(_("source"), max_length=12, choices=RegistrationSource.choices)
    queued_at = models.DateTimeField(_("registered"), help_text=_("Arrival time; orders the waitlist."))
    consent_given_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("given a place from the waitlist"), null=True, blank=True)
    cancelled_at = models.DateTimeField(pgettext_lazy("registration", "cancelled"), null=True, blank=True)
    cancel_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # A sign-up through the link: a keyed hash of the client's address (never the address
    # itself), which groups the sign-ups from one internet connection for the rate limit and
    # the coordinator's alert. Empty for registrations by a coordinator or a CSV import.
    signup_address = models.CharField(max_length=64, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["course", "queued_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "participant"], name="registration_once_per_course"),
        ]
        indexes = [
            models.Index(fields=["course", "status", "queued_at"]),
            models.Index(fields=["course", "signup_address", "queued_at"]),
        ]

    # What __str__ reads besides the row (select_related), for lists that name these objects.
    STR_SELECT_RELATED = ("participant", "course__workplace")

    def __str__(self) -> str:
        return f"{self.participant} – {self.course}"

    def get_cancel_url(self) -> str:
        return reverse("participants:registration_cancel_public", args=[self.cancel_token])

    @property
    def is_confirmed(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == RegistrationStatus.WAITLISTED

    @property
    def is_cancelled(self) -> bool:
        return self.status == RegistrationStatus.CANCELLED

    @property
    def can_be_cancelled(self) -> bool:
        """A live place on a training that is still open and not yet held: once it is held,
        delivered or cancelled, its list stays as it was (nobody is promoted into the past)."""
        return not self.is_cancelled and self.course.is_open_for_changes and not self.course.has_ended()


class Attendance(models.Model):
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("registration")
    )
    half_day = models.ForeignKey(
        HalfDay, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("half-day")
    )
    present = models.BooleanField(_("present"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["registration", "half_day"], name="attendance_once_per_half_day")
        ]

    def __str__(self) -> str:
        return f"{self.registration} / {self.half_day.number}: {self.present}"
