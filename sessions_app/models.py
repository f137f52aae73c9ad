"""Dialogue trainings: organisations, workplaces, themes, courses, half-days, facilitators."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import models
from django.db.models import F, Q
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import LazyObject, empty
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from dialogkurs.fields import SingleLineCharField

HALF_DAYS_PER_COURSE = 2
IDEA_WORKSHOP = 4  # the theme number of the idea workshop; it belongs on half-day 2
DEFAULT_THEME_PLAN = {1: 1, 2: 1, 3: 2, 4: 2}  # theme number → half-day number
# The whole training is 8 hours; 7.5–8.5 is accepted so breaks can move a little.
MIN_TOTAL_DURATION = timedelta(hours=7, minutes=30)
MAX_TOTAL_DURATION = timedelta(hours=8, minutes=30)
# Fewer days between the half-days is allowed but warned about: participants need time to try
# things out at work between them.
RECOMMENDED_DAYS_BETWEEN_HALF_DAYS = 7


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Country(models.TextChoices):
    SWEDEN = "SE", _("Sweden")
    NORWAY = "NO", _("Norway")

    @property
    def language(self) -> str:
        """The language trainings are held in."""
        return {"SE": "sv", "NO": "nb"}[self.value]

    @property
    def time_zone(self) -> str:
        """Where the trainings happen: the time of reminders and calendar entries."""
        return {"SE": "Europe/Stockholm", "NO": "Europe/Oslo"}[self.value]


class Organisation(models.Model):
    """A region, municipality or service provider."""

    name = SingleLineCharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, default=Country.SWEDEN)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

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
    name = SingleLineCharField(_("name"), max_length=200)
    visiting_address = SingleLineCharField(_("visiting address"), max_length=300, blank=True)
    manager_name = SingleLineCharField(_("manager's name"), max_length=200, blank=True)
    manager_email = models.EmailField(_("manager's e-mail address"), blank=True)
    manager_language = models.CharField(_("manager's language"), max_length=8, choices=settings.LANGUAGES, default="sv")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

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
    description = models.TextField(
        _("description"), blank=True, max_length=5000, help_text=_("What the theme is about, for its facilitators.")
    )

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


class _ThemeMaterialStorage(LazyObject):
    """``STORAGES["theme_material"]``, looked up when first used and again after the setting
    changes (as Django's ``default_storage``): the theme material's own storage, never public."""

    def _setup(self):
        self._wrapped = storages["theme_material"]


_theme_material_storage = _ThemeMaterialStorage()


def theme_material_storage() -> _ThemeMaterialStorage:
    """The FileField's storage (a callable, so migrations name this function, not an object)."""
    return _theme_material_storage


@receiver(setting_changed)
def _reset_theme_material_storage(*, setting: str, **kwargs) -> None:
    if setting == "STORAGES":
        _theme_material_storage._wrapped = empty


def _theme_file_path(instance: ThemeFile, filename: str) -> str:
    # A random name: the original one is kept in the row, and never decides where a file lands.
    suffix = Path(filename).suffix.lower()
    return f"theme-{instance.theme.number}/{secrets.token_hex(16)}{suffix}"


class ThemeFile(models.Model):
    """A file of theme material (slides, an exercise), uploaded by a coordinator and downloaded
    by the facilitators. Added and removed only through ``sessions_app.services``."""

    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="files", verbose_name=_("theme"))
    title = SingleLineCharField(_("title"), max_length=200)
    file = models.FileField(_("file"), storage=theme_material_storage, upload_to=_theme_file_path, max_length=200)
    original_name = SingleLineCharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("theme file")
        verbose_name_plural = _("theme files")
        ordering = ["theme__number", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def extension(self) -> str:
        return Path(self.original_name).suffix.lower().lstrip(".")


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

    CAPACITY = 20  # confirmed places; the rest wait in line (participants app)
    REQUIRED_FACILITATORS = 2  # accepted facilitators a training is confirmed with, and at most has
    # While a training can still change: it takes registrations, facilitators and a new schedule.
    OPEN_FOR_CHANGES = (CourseStatus.DRAFT, CourseStatus.CONFIRMED)
    # A training that goes ahead or has been held: it has an idea workshop and an evaluation.
    TAKES_PLACE = (CourseStatus.CONFIRMED, CourseStatus.DELIVERED, CourseStatus.FOLLOWED_UP)
    # A training that has been held: it counts as delivered in the reports.
    HELD = (CourseStatus.DELIVERED, CourseStatus.FOLLOWED_UP)

    workplace = models.ForeignKey(
        Workplace, on_delete=models.PROTECT, related_name="courses", verbose_name=_("workplace")
    )
    location = SingleLineCharField(
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
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # When half-day 1 starts, a copy kept by the schedule service (services._save_schedule): the
    # course list sorts and filters by it through an index, where a subquery per course would
    # read every course's half-day 1 before the first page could be cut. Empty without a schedule.
    first_starts_at = models.DateTimeField(_("half-day 1 starts"), null=True, blank=True, editable=False)
    # When half-day 2 (the idea workshop) starts, kept the same way: the idea-workshop list sorts
    # and filters by it through its index.
    second_starts_at = models.DateTimeField(_("half-day 2 starts"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("dialogue training")
        verbose_name_plural = _("dialogue trainings")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status"]),
            # The course list's order (read backwards: the latest first, unscheduled ones on top).
            models.Index(fields=["first_starts_at", "id"], name="course_first_starts_at_idx"),
            # The idea-workshop list's order (read backwards: the latest workshop first).
            models.Index(fields=["second_starts_at", "id"], name="course_second_starts_at_idx"),
            # The admin's list of courses: the latest booked first (Meta.ordering, then -pk).
            models.Index(fields=["-created_at", "-id"], name="course_created_at_idx"),
        ]

    # What __str__ reads besides the row (select_related), for lists that name these objects.
    STR_SELECT_RELATED = ("workplace",)

    def __str__(self) -> str:
        return self.label(self.workplace.name, self.pk)

    def get_absolute_url(self) -> str:
        return reverse("sessions_app:course_detail", args=[self.pk])

    @staticmethod
    def label(workplace_name: str, pk: int) -> str:
        """How a training is named everywhere: its workplace and number (also for rows read as
        values, without the objects)."""
        return f"{workplace_name} #{pk}"

    @property
    def is_draft(self) -> bool:
        return self.status == CourseStatus.DRAFT

    @property
    def is_confirmed(self) -> bool:
        return self.status == CourseStatus.CONFIRMED

    @property
    def is_cancelled(self) -> bool:
        return self.status == CourseStatus.CANCELLED

    @property
    def is_open_for_changes(self) -> bool:
        return self.status in self.OPEN_FOR_CHANGES

    @property
    def takes_place(self) -> bool:
        """Confirmed, delivered or followed up: the training has (or had) its idea workshop and
        its evaluation."""
        return self.status in self.TAKES_PLACE

    @property
    def accepts_signups(self) -> bool:
        """Whether the sign-up link works: opened by the coordinator, and the training still open."""
        return self.signup_open and self.is_open_for_changes

    @property
    def full_location(self) -> str:
        """Where the training is, as one line for every e-mail, calendar file and page
        (``location_line`` of its room and its workplace's visiting address)."""
        return self.location_line(self.location, self.workplace.visiting_address)

    @staticmethod
    def location_line(location: str, visiting_address: str) -> str:
        """The room (``location``) and then the workplace's visiting address, each
        comma-separated part once ("Konferensrum Älven, Köpmangatan 12" and "Köpmangatan 12,
        Umeå" give "Konferensrum Älven, Köpmangatan 12, Umeå"); empty when neither is given.
        Also for rows read as values, without the objects."""
        parts, seen = [], set()
        for text in (location, visiting_address):
            for part in (text or "").split(","):
                part = " ".join(part.split())
                if part and part.casefold() not in seen:
                    seen.add(part.casefold())
                    parts.append(part)
        return ", ".join(parts)

    def has_ended(self, now: datetime | None = None) -> bool:
        """Whether the training has been held: its last half-day has ended (marked delivered or
        not). Its registrations then get no confirmation, no reminder and no cancel link. The end
        is read once per instance and kept on it, so a list of its registrations asks once."""
        if now is None and hasattr(self, "_ended_at"):
            ends_at = self._ended_at
        else:
            ends_at = max((h.ends_at for h in self.half_days.all()), default=None)
            if now is None:
                self._ended_at = ends_at
        return ends_at is not None and ends_at <= (now or timezone.now())

    def delivery_problem(self, now: datetime | None = None) -> str | None:
        """Why the training cannot be marked delivered now, or None when it can: it must be
        confirmed and its last half-day must have ended."""
        if self.status != CourseStatus.CONFIRMED:
            return gettext("Only a confirmed training can be marked as delivered.")
        # From ``half_days.all()``: the course page has them prefetched (a query of its own was
        # one of the page's twelve); otherwise it reads the two rows.
        ends_at = next((h.ends_at for h in self.half_days.all() if h.number == HALF_DAYS_PER_COURSE), None)
        if ends_at is None or ends_at > (now or timezone.now()):
            return gettext("A training is delivered only after its second half-day has ended.")
        return None

    @property
    def can_be_marked_delivered(self) -> bool:
        return self.delivery_problem() is None


class HalfDay(models.Model):
    """One of the two half-days of a course (sv *halvdag*)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="half_days", verbose_name=_("course"))
    number = models.PositiveSmallIntegerField(_("half-day"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    themes = models.ManyToManyField(Theme, through="HalfDayTheme", related_name="half_days", verbose_name=_("themes"))
    # The calendar entry's SEQUENCE (RFC 5545): one up each time the half-day moves, so calendar
    # programs replace the entry they have (same UID) instead of adding a second one.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("half-day")
        verbose_name_plural = _("half-days")
        ordering = ["course", "number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="halfday_unique_number"),
            models.CheckConstraint(condition=Q(number__in=[1, 2]), name="halfday_number_1_or_2"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="halfday_ends_after_start"),
        ]
        indexes = [
            models.Index(fields=["starts_at"]),
            # The half-days not yet over (a facilitator's coming ones): read from now on, not
            # from the first half-day ever held.
            models.Index(fields=["ends_at"], name="halfday_ends_at_idx"),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.number}: {local:%Y-%m-%d %H:%M}"

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at

    @property
    def has_begun(self) -> bool:
        """Whether the half-day has started: attendance is taken only from then on."""
        return self.starts_at <= timezone.now()

    @property
    def calendar_sequence(self) -> int:
        """The SEQUENCE of its calendar entry: moves count, and a cancellation (final) one more."""
        return self.sequence + (1 if self.course.is_cancelled else 0)


class HalfDayTheme(models.Model):
    """Which half-day a theme is on. Each theme once per course, enforced by the database."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+", verbose_name=_("dialogue training"))
    half_day = models.ForeignKey(
        HalfDay, on_delete=models.CASCADE, related_name="theme_links", verbose_name=_("half-day")
    )
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="+", verbose_name=_("theme"))

    class Meta:
        verbose_name = _("theme of a half-day")
        verbose_name_plural = _("themes of the half-days")
        constraints = [models.UniqueConstraint(fields=["course", "theme"], name="halfdaytheme_theme_once_per_course")]
        ordering = ["theme__number"]

    def __str__(self) -> str:
        return f"{self.theme} @ {self.half_day}"


class LivedExperience(models.TextChoices):
    OWN = "own", _("Own experience")
    RELATIVE = "relative", _("As a relative")
    BOTH = "both", _("Own experience and as a relative")


class Facilitator(models.Model):
    """A facilitator's profile: a person with lived experience who leads trainings.

    She keeps it herself (*My profile*); a coordinator can edit the same. The lived experience
    is health-related (DESIGN §8): it is kept only with her recorded consent
    (``lived_experience_consent_at`` and who recorded it), shown to coordinators only, and
    changes only through ``services.facilitator_set_lived_experience``.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="facilitator", verbose_name=_("user")
    )
    lived_experience = models.CharField(
        _("lived experience"), max_length=10, choices=LivedExperience.choices, blank=True
    )
    lived_experience_consent_at = models.DateTimeField(_("consent to show the lived experience"), null=True, blank=True)
    lived_experience_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent recorded by"),
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    home_area = SingleLineCharField(_("home municipality"), max_length=200, blank=True)
    presentation = models.TextField(
        _("presentation"),
        max_length=1500,
        blank=True,
        help_text=_("A few sentences that workplaces may read about you."),
    )
    travel_km = models.PositiveIntegerField(
        _("travels up to (km)"), null=True, blank=True, help_text=_("How far from home you take assignments.")
    )
    active = models.BooleanField(_("active"), default=True)
    ical_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)

    class Meta:
        verbose_name = _("facilitator")
        verbose_name_plural = _("facilitators")
        ordering = ["user__full_name"]
        constraints = [
            # No lived experience is kept without the facilitator's recorded consent.
            models.CheckConstraint(
                condition=Q(lived_experience="") | Q(lived_experience_consent_at__isnull=False),
                name="facilitator_lived_experience_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("sessions_app:facilitator_detail", args=[self.pk])

    @property
    def perspectives(self) -> frozenset[str]:
        """The perspectives she brings: {"own"}, {"relative"}, both, or none when not shared."""
        if self.lived_experience == LivedExperience.BOTH:
            return frozenset({LivedExperience.OWN, LivedExperience.RELATIVE})
        return frozenset({self.lived_experience}) if self.lived_experience else frozenset()


class Unavailability(models.Model):
    """Days a facilitator cannot work (sv *upptagen*, nb *opptatt*): a single day or a range
    (``starts_on``–``ends_on``), or a recurring weekday (``weekday``, Monday = 0), optionally
    only between ``starts_on`` and ``ends_on``."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Mondays")
        TUESDAY = 1, _("Tuesdays")
        WEDNESDAY = 2, _("Wednesdays")
        THURSDAY = 3, _("Thursdays")
        FRIDAY = 4, _("Fridays")
        SATURDAY = 5, _("Saturdays")
        SUNDAY = 6, _("Sundays")

    facilitator = models.ForeignKey(
        Facilitator, on_delete=models.CASCADE, related_name="unavailabilities", verbose_name=_("facilitator")
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    weekday = models.PositiveSmallIntegerField(_("every"), choices=Weekday.choices, null=True, blank=True)
    note = SingleLineCharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("unavailable dates")
        verbose_name_plural = _("unavailable dates")
        ordering = ["weekday", "starts_on", "pk"]
        indexes = [models.Index(fields=["facilitator", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__isnull=False) | Q(starts_on__isnull=False, ends_on__isnull=False),
                name="unavailability_dates_or_weekday",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="unavailability_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(weekday__isnull=True) | Q(weekday__gte=0, weekday__lte=6), name="unavailability_weekday"
            ),
        ]

    def __str__(self) -> str:
        return self.describe()

    @property
    def is_recurring(self) -> bool:
        return self.weekday is not None

    def covers(self, day) -> bool:
        """Whether the facilitator is unavailable on ``day`` because of this entry."""
        if self.starts_on is not None and day < self.starts_on:
            return False
        if self.ends_on is not None and day > self.ends_on:
            return False
        return self.weekday is None or day.weekday() == self.weekday

    def describe(self) -> str:
        if self.is_recurring:
            return str(self.get_weekday_display())
        if self.starts_on == self.ends_on:
            return f"{self.starts_on:%Y-%m-%d}"
        return f"{self.starts_on:%Y-%m-%d} – {self.ends_on:%Y-%m-%d}"


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
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # Travel for one half-day (there and back), entered by the facilitator; counted for each
    # half-day that counts on her statement (``sessions_app.fees``).
    travel_km = models.PositiveIntegerField(_("travel (km)"), null=True, blank=True)
    travel_minutes = models.PositiveIntegerField(_("travel time (minutes)"), null=True, blank=True)

    class Meta:
        verbose_name = _("facilitator assignment")
        verbose_name_plural = _("facilitator assignments")
        ordering = ["course", "invited_at"]
        constraints = [
            models.UniqueConstraint(fields=["course", "facilitator"], name="assignment_once_per_course"),
        ]
        indexes = [
            # The invitations still waiting for an answer, oldest first (the coordinator's home
            # page): a few rows, not a scan of every assignment ever made.
            models.Index(
                fields=["invited_at", "id"], condition=models.Q(status="invited"), name="assignment_invited_idx"
            ),
        ]

    # What __str__ reads besides the row (select_related), for lists that name these objects.
    STR_SELECT_RELATED = ("facilitator__user", "course__workplace")

    def __str__(self) -> str:
        return f"{self.facilitator} → {self.course}"

    @property
    def is_invited(self) -> bool:
        return self.status == AssignmentStatus.INVITED

    @property
    def can_be_accepted(self) -> bool:
        return self.is_invited and self.course.is_open_for_changes

    @property
    def can_be_declined(self) -> bool:
        """An open invitation can be declined, and so can an accepted draft training. A confirmed
        training keeps its facilitators: only its coordinator can change them."""
        if not self.course.is_open_for_changes:
            return False
        return self.is_invited or (self.status == AssignmentStatus.ACCEPTED and self.course.is_draft)


class RecoveryDomain(models.TextChoices):
    """The four domains of recovery-oriented practice of Le Boutillier et al. (2011)."""

    WORKING_RELATIONSHIP = "working_relationship", _("Working relationship")
    PERSONALLY_DEFINED_RECOVERY = "personally_defined_recovery", _("Personally defined recovery")
    ORGANISATIONAL_COMMITMENT = "organisational_commitment", _("Organisational commitment")
    CITIZENSHIP = "citizenship", _("Citizenship")
