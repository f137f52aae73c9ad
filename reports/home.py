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
    Prefetch,
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
from dialogkurs.links import reverse_once as _url_of
from enquiries.models import EnquiryMeeting, Status
from enquiries.selectors import enquiries_overdue, enquiries_unassigned
from participants.models import Attendance, RegistrationStatus
from participants.selectors import confirmed_count, courses_short_of_people
from reminders.models import ScheduledMessage
from reminders.registry import registered_kinds
from reminders.selectors import message_list
from sessions_app.models import AssignmentStatus, Course, CourseStatus, FacilitatorAssignment, HalfDay
from sessions_app.selectors import facilitator_for
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
    total = rows[0].section_total if rows else 0
    return Section(key, TITLES[key] % {"count": total}, [link(row) for row in rows], total, all_url)


def _attendance_section(half_days: QuerySet[HalfDay], link) -> Section:
    """The half-days of ``half_days`` (hers, within LOOK_BACK: a few dozen at most) whose
    attendance is not recorded for every confirmed participant. Picked here from their counts:
    as a filter in the query, the database counts the participants and attendance of every
    half-day in the window, hers or not, before it joins her trainings."""
    rows = [h for h in half_days if h.recorded_count < h.participant_count]
    return Section(
        "attendance", TITLES["attendance"] % {"count": len(rows)}, [link(h) for h in rows[:SHOWN]], len(rows)
    )


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

    def short(course: Course) -> Link:
        return Link(
            _(
                "%(course)s, half-day 1 on %(day)s: %(confirmed)s of %(minimum)s confirmed, %(accepted)s of %(required)s facilitators"
            )
            % {
                "course": course,
                "day": _day(course.first_half_day_at),
                "confirmed": course.confirmed_count,
                "minimum": settings.REMINDERS_T14_MIN_CONFIRMED,
                "accepted": course.accepted_count,
                "required": Course.REQUIRED_FACILITATORS,
            },
            course_url(course.pk),
        )

    def invitation(assignment: FacilitatorAssignment) -> Link:
        return Link(
            _("%(facilitator)s, invited to %(course)s on %(day)s")
            % {"facilitator": assignment.facilitator, "course": assignment.course, "day": _day(assignment.invited_at)},
            course_url(assignment.course_id),
        )

    def draft(course: Course) -> Link:
        return Link(
            _("%(course)s: plan its half-days") % {"course": course},
            reschedule_url(course.pk),
        )

    def enquiry(e) -> Link:
        return Link(
            _("Enquiry %(number)s from %(organisation)s, received %(day)s")
            % {"number": e.pk, "organisation": e.organisation, "day": _day(e.created_at)},
            enquiry_url(e.pk),
        )

    def message(m: ScheduledMessage) -> Link:
        return Link(
            _("Message %(number)s, %(kind)s, due %(when)s: %(status)s")
            % {
                "number": m.pk,
                "kind": labels.get(m.kind, m.kind),
                "when": _when(m.due_at),
                "status": m.get_status_display(),
            },
            message_url(m.pk),
        )

    def followup(f) -> Link:
        return Link(
            _("Follow-up %(number)s of %(course)s on %(when)s")
            % {"number": f.number, "course": f.course, "when": _when(f.starts_at)},
            followup_url(f.pk),
        )

    def workshop(course: Course) -> Link:
        return Link(
            _("%(course)s, idea workshop on %(day)s") % {"course": course, "day": _day(course.workshop_at)},
            outcome_url(course.pk),
        )

    home = Home()
    home.sections = [
        _section(
            "not_ready",
            courses_short_of_people(starting_from=now, until=now + settings.REMINDERS_T14_ALERT),
            short,
        ),
        _section(
            "invitations",
            FacilitatorAssignment.objects.filter(
                status=AssignmentStatus.INVITED,
                invited_at__lte=now - timedelta(days=INVITATION_UNANSWERED_DAYS),
                course__status__in=Course.OPEN_FOR_CHANGES,
            )
            .select_related("facilitator__user", "course__workplace")
            .order_by("invited_at", "pk"),
            invitation,
        ),
        _section(
            "drafts_without_dates",
            Course.objects.filter(status=CourseStatus.DRAFT)
            .exclude(Exists(HalfDay.objects.filter(course=OuterRef("pk"))))
            .select_related("workplace")
            .order_by("created_at", "pk"),
            draft,
            reverse("sessions_app:course_list") + "?status=draft",
        ),
        _section(
            "overdue_enquiries",
            enquiries_overdue(now=now).order_by("contact_due_at", "pk"),
            enquiry,
            inbox + "?overdue=on",
        ),
        _section(
            "unassigned_enquiries",
            enquiries_unassigned().order_by("created_at", "pk"),
            enquiry,
            inbox + "?assignee=none",
        ),
        _section(
            "messages",
            message_list(user=user).filter(status__in=ScheduledMessage.RESENDABLE, due_at__gte=now - LOOK_BACK),
            message,
            outbox + "?status=failed",
            count_apart=True,  # hundreds in the window
        ),
        _section(
            "followups",
            followup_upcoming_list().filter(starts_at__lt=horizon),
            followup,
            reverse("workshops:followup_list"),
        ),
        _section(
            "workshops",
            _not_recorded_workshops(user, now - timedelta(days=WORKSHOP_UNRECORDED_DAYS)),
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
    facilitator = facilitator_for(user)
    if facilitator is None:
        return home
    # Her accepted trainings as a semi-join: the planner starts from her few trainings instead of
    # counting the participants and attendance of every half-day in the window first.
    mine = Q(course__in=facilitator.assignments.filter(status=AssignmentStatus.ACCEPTED).values("course"))
    recorded = (
        Attendance.objects.filter(half_day=OuterRef("pk"), registration__status=RegistrationStatus.CONFIRMED)
        .order_by()
        .values("half_day")
        .annotate(n=Count("pk"))
        .values("n")
    )
    participants = confirmed_count("course")
    co_facilitators = Prefetch(
        "course__assignments",
        queryset=FacilitatorAssignment.objects.filter(status=AssignmentStatus.ACCEPTED)
        .exclude(facilitator=facilitator)
        .select_related("facilitator__user")
        .order_by("pk"),
        to_attr="co_facilitators",
    )

    course_url = _url_of("sessions_app:course_detail")
    attendance_url = _url_of("participants:attendance", 2)
    outcome_url = _url_of("workshops:outcome_detail")
    my_assignments = reverse("sessions_app:my_assignments")

    def half_day(h: HalfDay) -> Link:
        others = ", ".join(str(a.facilitator) for a in h.course.co_facilitators) or _("nobody yet")
        return Link(
            _("%(when)s, half-day %(number)s at %(workplace)s, %(place)s; with %(others)s; %(count)s participants")
            % {
                "when": _when(h.starts_at),
                "number": h.number,
                "workplace": h.course.workplace.name,
                "place": h.course.location or _("place not set"),
                "others": others,
                "count": h.participant_count,
            },
            course_url(h.course_id),
        )

    def invitation(assignment: FacilitatorAssignment) -> Link:
        return Link(
            _("%(course)s, invited on %(day)s") % {"course": assignment.course, "day": _day(assignment.invited_at)},
            my_assignments,
        )

    def attendance(h: HalfDay) -> Link:
        return Link(
            _("Attendance for half-day %(number)s of %(course)s on %(day)s: %(recorded)s of %(count)s recorded")
            % {
                "number": h.number,
                "course": h.course,
                "day": _day(h.starts_at),
                "recorded": h.recorded_count,
                "count": h.participant_count,
            },
            attendance_url(h.course_id, h.number),
        )

    def outcome(course: Course) -> Link:
        return Link(
            _("%(course)s, idea workshop on %(day)s") % {"course": course, "day": _day(course.workshop_at)},
            outcome_url(course.pk),
        )

    home.sections = [
        _section(
            "next_half_days",
            HalfDay.objects.filter(mine, ends_at__gte=now, course__status__in=Course.TAKES_PLACE)
            .annotate(participant_count=participants)
            .select_related("course__workplace__organisation")
            .prefetch_related(co_facilitators)
            # By their end, read from now on in its index (the start's index would be read from
            # the first half-day ever held): her half-days do not overlap, so this is the order
            # they start in.
            .order_by("ends_at", "starts_at", "pk"),
            half_day,
            reverse("sessions_app:my_calendar"),
            count_apart=True,  # each row counts its participants
        ),
        _section(
            "my_invitations",
            facilitator.assignments.filter(status=AssignmentStatus.INVITED, course__status__in=Course.OPEN_FOR_CHANGES)
            .select_related("course__workplace")
            .order_by("invited_at", "pk"),
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
            .select_related("course__workplace")
            .order_by("-starts_at", "-pk"),
            attendance,
        ),
        _section("outcomes", _not_recorded_workshops(user, now), outcome, reverse("workshops:workshop_list")),
    ]
    return home
