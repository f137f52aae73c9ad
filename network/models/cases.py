"""Network meetings (Open Dialogue, DESIGN §2.4): cases, their teams, the person's network and
the meetings.

Everything here is health-related and seen only by the case's current team
(``network.permissions``). The identifying fields of the index person and of network members,
and free texts that may carry health information, are encrypted at rest
(``dialogkurs.encryption``): they can be shown but not searched or sorted.

State changes go through ``network.services``; the models hold data, constraints and small
read-only helpers. Every model can be made with ``bulk_create`` (no save() logic).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dialogkurs.encryption import EncryptedCharField, EncryptedDateField, EncryptedEmailField, EncryptedTextField
from sessions_app.models import Country

NAME_MAX = 200
PHONE_MAX = 40
EMAIL_MAX = 254
ADDRESS_MAX = 500
TEXT_MAX = 4000
REASON_MAX = 1000


class CaseStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("case status", "Open")
    CLOSED = "closed", pgettext_lazy("case status", "Closed")


class ContactSource(models.TextChoices):
    PERSON = "person", _("The person themself")
    NETWORK = "network", _("Family or network")
    PROFESSIONAL = "professional", _("A professional")
    ENQUIRY = "enquiry", _("A contact enquiry")


class CaseQuerySet(models.QuerySet):
    def open(self) -> CaseQuerySet:
        return self.filter(status=CaseStatus.OPEN)

    def first_meeting_late(self, now: datetime | None = None) -> CaseQuerySet:
        """Cases whose first meeting was not held within NETWORK_FIRST_MEETING_HOURS of the first
        contact: held later, or still not held now that the time has passed."""
        limit = timedelta(hours=settings.NETWORK_FIRST_MEETING_HOURS)
        now = now or timezone.now()
        return self.filter(
            Q(first_meeting_at__isnull=True, first_contact_at__lt=now - limit)
            | Q(first_meeting_at__gt=F("first_contact_at") + limit)
        )


class Case(models.Model):
    """One person in treatment (the index person, sv *huvudperson*, nb *hovedperson*) and the
    work with their network."""

    Status = CaseStatus

    # The index person. Encrypted: these identify someone in mental-health care.
    name = EncryptedCharField(_("name"), max_length=NAME_MAX)
    date_of_birth = EncryptedDateField(_("date of birth"), null=True, blank=True)
    phone = EncryptedCharField(_("phone"), max_length=PHONE_MAX, blank=True)
    email = EncryptedEmailField(_("e-mail address"), max_length=EMAIL_MAX, blank=True)
    address = EncryptedTextField(_("address"), max_length=ADDRESS_MAX, blank=True)
    language = models.CharField(_("preferred language"), max_length=8, choices=settings.LANGUAGES, default="sv")
    # The index person's own consent to reminders before meetings (invitations need none:
    # the meeting is theirs).
    reminders_agreed = models.BooleanField(_("agrees to reminders"), default=False)

    country = models.CharField(_("country"), max_length=2, choices=Country.choices, default=Country.SWEDEN)
    first_contact_at = models.DateTimeField(_("first contact"))
    contact_source = models.CharField(_("how the contact came"), max_length=20, choices=ContactSource.choices)
    # The start of the first meeting that was held: the 24-hour rule is measured to it.
    first_meeting_at = models.DateTimeField(_("first meeting held"), null=True, blank=True)

    status = models.CharField(
        pgettext_lazy("case", "status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_reason = EncryptedTextField(_("reason for closing"), max_length=REASON_MAX, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # The enquiry this case came from (enquiries never learns which case: DESIGN §4).
    enquiry = models.OneToOneField(
        "enquiries.Enquiry",
        verbose_name=_("enquiry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-first_contact_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-first_contact_at"], name="network_case_status_contact"),
            models.Index(fields=["status", "closed_at"], name="network_case_status_closed"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CaseStatus.values), name="network_case_status_valid"),
            models.CheckConstraint(condition=Q(country__in=Country.values), name="network_case_country_valid"),
            models.CheckConstraint(
                condition=Q(contact_source__in=ContactSource.values), name="network_case_contact_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=CaseStatus.CLOSED, closed_at__isnull=False)
                | Q(~Q(status=CaseStatus.CLOSED), closed_at=None),
                name="network_case_closed_at_iff_closed",
            ),
            models.CheckConstraint(
                condition=Q(first_meeting_at=None) | Q(first_meeting_at__gte=F("first_contact_at") - timedelta(days=1)),
                name="network_case_first_meeting_after_contact",
            ),
        ]

    # What __str__ reads besides the row (select_related), for lists that name these objects.
    STR_SELECT_RELATED = ()

    def __str__(self) -> str:
        return _("Case %(number)s") % {"number": self.pk}

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("network:case_detail", args=[self.pk])

    @property
    def number(self) -> int:
        return self.pk

    @property
    def time_zone(self) -> str:
        return Country(self.country).time_zone

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN

    @property
    def first_meeting_deadline(self) -> datetime:
        return self.first_contact_at + timedelta(hours=settings.NETWORK_FIRST_MEETING_HOURS)

    @property
    def first_meeting_alert_at(self) -> datetime:
        """When the team is alerted if no meeting is booked by then (never before the case exists)."""
        due = self.first_contact_at + timedelta(hours=settings.NETWORK_FIRST_MEETING_ALERT_HOURS)
        return max(due, self.created_at)

    def is_first_meeting_late(self, now: datetime | None = None) -> bool:
        """Not held within 24 hours of the first contact (held later, or not yet and too late)."""
        if self.first_meeting_at is not None:
            return self.first_meeting_at > self.first_meeting_deadline
        return (now or timezone.now()) > self.first_meeting_deadline

    @property
    def time_to_first_meeting(self) -> timedelta | None:
        return None if self.first_meeting_at is None else self.first_meeting_at - self.first_contact_at


class TeamMembership(models.Model):
    """A clinician on a case's team, from when to when. Ended memberships are the team's
    history; a case's current team are the rows with no end."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="memberships")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("network clinician"),
        on_delete=models.PROTECT,
        related_name="network_memberships",
    )
    started_at = models.DateTimeField(_("from"), default=timezone.now)
    ended_at = models.DateTimeField(_("until"), null=True, blank=True)
    # Why the team changed (empty for the team the case started with).
    start_reason = EncryptedTextField(_("reason for joining"), max_length=REASON_MAX, blank=True)
    end_reason = EncryptedTextField(_("reason for leaving"), max_length=REASON_MAX, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        ordering = ["started_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "clinician"], condition=Q(ended_at=None), name="network_membership_one_current"
            ),
            models.CheckConstraint(
                condition=Q(ended_at=None) | Q(ended_at__gte=F("started_at")), name="network_membership_dates"
            ),
        ]
        indexes = [
            # "My cases": the current memberships of one clinician.
            models.Index(fields=["clinician", "case"], condition=Q(ended_at=None), name="network_membership_current"),
        ]

    def __str__(self) -> str:
        return f"{self.clinician} · {self.case}"

    @property
    def is_current(self) -> bool:
        return self.ended_at is None


class Sector(models.TextChoices):
    """The four sectors of the network map."""

    FAMILY = "family", _("Family")
    FRIENDS = "friends", _("Friends and neighbours")
    WORK = "work", _("Work and school")
    PROFESSIONALS = "professionals", _("Professionals")


class Relation(models.TextChoices):
    PARTNER = "partner", _("Partner")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    SIBLING = "sibling", _("Sibling")
    OTHER_FAMILY = "other_family", _("Other family")
    FRIEND = "friend", _("Friend")
    NEIGHBOUR = "neighbour", _("Neighbour")
    WORK_SCHOOL = "work_school", _("Work or school")
    PROFESSIONAL = "professional", _("Professional")

    @property
    def sector(self) -> Sector:
        return RELATION_SECTORS[self]


RELATION_SECTORS = {
    Relation.PARTNER: Sector.FAMILY,
    Relation.PARENT: Sector.FAMILY,
    Relation.CHILD: Sector.FAMILY,
    Relation.SIBLING: Sector.FAMILY,
    Relation.OTHER_FAMILY: Sector.FAMILY,
    Relation.FRIEND: Sector.FRIENDS,
    Relation.NEIGHBOUR: Sector.FRIENDS,
    Relation.WORK_SCHOOL: Sector.WORK,
    Relation.PROFESSIONAL: Sector.PROFESSIONALS,
}


class Service(models.TextChoices):
    """Where a professional works."""

    NONE = "", "–"
    GP = "gp", _("GP (family doctor)")
    MUNICIPALITY = "municipality", _("Municipality")
    SOCIAL_SERVICES = "social_services", _("Social services / NAV")
    SCHOOL = "school", _("School")
    SUBSTANCE_USE = "substance_use", _("Substance-use service")
    OTHER = "other", _("Other service")


class Agreement(models.TextChoices):
    """The index person's answer to "may we invite this person?"."""

    NOT_ASKED = "not_asked", _("Not asked yet")
    YES = "yes", _("Yes")
    NO = "no", _("No")


class Closeness(models.IntegerChoices):
    """How close the index person says someone is: nearer or further on the network map."""

    CLOSE = 1, _("Close")
    MIDDLE = 2, _("In between")
    DISTANT = 3, _("Further away")


class NetworkMember(models.Model):
    """Someone in the index person's network (sv *person i nätverket*, nb *person i nettverket*)."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="members")
    name = EncryptedCharField(_("name"), max_length=NAME_MAX)
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    service = models.CharField(_("service"), max_length=20, choices=Service.choices, blank=True)
    organisation = EncryptedCharField(_("organisation"), max_length=NAME_MAX, blank=True)
    phone = EncryptedCharField(_("phone"), max_length=PHONE_MAX, blank=True)
    email = EncryptedEmailField(_("e-mail address"), max_length=EMAIL_MAX, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="sv")
    closeness = models.PositiveSmallIntegerField(_("closeness"), choices=Closeness.choices, default=Closeness.MIDDLE)

    # The index person's agreement: invitations only with "yes"; reminders only with both.
    invite_agreement = models.CharField(
        _("agreement to invite"), max_length=10, choices=Agreement.choices, default=Agreement.NOT_ASKED
    )
    invite_agreement_at = models.DateTimeField(_("agreement recorded"), null=True, blank=True)
    invite_agreement_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agreement recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminders_agreed = models.BooleanField(_("agrees to reminders"), default=False)
    reminders_agreed_at = models.DateTimeField(_("reminders agreement recorded"), null=True, blank=True)
    reminders_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    created_at = models.DateTimeField(_("added"), default=timezone.now)
    # Removed at their own request: contact details erased, the name replaced (issue "records").
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        ordering = ["closeness", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(relation__in=Relation.values), name="network_member_relation_valid"),
            models.CheckConstraint(condition=Q(service__in=Service.values), name="network_member_service_valid"),
            models.CheckConstraint(
                condition=Q(service="") | Q(relation=Relation.PROFESSIONAL), name="network_member_service_professional"
            ),
            models.CheckConstraint(
                condition=Q(invite_agreement__in=Agreement.values), name="network_member_agreement_valid"
            ),
            models.CheckConstraint(
                condition=Q(invite_agreement=Agreement.NOT_ASKED) | Q(invite_agreement_at__isnull=False),
                name="network_member_agreement_recorded",
            ),
            models.CheckConstraint(condition=Q(closeness__in=Closeness.values), name="network_member_closeness_valid"),
            # Reminders go only to someone the index person agreed to invite.
            models.CheckConstraint(
                condition=Q(reminders_agreed=False) | Q(invite_agreement=Agreement.YES),
                name="network_member_reminders_need_invitation",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def sector(self) -> Sector:
        return Relation(self.relation).sector

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def relation_display(self) -> str:
        """The relation, with the service of a professional ("Professional: GP")."""
        label = self.get_relation_display()
        if self.relation == Relation.PROFESSIONAL and self.service:
            return f"{label}: {self.get_service_display()}"
        return str(label)


class Place(models.TextChoices):
    HOME = "home", _("At home")
    CLINIC = "clinic", _("At the clinic")
    VIDEO = "video", _("By video")
    OTHER = "other", _("Somewhere else")


class MeetingStatus(models.TextChoices):
    BOOKED = "booked", pgettext_lazy("network meeting status", "Booked")
    HELD = "held", pgettext_lazy("network meeting status", "Held")
    CANCELLED = "cancelled", pgettext_lazy("network meeting status", "Cancelled")


class NetworkMeeting(models.Model):
    """A network meeting (sv *nätverksmöte*, nb *nettverksmøte*)."""

    Status = MeetingStatus
    DEFAULT_MINUTES = 90

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=DEFAULT_MINUTES)
    place = models.CharField(_("place"), max_length=10, choices=Place.choices)
    # The address or the video link. A home address identifies the person: encrypted.
    place_detail = EncryptedTextField(_("address or link"), max_length=ADDRESS_MAX, blank=True)
    status = models.CharField(
        pgettext_lazy("network meeting", "status"),
        max_length=10,
        choices=MeetingStatus.choices,
        default=MeetingStatus.BOOKED,
    )
    # Bumped on every change of time or place: the calendar file of a moved meeting replaces the old.
    sequence = models.PositiveIntegerField(default=0)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("booked"), default=timezone.now)
    held_recorded_at = models.DateTimeField(_("recorded as held"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("network meeting")
        verbose_name_plural = _("network meetings")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["case", "status", "starts_at"], name="network_meeting_case_status")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=MeetingStatus.values), name="network_meeting_status_valid"),
            models.CheckConstraint(condition=Q(place__in=Place.values), name="network_meeting_place_valid"),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=15, duration_minutes__lte=480), name="network_meeting_duration"
            ),
            models.CheckConstraint(
                condition=Q(status=MeetingStatus.HELD, held_recorded_at__isnull=False)
                | Q(~Q(status=MeetingStatus.HELD), held_recorded_at=None),
                name="network_meeting_held_iff_recorded",
            ),
        ]

    # What __str__ reads besides the row (select_related), for lists that name these objects.
    STR_SELECT_RELATED = ()

    def __str__(self) -> str:
        return _("Network meeting %(number)s") % {"number": self.pk}

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_booked(self) -> bool:
        return self.status == MeetingStatus.BOOKED

    @property
    def is_held(self) -> bool:
        return self.status == MeetingStatus.HELD

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    def has_started(self, now: datetime | None = None) -> bool:
        return self.starts_at <= (now or timezone.now())

    @property
    def can_be_recorded(self) -> bool:
        """A booked meeting that has begun can be recorded as held."""
        return self.is_booked and self.has_started()

    @property
    def can_be_changed(self) -> bool:
        """Moved or cancelled: only while booked."""
        return self.is_booked


class Attendee(models.Model):
    """One person at a meeting: the index person, a network member or a clinician; whether they
    were invited and whether they came (unknown until the meeting is recorded)."""

    meeting = models.ForeignKey(
        NetworkMeeting, verbose_name=_("network meeting"), on_delete=models.CASCADE, related_name="attendees"
    )
    is_index_person = models.BooleanField(default=False)
    member = models.ForeignKey(
        NetworkMember, null=True, blank=True, on_delete=models.CASCADE, related_name="attendances"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    invited = models.BooleanField(_("invited"), default=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting attendee")
        verbose_name_plural = _("meeting attendees")
        ordering = ["-is_index_person", "clinician_id", "member_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_index_person=True, member=None, clinician=None)
                | Q(is_index_person=False, member__isnull=False, clinician=None)
                | Q(is_index_person=False, member=None, clinician__isnull=False),
                name="network_attendee_one_person",
            ),
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(is_index_person=True), name="network_attendee_one_index_person"
            ),
            models.UniqueConstraint(fields=["meeting", "member"], name="network_attendee_member_once"),
            models.UniqueConstraint(fields=["meeting", "clinician"], name="network_attendee_clinician_once"),
        ]

    def __str__(self) -> str:
        if self.is_index_person:
            return str(_("Index person"))
        return str(self.member or self.clinician)

    @property
    def display_name(self) -> str:
        """Who this is, for the team's pages: "Name (index person)", "Name (Sibling)", "Name (team)"."""
        if self.is_index_person:
            return _("%(name)s (index person)") % {"name": self.meeting.case.name}
        if self.member_id:
            return f"{self.member.name} ({self.member.relation_display})"
        return _("%(name)s (team)") % {"name": self.clinician.full_name}


class NextStep(models.Model):
    """A next step agreed in a meeting (sv *nästa steg*, nb *neste steg*): what, and who does it."""

    meeting = models.ForeignKey(
        NetworkMeeting, verbose_name=_("network meeting"), on_delete=models.CASCADE, related_name="next_steps"
    )
    text = EncryptedTextField(_("next step"), max_length=TEXT_MAX)
    responsible = EncryptedCharField(_("who is responsible"), max_length=NAME_MAX, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("next step")
        verbose_name_plural = _("next steps")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return _("Next step %(number)s") % {"number": self.position + 1}


class CaseEventKind(models.TextChoices):
    CREATED = "created", _("Case created")
    TEAM_JOINED = "team_joined", _("Joined the team")
    TEAM_LEFT = "team_left", _("Left the team")
    MEMBER_ADDED = "member_added", _("Network member added")
    MEMBER_CHANGED = "member_changed", _("Network member changed")
    AGREEMENT_RECORDED = "agreement", _("Agreement recorded")
    MEETING_BOOKED = "meeting_booked", _("Meeting booked")
    MEETING_MOVED = "meeting_moved", _("Meeting moved")
    MEETING_CANCELLED = "meeting_cancelled", _("Meeting cancelled")
    MEETING_HELD = "meeting_held", _("Meeting recorded as held")
    DETAILS_CHANGED = "details_changed", _("The person's details changed")
    CLOSED = "closed", _("Case closed")
    MEMBER_ERASED = "member_erased", _("Network member removed at their request")


class CaseEvent(models.Model):
    """The case's history (DESIGN §8): who did what when. For personal fields only the fact of
    a change and which fields, never the values."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=CaseEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Which fields changed, or a detail that names no one (a meeting's number).
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=CaseEventKind.values), name="network_event_kind_valid")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"
