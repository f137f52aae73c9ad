"""Read queries of the participants pages, each with the joins it needs so a page's query
count does not grow with its rows."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import (
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce

from dialogkurs.statements import Moment, Param, compiled, prepared
from sessions_app.models import AssignmentStatus, Course, HalfDay

from .certificates import certificate_problem
from .models import LIVE, Attendance, Participant, Perspective, Registration, RegistrationStatus


def registration_list(course: Course | Param, *, statuses=LIVE) -> QuerySet[Registration]:
    """The course's registrations with their participants, in arrival order (the waitlist's
    order). ``course``: the course, or a ``Param`` bound to its id (``course_roster``)."""
    return (
        Registration.objects.filter(course=course, status__in=statuses)
        .select_related("participant")
        .order_by("queued_at", "pk")
    )


def registration_get_by_token(token: str) -> Registration | None:
    return (
        Registration.objects.select_related("participant", "course__workplace__organisation")
        .filter(cancel_token=token)
        .first()
    )


def half_day_list(course: Course) -> list[HalfDay]:
    """The course's half-days in order with their themes, kept on ``course`` as well, so that
    what the page asks of it next (``Course.has_ended``) reads them instead of a query."""
    prefetch_related_objects(
        [course], Prefetch("half_days", queryset=HalfDay.objects.order_by("number").prefetch_related("themes"))
    )
    return list(course.half_days.all())


def course_get_by_signup_token(token: str) -> Course | None:
    # Without its half-days: a sign-up that is taken answers with a redirect and never shows
    # them (the form asks for them, ``half_day_list``). Compiled once per process: every
    # sign-up, and 200 may come at once, asks it first.
    found = prepared(
        "participants:course_by_signup_token",
        lambda: (
            Course.objects.select_related("workplace__organisation")
            .filter(signup_token=Param("token", CharField()))
            .order_by("pk")[:1]
        ),
    ).fetch(token=token)
    return found[0] if found else None


@dataclass
class RosterRow:
    registration: Registration
    # half-day id → True (present) / False (absent); a missing key is "not recorded".
    attendance: dict[int, bool] = field(default_factory=dict)
    waitlist_position: int | None = None

    @property
    def participant(self) -> Participant:
        return self.registration.participant

    # Attendance per half-day in half-day order, for templates: True, False or None.
    marks: list[bool | None] = field(default_factory=list)
    completed: bool = False
    # Why there is no certificate of participation (None: there is one).
    certificate_problem: str | None = None

    def attendance_at(self, half_day: HalfDay) -> bool | None:
        return self.attendance.get(half_day.pk)


@dataclass
class Roster:
    course: Course
    half_days: list[HalfDay]
    confirmed: list[RosterRow]
    waitlist: list[RosterRow]

    @property
    def confirmed_count(self) -> int:
        return len(self.confirmed)

    @property
    def completed_count(self) -> int:
        return sum(1 for row in self.confirmed if row.completed)

    @property
    def with_certificate(self) -> list[RosterRow]:
        return [row for row in self.confirmed if row.certificate_problem is None]

    def shared_connections(self) -> list[list[RosterRow]]:
        """Groups of more than ``SIGNUP_ADDRESS_ALERT`` people holding places who signed up
        through the link from one internet connection, each in arrival order."""
        groups: dict[str, list[RosterRow]] = defaultdict(list)
        for row in sorted(
            self.confirmed + self.waitlist, key=lambda row: (row.registration.queued_at, row.registration.pk)
        ):
            if row.registration.signup_address:
                groups[row.registration.signup_address].append(row)
        return [rows for rows in groups.values() if len(rows) > settings.SIGNUP_ADDRESS_ALERT]

    def perspective_mix(self) -> list[tuple[str, int]]:
        """(label, count) for every perspective among the confirmed, in a fixed order."""
        counts = Counter(row.participant.perspective for row in self.confirmed)
        return [(label, counts.get(value, 0)) for value, label in Perspective.choices]


def course_roster(course: Course) -> Roster:
    """Confirmed participants with their attendance, and the waitlist with positions: three
    queries whatever the number of participants."""
    half_days = half_day_list(course)
    rows: dict[int, RosterRow] = {}
    confirmed, waitlist = [], []
    # Both statements compiled once per process (dialogkurs.statements), the course bound.
    registrations = prepared("participants:roster", lambda: registration_list(Param("course")))
    for registration in registrations.fetch(course=course.pk):
        registration.course = course  # the same row: no query per registration
        row = RosterRow(registration)
        rows[registration.pk] = row
        if registration.status == RegistrationStatus.CONFIRMED:
            confirmed.append(row)
        else:
            # Arrival order is the waitlist's order, as in services.waitlist_position.
            row.waitlist_position = len(waitlist) + 1
            waitlist.append(row)
    attendance = compiled(
        "participants:roster_attendance",
        lambda: {
            "marks": Attendance.objects.filter(
                registration__course=Param("course"), registration__status=RegistrationStatus.CONFIRMED
            ).values("registration_id", "half_day_id", "present")
        },
    ).run(course=course.pk)
    for mark in attendance["marks"]:
        if mark["registration_id"] in rows:
            rows[mark["registration_id"]].attendance[mark["half_day_id"]] = mark["present"]
    for row in confirmed:
        row.marks = [row.attendance.get(half_day.pk) for half_day in half_days]
        # Completed = present at both half-days (DESIGN §2.2).
        row.completed = bool(half_days) and all(mark is True for mark in row.marks)
        row.certificate_problem = certificate_problem(row.registration, row.marks)
    confirmed.sort(key=lambda row: (row.participant.name.casefold(), row.registration.pk))
    return Roster(course=course, half_days=half_days, confirmed=confirmed, waitlist=waitlist)


def is_short_of_people(confirmed: int, accepted: int) -> bool:
    """The T-14 rule (DESIGN §2.2): fewer than REMINDERS_T14_MIN_CONFIRMED confirmed participants
    or fewer than the required accepted facilitators. The coordinator's alert and her home page
    both ask this."""
    return confirmed < settings.REMINDERS_T14_MIN_CONFIRMED or accepted < Course.REQUIRED_FACILITATORS


def confirmed_count(course: str = "pk") -> Coalesce:
    """An annotation: the confirmed registrations of the course at ``course`` (``"pk"`` on a
    Course queryset, ``"course"`` on a HalfDay one), in one subquery."""
    counted = (
        Registration.objects.filter(course=OuterRef(course), status=RegistrationStatus.CONFIRMED)
        .order_by()
        .values("course")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def courses_short_of_people(*, starting_from: datetime | Moment, until: datetime | Moment) -> QuerySet[Course]:
    """Trainings still open for changes whose half-day 1 starts in [starting_from, until) and that
    are short of people by ``is_short_of_people``, soonest first, each with ``confirmed_count``,
    ``accepted_count`` and ``first_half_day_at`` (``Course.first_starts_at``, kept on the course
    and indexed)."""
    return (
        Course.objects.filter(status__in=Course.OPEN_FOR_CHANGES)
        .filter(first_starts_at__gte=starting_from, first_starts_at__lt=until)
        .annotate(first_half_day_at=F("first_starts_at"))
        .annotate(
            confirmed_count=confirmed_count(),
            accepted_count=Count("assignments", filter=Q(assignments__status=AssignmentStatus.ACCEPTED)),
        )
        .filter(
            Q(confirmed_count__lt=settings.REMINDERS_T14_MIN_CONFIRMED)
            | Q(accepted_count__lt=Course.REQUIRED_FACILITATORS)
        )
        .select_related("workplace__organisation")
        .order_by("first_half_day_at", "pk")
    )
