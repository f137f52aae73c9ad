"""What each role's home page lists: the things that need doing, each with the page where it is
done. Reads the apps below; writes nothing (DESIGN §4).

Every rule is asked of the app that owns it (``participants.selectors.courses_short_of_people``
for the T-14 rule, ``enquiries.selectors.enquiries_overdue`` for the contact deadline,
``sessions_app.selectors.invitations_unanswered``, the outbox's ``RESENDABLE``...). Each section
is a values queryset for its first rows and its total; a page's sections are compiled once per
process for a user's standing (``dialogkurs.statements``: their times are ``Moment``s, bound when
they run) and read in one statement, so the page's query count does not grow with the data and
its cost is not Django compiling a dozen querysets on every visit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.db.models import Count, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, Window
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from accounts.models import User
from accounts.roles import Role
from dialogkurs.formatting import formatter
from dialogkurs.links import reverse_once as _url_of
from dialogkurs.statements import Moment, compiled
from enquiries.models import EnquiryMeeting, Status
from enquiries.selectors import enquiries_overdue, enquiries_unassigned
from participants.models import Attendance, RegistrationStatus
from participants.selectors import confirmed_count, courses_short_of_people
from reminders.models import ScheduledMessage
from reminders.registry import registered_kinds
from reminders.selectors import message_list
from sessions_app.models import AssignmentStatus, Course, CourseStatus, FacilitatorAssignment, HalfDay
from sessions_app.selectors import drafts_without_dates, invitations_unanswered
from workshops.selectors import followup_upcoming_list, workshops_not_recorded

# How far ahead the agenda and the follow-ups look, and how long an idea workshop may wait
# before it is listed as needing the coordinator.
AGENDA_DAYS = 14
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


def _counted(queryset: QuerySet, limit: int = SHOWN, *, count_apart: bool = False) -> QuerySet:
    """The first ``limit`` rows of ``queryset`` (values), each with the total (``section_total``)."""
    return queryset.annotate(section_total=_total(queryset, apart=count_apart))[:limit]


def _section(key: str, rows: list[dict], link: Callable[[dict], Link], all_url: str = "") -> Section:
    """A section of the rows of ``_counted``; ``link(row)`` says what a row reads and where it
    is fixed."""
    total = rows[0]["section_total"] if rows else 0
    return Section(key, TITLES[key] % {"count": total}, [link(row) for row in rows], total, all_url)


def _attendance_section(half_days: list[dict], link: Callable[[dict], Link]) -> Section:
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


def _standing(user: User) -> tuple:
    """What a page's compiled sections may depend on of ``user``: who she is and her roles."""
    return (user.pk, user.is_active, user.is_superuser, user.roles)


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


class AgendaDay(NamedTuple):
    """A day of the agenda: its local date and its items, with the heading and the anchor the
    page shows (each formatted once here, not by a filter per day)."""

    day: date
    items: list[AgendaItem]

    @property
    def slug(self) -> str:
        return formatter("Y-m-d")(self.day)

    @property
    def heading(self) -> str:
        return formatter("l j F")(self.day)


@dataclass
class Home:
    sections: list[Section] = field(default_factory=list)
    agenda: list[AgendaDay] = field(default_factory=list)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    @property
    def empty(self) -> bool:
        return not self.agenda and all(s.total == 0 for s in self.sections)


def _agenda(items: list[AgendaItem]) -> list[AgendaDay]:
    """``items`` by local day, each day's in time order (their times already local)."""
    days: dict = {}
    for item in sorted(items, key=lambda i: i.starts_at):
        days.setdefault(item.starts_at.date(), []).append(item)
    return [AgendaDay(day, day_items) for day, day_items in days.items()]


def _coordinator_sections(user: User) -> dict[str, QuerySet]:
    """The coordinator's sections and agenda as values querysets, their times ``Moment``s.
    Each is read with only the columns its links say: no model objects, no joined rows of whole
    tables, no annotation the page does not show (the selectors' other annotations are left out
    of the SELECT by ``values``)."""
    now = Moment()
    horizon = now + timedelta(days=AGENDA_DAYS)
    return {
        "not_ready": _counted(
            courses_short_of_people(starting_from=now, until=now + settings.REMINDERS_T14_ALERT).values(
                "pk", "workplace__name", "first_half_day_at", "confirmed_count", "accepted_count"
            )
        ),
        "invitations": _counted(
            invitations_unanswered(now=now).values(
                "course_id",
                "course__workplace__name",
                "facilitator__user__full_name",
                "facilitator__user__email",
                "invited_at",
            )
        ),
        "drafts_without_dates": _counted(drafts_without_dates().values("pk", "workplace__name")),
        "overdue_enquiries": _counted(
            enquiries_overdue(now=now).order_by("contact_due_at", "pk").values("pk", "organisation", "created_at")
        ),
        "unassigned_enquiries": _counted(
            enquiries_unassigned().order_by("created_at", "pk").values("pk", "organisation", "created_at")
        ),
        "messages": _counted(
            message_list(user=user)
            .filter(status__in=ScheduledMessage.RESENDABLE, due_at__gte=now - LOOK_BACK)
            .values("pk", "kind", "due_at", "status"),
            count_apart=True,  # hundreds in the window
        ),
        "followups": _counted(
            followup_upcoming_list(open_proposals=False)
            .filter(starts_at__lt=horizon)
            .values("pk", "number", "course_id", "course__workplace__name", "starts_at")
        ),
        "workshops": _counted(
            workshops_not_recorded(
                user, began_before=now - timedelta(days=WORKSHOP_UNRECORDED_DAYS), began_after=now - LOOK_BACK
            ).values("pk", "workplace__name", "workshop_at")
        ),
        # The agenda (a hundred rows at scale 1), each kind as its owner's list says.
        "agenda_half_days": HalfDay.objects.filter(starts_at__gte=now, starts_at__lt=horizon)
        .exclude(course__status=CourseStatus.CANCELLED)
        .order_by("starts_at", "pk")
        .values("starts_at", "number", "course_id", "course__workplace__name")[:AGENDA_MAX],
        "agenda_followups": followup_upcoming_list(open_proposals=False)
        .filter(starts_at__gte=now, starts_at__lt=horizon)
        .values("starts_at", "number", "pk", "course_id", "course__workplace__name")[:AGENDA_MAX],
        "agenda_meetings": EnquiryMeeting.objects.filter(
            starts_at__gte=now, starts_at__lt=horizon, enquiry__status=Status.MEETING_BOOKED
        )
        .order_by("starts_at", "pk")
        .values("starts_at", "enquiry_id", "enquiry__organisation")[:AGENDA_MAX],
    }


def _course_values(row: dict) -> dict:
    return {"number": row["number"], "course": Course.label(row["course__workplace__name"], row["course_id"])}


def _enquiry_values(row: dict) -> dict:
    return {"number": row["enquiry_id"], "organisation": row["enquiry__organisation"]}


def coordinator_home(user: User, *, now: datetime | None = None) -> Home:
    rows = compiled(("home:coordinator", *_standing(user)), lambda: _coordinator_sections(user)).run(now=now)
    inbox = reverse("enquiries:inbox")
    outbox = reverse("reminders:outbox")
    labels = {kind.name: kind.display for kind in registered_kinds()}
    course_url = _url_of("sessions_app:course_detail")
    enquiry_url = _url_of("enquiries:detail")
    followup_url = _url_of("workshops:followup_detail")
    reschedule_url = _url_of("sessions_app:course_reschedule")
    message_url = _url_of("reminders:message_detail")
    outcome_url = _url_of("workshops:outcome_detail")
    day, when, time_of_day = (
        formatter("SHORT_DATE_FORMAT"),
        formatter("SHORT_DATETIME_FORMAT"),
        formatter("TIME_FORMAT"),
    )

    def short(row: dict) -> Link:
        return Link(
            _(
                "%(course)s, half-day 1 on %(day)s: %(confirmed)s of %(minimum)s confirmed, %(accepted)s of %(required)s facilitators"
            )
            % {
                "course": Course.label(row["workplace__name"], row["pk"]),
                "day": day(row["first_half_day_at"]),
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
                "day": day(row["invited_at"]),
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
            % {"number": row["pk"], "organisation": row["organisation"], "day": day(row["created_at"])},
            enquiry_url(row["pk"]),
        )

    statuses = dict(ScheduledMessage._meta.get_field("status").flatchoices)

    def message(row: dict) -> Link:
        return Link(
            _("Message %(number)s, %(kind)s, due %(when)s: %(status)s")
            % {
                "number": row["pk"],
                "kind": labels.get(row["kind"], row["kind"]),
                "when": when(row["due_at"]),
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
                "when": when(row["starts_at"]),
            },
            followup_url(row["pk"]),
        )

    def workshop(row: dict) -> Link:
        return Link(
            _("%(course)s, idea workshop on %(day)s")
            % {"course": Course.label(row["workplace__name"], row["pk"]), "day": day(row["workshop_at"])},
            outcome_url(row["pk"]),
        )

    home = Home()
    home.sections = [
        _section("not_ready", rows["not_ready"], short),
        _section("invitations", rows["invitations"], invitation),
        _section(
            "drafts_without_dates",
            rows["drafts_without_dates"],
            draft,
            reverse("sessions_app:course_list") + "?status=draft",
        ),
        _section("overdue_enquiries", rows["overdue_enquiries"], enquiry, inbox + "?overdue=on"),
        _section("unassigned_enquiries", rows["unassigned_enquiries"], enquiry, inbox + "?assignee=none"),
        _section("messages", rows["messages"], message, outbox + "?status=failed"),
        _section("followups", rows["followups"], followup, reverse("workshops:followup_list")),
        _section("workshops", rows["workshops"], workshop, reverse("workshops:workshop_list")),
    ]
    # The agenda (up to 150 rows): each text translated once, each time made local once.
    zone = timezone.get_current_timezone()
    half_day_text = _("%(time)s half-day %(number)s of %(course)s")
    followup_text = _("%(time)s follow-up %(number)s of %(course)s")
    meeting_text = _("%(time)s meeting about enquiry %(number)s from %(organisation)s")
    items = []
    # Each kind of agenda row: its text, its values and its link.
    kinds = (
        (rows["agenda_half_days"], half_day_text, _course_values, lambda row: course_url(row["course_id"])),
        (rows["agenda_followups"], followup_text, _course_values, lambda row: followup_url(row["pk"])),
        (rows["agenda_meetings"], meeting_text, _enquiry_values, lambda row: enquiry_url(row["enquiry_id"])),
    )
    for kind_rows, text, values, url in kinds:
        for row in kind_rows:
            starts_at = row["starts_at"].astimezone(zone)
            items.append(AgendaItem(starts_at, text % {"time": time_of_day(starts_at), **values(row)}, url(row)))
    home.agenda = _agenda(items)
    return home


def _facilitator_sections(user: User) -> dict[str, QuerySet]:
    """Her sections as values querysets, their times ``Moment``s. Hers through her user (no
    query for her facilitator row first: without one, every section is empty). Her accepted
    trainings as a semi-join: the planner starts from her few trainings instead of counting the
    participants and attendance of every half-day in the window first."""
    now = Moment()
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
    coming = (
        HalfDay.objects.filter(mine, ends_at__gte=now, course__status__in=Course.TAKES_PLACE)
        # By their end, read from now on in its index (the start's index would be read from
        # the first half-day ever held): her half-days do not overlap, so this is the order
        # they start in.
        .order_by("ends_at", "starts_at", "pk")
    )
    return {
        "next_half_days": _counted(
            coming.annotate(participant_count=participants).values(
                "starts_at", "number", "course_id", "course__workplace__name", "course__location", "participant_count"
            ),
            count_apart=True,  # each row counts its participants
        ),
        # The co-facilitators of the trainings of the half-days shown (the same first rows).
        "others": FacilitatorAssignment.objects.filter(
            course__in=coming.values("course_id")[:SHOWN], status=AssignmentStatus.ACCEPTED
        )
        .exclude(facilitator__user=user)
        .order_by("pk")
        .values("course_id", "facilitator__user__full_name", "facilitator__user__email"),
        "my_invitations": _counted(
            assignments.filter(status=AssignmentStatus.INVITED, course__status__in=Course.OPEN_FOR_CHANGES)
            .order_by("invited_at", "pk")
            .values("course_id", "course__workplace__name", "invited_at")
        ),
        "attendance": HalfDay.objects.filter(
            mine, starts_at__lte=now, starts_at__gte=now - LOOK_BACK, course__status__in=Course.TAKES_PLACE
        )
        .annotate(
            participant_count=participants,
            recorded_count=Coalesce(Subquery(recorded, output_field=IntegerField()), Value(0)),
        )
        .order_by("-starts_at", "-pk")
        .values("starts_at", "number", "course_id", "course__workplace__name", "participant_count", "recorded_count"),
        "outcomes": _counted(
            workshops_not_recorded(user, began_before=now, began_after=now - LOOK_BACK).values(
                "pk", "workplace__name", "workshop_at"
            )
        ),
    }


def facilitator_home(user: User, *, now: datetime | None = None) -> Home:
    home = Home()
    if not user.has_role(Role.FACILITATOR):
        return home
    rows = compiled(("home:facilitator", *_standing(user)), lambda: _facilitator_sections(user)).run(now=now)
    course_url = _url_of("sessions_app:course_detail")
    attendance_url = _url_of("participants:attendance", 2)
    outcome_url = _url_of("workshops:outcome_detail")
    my_assignments = reverse("sessions_app:my_assignments")
    day, when = formatter("SHORT_DATE_FORMAT"), formatter("SHORT_DATETIME_FORMAT")
    others: dict[int, list[str]] = {}
    for row in rows["others"]:
        others.setdefault(row["course_id"], []).append(
            _person(row["facilitator__user__full_name"], row["facilitator__user__email"])
        )

    def half_day(row: dict) -> Link:
        return Link(
            _("%(when)s, half-day %(number)s at %(workplace)s, %(place)s; with %(others)s; %(count)s participants")
            % {
                "when": when(row["starts_at"]),
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
                "day": day(row["invited_at"]),
            },
            my_assignments,
        )

    def attendance(row: dict) -> Link:
        return Link(
            _("Attendance for half-day %(number)s of %(course)s on %(day)s: %(recorded)s of %(count)s recorded")
            % {
                "number": row["number"],
                "course": Course.label(row["course__workplace__name"], row["course_id"]),
                "day": day(row["starts_at"]),
                "recorded": row["recorded_count"],
                "count": row["participant_count"],
            },
            attendance_url(row["course_id"], row["number"]),
        )

    def outcome(row: dict) -> Link:
        return Link(
            _("%(course)s, idea workshop on %(day)s")
            % {"course": Course.label(row["workplace__name"], row["pk"]), "day": day(row["workshop_at"])},
            outcome_url(row["pk"]),
        )

    home.sections = [
        _section("next_half_days", rows["next_half_days"], half_day, reverse("sessions_app:my_calendar")),
        _section("my_invitations", rows["my_invitations"], invitation, my_assignments),
        _attendance_section(rows["attendance"], attendance),
        _section("outcomes", rows["outcomes"], outcome, reverse("workshops:workshop_list")),
    ]
    return home
