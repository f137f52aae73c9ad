"""Contact enquiries from the public and the face-to-face meeting each of them gets.

State changes go through ``enquiries.services``; the models hold data, constraints and small
read-only helpers.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from dialogkurs.fields import SingleLineCharField
from sessions_app.models import Country

# Length limits of the public form, also enforced by the database.
NAME_MAX = 200
EMAIL_MAX = 254
PHONE_MAX = 30
ORGANISATION_MAX = 200
MESSAGE_MAX = 4000
PREFERRED_TIMES_MAX = 500
NOTE_MAX = 4000
LOCATION_MAX = 300


class Topic(models.TextChoices):
    TRAINING = "training", _("Dialogue training for a work group")
    NETWORK_MEETINGS = "network_meetings", _("Network meetings")
    RESEARCH = "research", _("Research and development")
    OTHER = "other", _("Something else")


class Status(models.TextChoices):
    NEW = "new", pgettext_lazy("enquiry status", "New")
    CONTACTED = "contacted", pgettext_lazy("enquiry status", "Contacted")
    MEETING_BOOKED = "meeting_booked", pgettext_lazy("enquiry status", "Meeting booked")
    MET = "met", pgettext_lazy("enquiry status", "Met")
    CLOSED = "closed", pgettext_lazy("enquiry status", "Closed")


# The state machine of DESIGN §2.3. Booking straight from "new" is allowed: the call that
# books the meeting is the contact. Closing is possible from any open state (spam, a
# duplicate, a withdrawn enquiry) but needs a reason unless the meeting took place.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.CONTACTED, Status.MEETING_BOOKED, Status.CLOSED}),
    Status.CONTACTED: frozenset({Status.MEETING_BOOKED, Status.CLOSED}),
    Status.MEETING_BOOKED: frozenset({Status.MET, Status.CLOSED}),
    Status.MET: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
}
# Every status but closed, named rather than "not closed": PostgreSQL reads ``status IN (…)``
# from the status index, where ``status <> 'closed'`` reads every closed enquiry too.
OPEN_STATUSES: tuple[str, ...] = tuple(status.value for status in Status if status != Status.CLOSED)


class Enquiry(models.Model):
    """A contact enquiry sent through the public form, without an account.

    What can be done with it next is asked here (``can_become`` and the ``can_…`` properties),
    by the services, which change it, and by the templates, which offer the actions."""

    name = SingleLineCharField(_("name"), max_length=NAME_MAX)
    email = models.EmailField(_("e-mail address"), max_length=EMAIL_MAX)
    phone = SingleLineCharField(_("phone"), max_length=PHONE_MAX, blank=True)
    organisation = SingleLineCharField(_("organisation"), max_length=ORGANISATION_MAX)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, default=Country.SWEDEN)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    message = models.TextField(_("message"), max_length=MESSAGE_MAX)
    preferred_times = SingleLineCharField(_("preferred times"), max_length=PREFERRED_TIMES_MAX, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="sv")
    consented_at = models.DateTimeField(_("consent given"))

    status = models.CharField(
        pgettext_lazy("enquiry", "status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_enquiries",
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    contacted_at = models.DateTimeField(_("contacted"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The SLA deadlines in working days, computed once on arrival (sla.add_working_days):
    # the inbox filters and sorts on them without knowing any holiday calendar.
    contact_due_at = models.DateTimeField(_("contact due"), db_index=True)
    alert_due_at = models.DateTimeField(_("coordinators alerted"))
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    # A training enquiry can become a draft course; the course reaches it as course.enquiries.
    course = models.ForeignKey(
        "sessions_app.Course",
        verbose_name=_("dialogue training"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enquiries",
    )

    # Handed over to another team (a network-meetings enquiry that became a case): the enquiry
    # shows only that and when, never what it became.
    handed_over_at = models.DateTimeField(_("handed over"), null=True, blank=True)

    class Meta:
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "contact_due_at"]),
            models.Index(fields=["status", "closed_at"]),
            # The inbox by status, newest first: its page and its capped count read the index in
            # order (the closed ones: 20,000 rows sorted for a count of 1,001 before).
            models.Index(fields=["status", "-created_at", "-id"], name="enquiry_status_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="enquiry_status_valid"),
            models.CheckConstraint(condition=Q(topic__in=Topic.values), name="enquiry_topic_valid"),
            models.CheckConstraint(condition=Q(country__in=Country.values), name="enquiry_country_valid"),
            models.CheckConstraint(
                condition=Q(status=Status.CLOSED, closed_at__isnull=False)
                | Q(~Q(status=Status.CLOSED), closed_at=None),
                name="enquiry_closed_at_iff_closed",
            ),
            models.CheckConstraint(
                # Closing straight from "new" (spam, a duplicate) is allowed without a contact.
                condition=Q(status__in=[Status.NEW, Status.CLOSED]) | Q(contacted_at__isnull=False),
                name="enquiry_contacted_at_after_new",
            ),
            models.CheckConstraint(
                condition=Q(anonymised_at=None) | Q(status=Status.CLOSED), name="enquiry_anonymised_only_when_closed"
            ),
            models.CheckConstraint(
                condition=Q(anonymised_at__isnull=False) | (~Q(email="") & ~Q(name="")),
                name="enquiry_contact_details_until_anonymised",
            ),
            models.CheckConstraint(condition=Q(alert_due_at__gte=models.F("contact_due_at")), name="enquiry_sla_order"),
        ]

    # What __str__ reads besides the row (select_related), for lists that name these objects.
    STR_SELECT_RELATED = ()

    def __str__(self) -> str:
        return _("Enquiry %(number)s") % {"number": self.pk}

    @property
    def time_zone(self) -> str:
        return Country(self.country).time_zone

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    def is_overdue(self, now: datetime | None = None) -> bool:
        """Not contacted within the contact deadline (2 working days)."""
        return self.status == Status.NEW and (now or timezone.now()) >= self.contact_due_at

    def is_escalated(self, now: datetime | None = None) -> bool:
        """Past the coordinators' alert (3 working days) and still not contacted."""
        return self.status == Status.NEW and (now or timezone.now()) >= self.alert_due_at

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def topic_label(self) -> str:
        """``get_topic_display`` without building the dict of every choice (a row of the inbox)."""
        return Topic(self.topic).label

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def is_handed_over(self) -> bool:
        return self.handed_over_at is not None

    @property
    def awaits_contact(self) -> bool:
        """New: nobody has talked or written to the sender yet (the contact deadline runs)."""
        return self.status == Status.NEW

    @property
    def awaits_meeting(self) -> bool:
        """A face-to-face meeting is booked and has not been recorded as held."""
        return self.status == Status.MEETING_BOOKED

    def can_become(self, status: str) -> bool:
        return status in TRANSITIONS[self.status]

    @property
    def can_be_marked_contacted(self) -> bool:
        return self.can_become(Status.CONTACTED)

    @property
    def can_book_meeting(self) -> bool:
        return self.can_become(Status.MEETING_BOOKED)

    @property
    def can_move_meeting(self) -> bool:
        return self.awaits_meeting

    @property
    def can_record_meeting(self) -> bool:
        return self.can_become(Status.MET)

    @property
    def can_be_closed(self) -> bool:
        return self.can_become(Status.CLOSED)

    def course_problem(self) -> str | None:
        """Why the enquiry cannot become a draft course, or None when it can: a training
        enquiry, still open, with no draft course yet."""
        if not self.is_open:
            return gettext("This enquiry is closed.")
        if self.topic != Topic.TRAINING:
            return gettext("Only an enquiry about a dialogue training can become a course.")
        if self.course_id is not None:
            return gettext("This enquiry already has a draft course.")
        return None

    @property
    def can_become_course(self) -> bool:
        return self.course_problem() is None


class EnquiryMeeting(models.Model):
    """The face-to-face meeting of an enquiry: one per enquiry, moved rather than duplicated."""

    enquiry = models.OneToOneField(Enquiry, verbose_name=_("enquiry"), on_delete=models.CASCADE, related_name="meeting")
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    location = SingleLineCharField(_("place"), max_length=LOCATION_MAX)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("who attends from us"), related_name="enquiry_meetings"
    )
    # Bumped on every change of time or place, so the calendar files of a moved meeting differ.
    sequence = models.PositiveIntegerField(default=0)
    held_at = models.DateTimeField(_("recorded as held"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), max_length=NOTE_MAX, blank=True)

    class Meta:
        verbose_name = _("face-to-face meeting")
        verbose_name_plural = _("face-to-face meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=15, duration_minutes__lte=480), name="enquiry_meeting_duration"
            ),
        ]

    def __str__(self) -> str:
        return _("Meeting about enquiry %(number)s") % {"number": self.enquiry_id}

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_held(self) -> bool:
        return self.held_at is not None


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Enquiry received")
    ASSIGNED = "assigned", _("Assigned")
    STATUS_CHANGED = "status_changed", _("Status changed")
    NOTE = "note", _("Internal note")
    MEETING_BOOKED = "meeting_booked", _("Meeting booked")
    MEETING_MOVED = "meeting_moved", _("Meeting moved")
    MEETING_HELD = "meeting_held", _("Meeting held")
    CONVERTED = "converted", _("Draft course created")
    HANDED_OVER = "handed_over", _("Handed over to the network team")
    ANONYMISED = "anonymised", _("Personal data anonymised")


class EnquiryEvent(models.Model):
    """The history of an enquiry: one row per thing that happened, never edited."""

    enquiry = models.ForeignKey(Enquiry, verbose_name=_("enquiry"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what happened"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    from_status = models.CharField(_("status before"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("status after"), max_length=20, choices=Status.choices, blank=True)
    # A note's text or a short detail (the new assignee, the meeting's time): may hold
    # personal data, so anonymisation blanks it.
    text = models.TextField(_("text"), max_length=NOTE_MAX, blank=True)

    class Meta:
        verbose_name = _("enquiry event")
        verbose_name_plural = _("enquiry events")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="enquiry_event_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def is_status_change(self) -> bool:
        return self.kind == EventKind.STATUS_CHANGED

    @property
    def is_assignment(self) -> bool:
        return self.kind == EventKind.ASSIGNED

    @property
    def is_note(self) -> bool:
        return self.kind == EventKind.NOTE
