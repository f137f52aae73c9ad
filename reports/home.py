"""What each role's home page lists: the things that need doing, each with the page where it is
done. Reads the apps below; writes nothing (DESIGN §4).

Every rule is asked of the app that owns it (``participants.selectors.courses_short_of_people``
for the T-14 rule, ``enquiries.selectors.enquiries_overdue`` for the contact deadline, the
outbox's ``RESENDABLE``...). Each section is one query for its first rows and its total, so the
page's query count does not grow with the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from accounts.models import User
from accounts.roles import Role
from dialogkurs.links import reverse_once as _url_of
from enquiries.models import EnquiryMeeting, Status
from enquiries.selectors import enquiries_overdue, enquiries_unassigned
from participants.models import Attendance, RegistrationStatus
from participants.selectors import confirmed_count, courses_short_of_people
from reminders.models import ScheduledMessage
from reminders.registry import registered_kinds
from reminders.selectors import message_list
from sessions_app.models import AssignmentStatus, Course, CourseStatus, FacilitatorAssignment, HalfDay
from workshops.models import OutcomeStatus, WorkshopOutcome
from workshops.selectors import followup_upcoming_list, workshop_course_list

# How far ahead the agenda and the follow-ups look, and how long an invitation or an idea
# workshop may wait before it is listed as needing the coordinator.
AGENDA_DAYS = 14
INVITATION_UNANSWERED_DAYS = 3
WORKSHOP_UNRECORDED_DAYS = 3
SHOWN = 5  # rows shown per section; the total links to the full list
# How far back a home page looks for loose ends (failed messages, attendance, unrecorded
# workshops): older ones wait in the full lists, and the page's cost does not grow with history.
LOOK_BACK = timedelta(days=90)
AGENDA_MAX = 50  # of each kind in the agenda


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass
class Section:
    key: str
    title: str
    links: list[Link]
    total: int
    all_url: str = ""

    @property
    def more(self) -> int:
        return self.total - len(self.links)


def _total(queryset: QuerySet, *, apart: bool):
    """How many rows ``queryset`` has, as an expression on its own rows. By default a window
    over every matching row (a few dozen at most, one plan for the rows and their number);
    ``apart``: a scalar subquery the database runs once, for a section whose matching rows are
    many or carry a count of their own each, so that the rows are cut by the limit in the
    index's order and the count is an index-only scan where an index covers the filter."""
    if not apart:
        return Window(Count("*"))
    counted = queryset.order_by().values(n=Func(F("pk"), function="COUNT"))
    return Subquery(counted, output_field=IntegerField())


def _section(
    key: str, queryset: QuerySet, link, all_url: str = "", limit: int = SHOWN, *, count_apart: bool = False
) -> Section:
    """One query for the first ``limit`` rows and the total; ``link(row)`` says what a row reads
    and where it is fixed."""
    rows = list(queryset.annotate(section_total=_total(queryset, apart=count_apart))[:limit])
    total = (rows[0]["section_total"] if isinstance(rows[0], dict) else rows[0].section_total) if rows else 0
    return Section(key, TITLES[key] % {"count": total}, [link(row) for row in rows], total, all_url)


def _attendance_section(half_days: QuerySet[HalfDay], link) -> Section:
    """The half-days of ``half_days`` (hers, within LOOK_BACK: a few dozen at most) whose
    attendance is not recorded for every confirmed participant. Picked here from their counts:
    as a filter in the query, the database counts the participants and attendance of every
    half-day in the window, hers or not, before it joins her trainings."""
    rows = [h for h in half_days if h["recorded_count"] < h["participant_count"]]
    return Section(
        "attendance", TITLES["attendance"] % {"count": len(rows)}, [link(h) for h in rows[:SHOWN]], len(rows)
    )


def _person(full_name: str, email: str) -> str:
    """How a user is named (``User.__str__``), from the two columns read as values."""
    return str(User(full_name=full_name, email=email))


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _day(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")


TITLES = {
    "not_ready": ngettext_lazy(
        "%(count)s training is short of people two weeks before",
        "%(count)s trainings are short of people two weeks before",
        "count",
    ),
    "invitations": ngettext_lazy(
        "%(count)s facilitator invitation unanswered for more than 3 days",
        "%(count)s facilitator invitations unanswered for more than 3 days",
        "count",
    ),
    "drafts_without_dates": ngettext_lazy(
        "%(count)s draft training without dates", "%(count)s draft trainings without dates", "count"
    ),
    "overdue_enquiries": ngettext_lazy(
        "%(count)s enquiry not contacted within 2 working days",
        "%(count)s enquiries not contacted within 2 working days",
        "count",
    ),
    "unassigned_enquiries": ngettext_lazy(
        "%(count)s open enquiry with nobody assigned", "%(count)s open enquiries with nobody assigned", "count"
    ),
    "messages": ngettext_lazy("%(count)s message failed or missed", "%(count)s messages failed or missed", "count"),
    "followups": ngettext_lazy(
        "%(count)s follow-up meeting in the next 14 days or overdue",
        "%(count)s follow-up meetings in the next 14 days or overdue",
        "count",
    ),
    "workshops": ngettext_lazy(
        "%(count)s idea workshop not recorded 3 days after",
        "%(count)s idea workshops not recorded 3 days after",
        "count",
    ),
    "next_half_days": ngettext_lazy("%(count)s coming half-day", "%(count)s coming half-days", "count"),
    "my_invitations": ngettext_lazy("%(count)s invitation to answer", "%(count)s invitations to answer", "count"),
    "attendance": ngettext_lazy(
        "%(count)s half-day with attendance to take", "%(count)s half-days with attendance to take", "count"
    ),
    "outcomes": ngettext_lazy(
        "%(count)s idea-workshop outcome to record", "%(count)s idea-workshop outcomes to record", "count"
    ),
}


@dataclass
class AgendaItem:
    starts_at: datetime
    text: str
    url: str


@dataclass
class Home:
    sections: list[Section] = field(default_factory=list)
    agenda: list[tuple] = field(default_factory=list)  # (local date, [AgendaItem])

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    @property
    def empty(self) -> bool:
        return not self.agenda and all(s.total == 0 for s in self.sections)


def _not_recorded_workshops(user: User, began_before: datetime) -> QuerySet[Course]:
    """The trainings ``user`` records the outcome of whose idea workshop (half-day 2) began
    before ``began_before`` (and within LOOK_BACK) and whose outcome is not submitted yet."""
    return (
        workshop_course_list(user, began_after=timezone.now() - LOOK_BACK)
        .filter(workshop_at__lte=began_before)
        .exclude(Exists(WorkshopOutcome.objects.filter(course=OuterRef("pk"), status=OutcomeStatus.SUBMITTED)))
    )


def _time(moment: datetime) -> str:
    return formats.time_format(timezone.localtime(moment), "TIME_FORMAT")


def _agenda(items: list[AgendaItem]) -> list[tuple]:
    days: dict = {}
    for item in sorted(items, key=lambda i: i.starts_at):
        days.setdefault(timezone.localdate(item.starts_at), []).append(item)
    return list(days.items())


def coordinator_home(user: User, *, now: datetime | None = None) -> Home:
    now = now or timezone.now()
    horizon = now + timedelta(days=AGENDA_DAYS)
    inbox = reverse("enquiries:inbox")
    outbox = reverse("reminders:outbox")
    labels = {kind.name: kind.display for kind in registered_kinds()}
    course_url = _url_of("sessions_app:course_detail")
    enquiry_url = _url_of("enquiries:detail")
    followup_url = _url_of("workshops:followup_detail")
    reschedule_url = _url_of("sessions_app:course_reschedule")
    message_url = _url_of("reminders:message_detail")
    outcome_url = _url_of("workshops:outcome_detail")

    # Every section is read as values, with only the columns its links say: no model objects,
    # no joined rows of whole tables, no annotation the page does not show (the selectors'
    # other annotations are left out of the SELECT by ``values``).
    def short(row: dict) -> Link:
        return Link(
            _(
                "%(course)s, half-day 1 on %(day)s: %(confirmed)s of %(minimum)s confirmed, %(accepted)s of %(required)s facilitators"
            )
            % {
                "course": Course.label(row["workplace__name"], row["pk"]),
                "day": _day(row["first_half_day_at"]),
                "confirmed": row["confirmed_count"],
                "minimum": settings.REMINDERS_T14_MIN_CONFIRMED,
                "accepted": row["accepted_count"],
                "required": Course.REQUIRED_FACILITATORS,
            },
            course_url(row["pk"]),
        )

    def invitation(row: dict) -> Link:
        return Link(
            _("%(facilitator)s, invited to %(course)s on %(day)s")
            % {
                "facilitator": _person(row["facilitator__user__full_name"], row["facilitator__user__email"]),
                "course": Course.label(row["course__workplace__name"], row["course_id"]),
                "day": _day(row["invited_at"]),
            },
            course_url(row["course_id"]),
        )

    def draft(row: dict) -> Link:
        return Link(
            _("%(course)s: plan its half-days") % {"course": Course.label(row["workplace__name"], row["pk"])},
            reschedule_url(row["pk"]),
        )

    def enquiry(row: dict) -> Link:
        return Link(
            _("Enquiry %(number)s from %(organisation)s, received %(day)s")
            % {"number": row["pk"], "organisation": row["organisation"], "day": _day(row["created_at"])},
            enquiry_url(row["pk"]),
        )

    statuses = dict(ScheduledMessage._meta.get_field("status").flatchoices)

    def message(row: dict) -> Link:
        return Link(
            _("Message %(number)s, %(kind)s, due %(when)s: %(status)s")
            % {
                "number": row["pk"],
                "kind": labels.get(row["kind"], row["kind"]),
                "when": _when(row["due_at"]),
                "status": statuses.get(row["status"], row["status"]),
            },
            message_url(row["pk"]),
        )

    def followup(row: dict) -> Link:
        return Link(
            _("Follow-up %(number)s of %(course)s on %(when)s")
            % {
                "number": row["number"],
                "course": Course.label(row["course__workplace__name"], row["course_id"]),
                "when": _when(row["starts_at"]),
            },
            followup_url(row["pk"]),
        )

    def workshop(row: dict) -> Link:
        return Link(
            _("%(course)s, idea workshop on %(day)s")
            % {"course": Course.label(row["workplace__name"], row["pk"]), "day": _day(row["workshop_at"])},
            outcome_url(row["pk"]),
        )

    home = Home()
    home.sections = [
        _section(
            "not_ready",
            courses_short_of_people(starting_from=now, until=now + settings.REMINDERS_T14_ALERT).values(
                "pk", "workplace__name", "first_half_day_at", "confirmed_count", "accepted_count"
            ),
            short,
        ),
        _section(
            "invitations",
            FacilitatorAssignment.objects.filter(
                status=AssignmentStatus.INVITED,
                invited_at__lte=now - timedelta(days=INVITATION_UNANSWERED_DAYS),
                course__status__in=Course.OPEN_FOR_CHANGES,
            )
            .order_by("invited_at", "pk")
            .values(
                "course_id",
                "course__workplace__name",
                "facilitator__user__full_name",
                "facilitator__user__email",
                "invited_at",
            ),
            invitation,
        ),
        _section(
            "drafts_without_dates",
            Course.objects.filter(status=CourseStatus.DRAFT)
            .exclude(Exists(HalfDay.objects.filter(course=OuterRef("pk"))))
            .order_by("created_at", "pk")
            .values("pk", "workplace__name"),
            draft,
            reverse("sessions_app:course_list") + "?status=draft",
        ),
        _section(
            "overdue_enquiries",
            enquiries_overdue(now=now).order_by("contact_due_at", "pk").values("pk", "organisation", "created_at"),
            enquiry,
            inbox + "?overdue=on",
        ),
        _section(
            "unassigned_enquiries",
            enquiries_unassigned().order_by("created_at", "pk").values("pk", "organisation", "created_at"),
            enquiry,
            inbox + "?assignee=none",
        ),
        _section(
            "messages",
            message_list(user=user)
            .filter(status__in=ScheduledMessage.RESENDABLE, due_at__gte=now - LOOK_BACK)
            .values("pk", "kind", "due_at", "status"),
            message,
            outbox + "?status=failed",
            count_apart=True,  # hundreds in the window
        ),
        _section(
            "followups",
            followup_upcoming_list(open_proposals=False)
            .filter(starts_at__lt=horizon)
            .values("pk", "number", "course_id", "course__workplace__name", "starts_at"),
            followup,
            reverse("workshops:followup_list"),
        ),
        _section(
            "workshops",
            _not_recorded_workshops(user, now - timedelta(days=WORKSHOP_UNRECORDED_DAYS)).values(
                "pk", "workplace__name", "workshop_at"
            ),
            workshop,
            reverse("workshops:workshop_list"),
        ),
    ]

    # The agenda is read as values (a hundred rows at scale 1: no model objects), each kind as
    # its owner's list says, and each time of day formatted once.
    times: dict = {}

    def at(moment: datetime) -> str:
        if moment not in times:
            times[moment] = _time(moment)
        return times[moment]

    half_days = (
        HalfDay.objects.filter(starts_at__gte=now, starts_at__lt=horizon)
        .exclude(course__status=CourseStatus.CANCELLED)
        .order_by("starts_at", "pk")
        .values_list("starts_at", "number", "course_id", "course__workplace__name")[:AGENDA_MAX]
    )
    followups = (
        followup_upcoming_list(open_proposals=False)
        .filter(starts_at__gte=now, starts_at__lt=horizon)
        .values_list("starts_at", "number", "pk", "course_id", "course__workplace__name")[:AGENDA_MAX]
    )
    meetings = (
        EnquiryMeeting.objects.filter(starts_at__gte=now, starts_at__lt=horizon, enquiry__status=Status.MEETING_BOOKED)
        .order_by("starts_at", "pk")
        .values_list("starts_at", "enquiry_id", "enquiry__organisation")[:AGENDA_MAX]
    )
    home.agenda = _agenda(
        [
            AgendaItem(
                starts_at,
                _("%(time)s half-day %(number)s of %(course)s")
                % {"time": at(starts_at), "number": number, "course": Course.label(workplace, course_id)},
                course_url(course_id),
            )
            for starts_at, number, course_id, workplace in half_days
        ]
        + [
            AgendaItem(
                starts_at,
                _("%(time)s follow-up %(number)s of %(course)s")
                % {"time": at(starts_at), "number": number, "course": Course.label(workplace, course_id)},
                followup_url(pk),
            )
            for starts_at, number, pk, course_id, workplace in followups
        ]
        + [
            AgendaItem(
                starts_at,
                _("%(time)s meeting about enquiry %(number)s from %(organisation)s")
                % {"time": at(starts_at), "number": enquiry_id, "organisation": organisation},
                enquiry_url(enquiry_id),
            )
            for starts_at, enquiry_id, organisation in meetings
        ]
    )
    return home


def facilitator_home(user: User, *, now: datetime | None = None) -> Home:
    now = now or timezone.now()
    home = Home()
    if not user.has_role(Role.FACILITATOR):
        return home
    # Hers through her user (no query for her facilitator row first: without one, every
    # section is empty). Her accepted trainings as a semi-join: the planner starts from her few
    # trainings instead of counting the participants and attendance of every half-day in the
    # window first.
    assignments = FacilitatorAssignment.objects.filter(facilitator__user=user)
    mine = Q(course__in=assignments.filter(status=AssignmentStatus.ACCEPTED).values("course"))
    recorded = (
        Attendance.objects.filter(half_day=OuterRef("pk"), registration__status=RegistrationStatus.CONFIRMED)
        .order_by()
        .values("half_day")
        .annotate(n=Count("pk"))
        .values("n")
    )
    participants = confirmed_count("course")

    course_url = _url_of("sessions_app:course_detail")
    attendance_url = _url_of("participants:attendance", 2)
    outcome_url = _url_of("workshops:outcome_detail")
    my_assignments = reverse("sessions_app:my_assignments")
    others: dict[int, list[str]] = {}

    # Read as values, with only the columns the links say (see coordinator_home).
    def half_day(row: dict) -> Link:
        return Link(
            _("%(when)s, half-day %(number)s at %(workplace)s, %(place)s; with %(others)s; %(count)s participants")
            % {
                "when": _when(row["starts_at"]),
                "number": row["number"],
                "workplace": row["course__workplace__name"],
                "place": row["course__location"] or _("place not set"),
                "others": ", ".join(others.get(row["course_id"], ())) or _("nobody yet"),
                "count": row["participant_count"],
            },
            course_url(row["course_id"]),
        )

    def invitation(row: dict) -> Link:
        return Link(
            _("%(course)s, invited on %(day)s")
            % {
                "course": Course.label(row["course__workplace__name"], row["course_id"]),
                "day": _day(row["invited_at"]),
            },
            my_assignments,
        )

    def attendance(row: dict) -> Link:
        return Link(
            _("Attendance for half-day %(number)s of %(course)s on %(day)s: %(recorded)s of %(count)s recorded")
            % {
                "number": row["number"],
                "course": Course.label(row["course__workplace__name"], row["course_id"]),
                "day": _day(row["starts_at"]),
                "recorded": row["recorded_count"],
                "count": row["participant_count"],
            },
            attendance_url(row["course_id"], row["number"]),
        )

    def outcome(row: dict) -> Link:
        return Link(
            _("%(course)s, idea workshop on %(day)s")
            % {"course": Course.label(row["workplace__name"], row["pk"]), "day": _day(row["workshop_at"])},
            outcome_url(row["pk"]),
        )

    # Her next half-days, and then their co-facilitators in one query (the links are made after).
    coming = (
        HalfDay.objects.filter(mine, ends_at__gte=now, course__status__in=Course.TAKES_PLACE)
        .annotate(participant_count=participants)
        # By their end, read from now on in its index (the start's index would be read from
        # the first half-day ever held): her half-days do not overlap, so this is the order
        # they start in.
        .order_by("ends_at", "starts_at", "pk")
        .values("starts_at", "number", "course_id", "course__workplace__name", "course__location", "participant_count")
    )
    next_half_days = _section(
        "next_half_days",
        coming,
        lambda row: row,
        reverse("sessions_app:my_calendar"),
        count_apart=True,  # each row counts its participants
    )
    if next_half_days.links:
        for course_id, full_name, email in (
            FacilitatorAssignment.objects.filter(
                course__in={row["course_id"] for row in next_half_days.links}, status=AssignmentStatus.ACCEPTED
            )
            .exclude(facilitator__user=user)
            .order_by("pk")
            .values_list("course_id", "facilitator__user__full_name", "facilitator__user__email")
        ):
            others.setdefault(course_id, []).append(_person(full_name, email))
        next_half_days.links = [half_day(row) for row in next_half_days.links]

    home.sections = [
        next_half_days,
        _section(
            "my_invitations",
            assignments.filter(status=AssignmentStatus.INVITED, course__status__in=Course.OPEN_FOR_CHANGES)
            .order_by("invited_at", "pk")
            .values("course_id", "course__workplace__name", "invited_at"),
            invitation,
            my_assignments,
        ),
        _attendance_section(
            HalfDay.objects.filter(
                mine, starts_at__lte=now, starts_at__gte=now - LOOK_BACK, course__status__in=Course.TAKES_PLACE
            )
            .annotate(
                participant_count=participants,
                recorded_count=Coalesce(Subquery(recorded, output_field=IntegerField()), Value(0)),
            )
            .order_by("-starts_at", "-pk")
            .values(
                "starts_at", "number", "course_id", "course__workplace__name", "participant_count", "recorded_count"
            ),
            attendance,
        ),
        _section(
            "outcomes",
            _not_recorded_workshops(user, now).values("pk", "workplace__name", "workshop_at"),
            outcome,
            reverse("workshops:workshop_list"),
        ),
    ]
    return home
