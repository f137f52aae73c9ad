"""Participants of dialogue trainings, their registrations, the waitlist and attendance."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sessions_app.models import Course, HalfDay, Workplace, new_token


class Perspective(models.TextChoices):
    # Health-related: shown only to coordinators and the course's facilitators, and in reports
    # only in aggregates of five or more.
    STAFF = "staff", _("Staff")
    LIVED_EXPERIENCE = "lived_experience", _("Own experience")
    RELATIVE = "relative", _("Relative")


class Participant(models.Model):
    name = models.CharField(_("name"), max_length=200)
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
    created_at = models.DateTimeField(auto_now_add=True)

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
    consent_given_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
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

    def __str__(self) -> str:
        return f"{self.participant} – {self.course}"

    def get_cancel_url(self) -> str:
        return reverse("participants:registration_cancel_public", args=[self.cancel_token])


class Attendance(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="attendance")
    half_day = models.ForeignKey(HalfDay, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"))
    recorded_at = models.DateTimeField(auto_now=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["registration", "half_day"], name="attendance_once_per_half_day")
        ]

    def __str__(self) -> str:
        return f"{self.registration} / {self.half_day.number}: {self.present}"


# --- Evaluation: anonymous by construction -------------------------------------------------------
#
# A participant answers through a personal one-time link. The link's token is derived from the
# registration with a keyed hash when the e-mail is rendered; the token row stores only its
# SHA-256, the course and whether it was used: no registration, no date. The answer row stores
# the course, the date and the answers: no foreign key to the token or the registration, no
# time of day, and a random primary key, so neither a join nor the order of ids ties an answer
# to a person. (The database's own transaction ids are not hidden from someone with direct
# access to it.) Results are shown only for EVALUATION_MIN_ANSWERS answers or more.

EVALUATION_MIN_ANSWERS = 5
SCALE = [(n, str(n)) for n in range(1, 6)]


class EvaluationToken(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="evaluation_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("evaluation link")
        verbose_name_plural = _("evaluation links")

    def __str__(self) -> str:
        return f"{self.course_id}: {self.token_hash[:8]}…"


def _scale_field(label):
    return models.PositiveSmallIntegerField(label, choices=SCALE)


class EvaluationAnswer(models.Model):
    """One participant's answers. Deliberately unlinked: see the comment above."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="evaluation_answers")
    answered_on = models.DateField()
    working_relationship = _scale_field(_("Working relationship"))
    personally_defined_recovery = _scale_field(_("Personally defined recovery"))
    organisational_commitment = _scale_field(_("Organisational commitment"))
    citizenship = _scale_field(_("Citizenship"))
    comment = models.TextField(_("comment"), max_length=2000, blank=True)

    DOMAINS = ("working_relationship", "personally_defined_recovery", "organisational_commitment", "citizenship")

    class Meta:
        verbose_name = _("evaluation answer")
        verbose_name_plural = _("evaluation answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    working_relationship__range=(1, 5),
                    personally_defined_recovery__range=(1, 5),
                    organisational_commitment__range=(1, 5),
                    citizenship__range=(1, 5),
                ),
                name="evaluation_answer_scale_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.course_id} {self.answered_on}"
