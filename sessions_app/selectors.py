"""Reusable read queries for the trainings pages, with the joins and prefetches each page needs.

Every list here is built so that its number of queries does not grow with its rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, Concat, RowNumber
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from dialogkurs.statements import Moment, OneOf, compiled

from .hooks import course_columns
from .models import (
    HALF_DAYS_PER_COURSE,
    AssignmentStatus,
    Course,
    CourseStatus,
    Facilitator,
    FacilitatorAssignment,
    HalfDay,
    HalfDayTheme,
    Organisation,
    Unavailability,
    Workplace,
)
from .services import ACTIVE_ASSIGNMENT


def course_list_order(queryset: QuerySet[Course] | None = None) -> QuerySet[Course]:
    """The order of the course tables: by half-day 1 (``Course.first_starts_at`` and its
    index), the latest first and the trainings without a schedule on top."""
    queryset = Course.objects.all() if queryset is None else queryset
    return queryset.order_by(F("first_starts_at").desc(nulls_first=True), "-pk")


HISTORY_PAGE_SIZE = 10  # trainings per page of a workplace's or an organisation's history


def course_is_coming(now: datetime, prefix: str = "") -> Q:
    """Courses not yet held: half-day 2 has not begun, or is not planned yet (``prefix`` to ask
    it through a relation, e.g. ``"courses__"``)."""
    return Q(**{f"{prefix}second_starts_at__isnull": True}) | Q(**{f"{prefix}second_starts_at__gte": now})


def history_counts(now: datetime, prefix: str = "courses__") -> dict:
    """Annotations counting a place's coming and past trainings (``coming_count``,
    ``past_count``), so the page states them without a query of its own."""
    coming = course_is_coming(now, prefix)
    return {
        "coming_count": Count(f"{prefix}pk", filter=coming, distinct=True),
        "past_count": Count(f"{prefix}pk", filter=Q(**{f"{prefix}second_starts_at__lt": now}), distinct=True),
    }


def course_history_order(queryset: QuerySet[Course], *, now: datetime) -> QuerySet[Course]:
    """A place's trainings in the order of its page: the coming ones first, the soonest first
    and the unplanned after them, then the past ones, the latest first. Cut into pages (a
    workplace's history grows every year), each page's rows read by ``course_list_page``."""
    coming = course_is_coming(now)
    return queryset.order_by(
        Case(When(coming, then=Value(0)), default=Value(1)),
        Case(When(coming, then=F("first_starts_at"))).asc(nulls_last=True),
        F("first_starts_at").desc(nulls_first=True),
        "-pk",
    )


@dataclass
class CourseRow:
    """One row of a course table (``templatetags/course_tables.py``) as plain values: what the
    row shows and nothing else."""

    pk: int
    status: str
    workplace_name: str
    organisation_name: str
    half_days: list[tuple[datetime, datetime]]  # (starts_at, ends_at) of each, in order
    facilitators: list[tuple[str, str]]  # (name, assignment status), invited or accepted, in invitation order
    columns: dict[str, Any]  # the apps' columns (``hooks.register_course_column``) by name


def course_list_page(page_rows: QuerySet[Course]) -> list[CourseRow]:
    """The rows of one page of courses (a slice of ``course_list_order`` or of a place's
    ``course_history_order``), in its order: the page's ids read first, then what the rows show
    for those ids only (annotated before the cut, page 10 counted the participants of the 225
    trainings before it too), as values (model instances and the prefetch machinery for the ~250
    objects of a page were a third of the list's time) in one statement compiled once per process
    (``dialogkurs.statements``; built for each page, its course rows with their half-days and its
    live assignments took 5–6 ms to compile, more than PostgreSQL took to run them)."""
    ids = list(page_rows.values_list("pk", flat=True))
    if not ids:
        return []
    columns = tuple(column.name for column in course_columns())
    found = compiled(("sessions_app:course_rows", columns), _course_rows).run(ids=ids)
    courses: dict[int, CourseRow] = {}
    for line in found["lines"]:
        row = courses.get(line["pk"])
        if row is None:
            row = courses[line["pk"]] = CourseRow(
                line["pk"],
                line["status"],
                line["workplace__name"],
                line["workplace__organisation__name"],
                [],
                [],
                {name: line[name] for name in columns},
            )
        if line["half_days__starts_at"] is not None:
            row.half_days.append((line["half_days__starts_at"], line["half_days__ends_at"]))
    for line in found["facilitators"]:
        # A facilitator's name: User.__str__.
        courses[line["course_id"]].facilitators.append(
            (line["facilitator__user__full_name"] or line["facilitator__user__email"], line["status"])
        )
    # In the page's order; a training deleted since its id was read is gone.
    return [courses[pk] for pk in ids if pk in courses]


def _course_rows() -> dict[str, QuerySet]:
    """The statement of ``course_list_page``: the courses whose ids are bound as ``ids``, a line
    per half-day (two at most) in their order, and their live assignments in invitation order."""
    lines = (
        Course.objects.filter(OneOf("pk", "ids"))
        .annotate(**{column.name: column.annotation() for column in course_columns()})
        .order_by("pk", "half_days__number")
        .values(
            "pk",
            "status",
            "workplace__name",
            "workplace__organisation__name",
            "half_days__starts_at",
            "half_days__ends_at",
            *(column.name for column in course_columns()),
        )
    )
    facilitators = (
        FacilitatorAssignment.objects.filter(OneOf("course_id", "ids"), status__in=ACTIVE_ASSIGNMENT)
        .order_by("invited_at", "pk")
        .values("course_id", "status", "facilitator__user__full_name", "facilitator__user__email")
    )
    return {"lines": lines, "facilitators": facilitators}


def course_detail_get(course: Course) -> dict:
    """What the course page shows besides the course row itself. The half-days and assignments
    are prefetched onto ``course`` too, so what the page asks of it (``can_be_marked_delivered``,
    ``permissions.is_course_facilitator`` for its sections) reads them instead of a query each."""
    prefetch_related_objects(
        [course],
        Prefetch("half_days", queryset=HalfDay.objects.order_by("number").prefetch_related(_theme_links())),
        Prefetch(
            "assignments",
            queryset=FacilitatorAssignment.objects.select_related("facilitator__user").order_by("invited_at", "pk"),
        ),
    )
    return {"half_days": list(course.half_days.all()), "assignments": list(course.assignments.all())}


SUGGESTIONS = 10  # names a type-ahead field offers at once


def place_suggestions(kind: str, text: str) -> list[str]:
    """The names of organisations or workplaces (``kind``) that contain ``text``, for a
    type-ahead field: at most ``SUGGESTIONS``, each once, those that start with it first."""
    text = text.replace("\x00", "").strip()  # PostgreSQL refuses NUL in a query
    if len(text) < 2:
        return []
    if kind == "workplace-labels":
        return [str(workplace) for workplace in workplaces_matching(text)[:SUGGESTIONS]]
    model = {"organisations": Organisation, "workplaces": Workplace}[kind]
    names = (
        model.objects.filter(name__icontains=text)
        .annotate(starts=Q(name__istartswith=text))
        .order_by("-starts", "name")
        .values_list("name", flat=True)
        .distinct()
    )
    return list(names[:SUGGESTIONS])


def workplaces_matching(text: str) -> QuerySet[Workplace]:
    """Workplaces whose name, or label "Name (Organisation)", contains ``text``: those whose
    name starts with it first. The booking form's workplace field (``WorkplaceField``)."""
    label = Concat("name", Value(" ("), "organisation__name", Value(")"), output_field=CharField())
    return (
        Workplace.objects.select_related("organisation")
        .annotate(label=label)
        .filter(Q(name__icontains=text) | Q(label__icontains=text))
        .annotate(starts=Q(name__istartswith=text))
        .order_by("-starts", "name", "organisation__name", "pk")
    )


def workplaces_labelled(text: str) -> QuerySet[Workplace]:
    """Workplaces whose label "Name (Organisation)" is ``text``, whatever the case: as
    ``workplaces_matching(text).filter(label__iexact=text)`` finds them, but by name and
    organisation name, each ``text`` might be cut into, rather than by the label made for every
    workplace (the booking form's and find a date's workplace field resolve the label they
    suggested: 0.5 ms of SQL and as much again building the query, for one row)."""
    if not text.endswith(")"):
        return Workplace.objects.none()
    cuts = Q(pk__in=[])
    start = text.find(" (")
    while start != -1:
        cuts |= Q(name__iexact=text[:start], organisation__name__iexact=text[start + 2 : -1])
        start = text.find(" (", start + 1)
    return Workplace.objects.select_related("organisation").filter(cuts)


def _count_per_row(queryset: QuerySet, outer: str) -> Coalesce:
    """The rows of ``queryset`` (filtered by ``outer=OuterRef("pk")``) counted per row of a list
    as a correlated subquery, run for the rows of the page only: ``Count()`` over a join grouped
    every organisation or workplace with all its trainings before the page was cut (the
    workplace list's query took 19 ms at scale 1, its COUNT another 2)."""
    counted = queryset.filter(**{outer: OuterRef("pk")}).order_by().values(outer).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def organisation_list(*, search: str = "") -> QuerySet[Organisation]:
    queryset = Organisation.objects.annotate(
        workplace_count=_count_per_row(Workplace.objects.all(), "organisation"),
        course_count=_count_per_row(Course.objects.all(), "workplace__organisation"),
    ).order_by("name", "pk")
    if search:
        queryset = queryset.filter(name__icontains=search)
    return queryset


def workplace_list(
    *, search: str = "", organisation: Organisation | None = None, now: datetime | None = None
) -> QuerySet[Workplace]:
    """Workplaces with their ``course_count``; an organisation's also with ``history_counts``
    (a few workplaces: counted over the join)."""
    queryset = Workplace.objects.select_related("organisation").order_by("organisation__name", "name", "pk")
    if organisation is not None:
        return queryset.filter(organisation=organisation).annotate(
            course_count=Count("courses", distinct=True), **history_counts(now or timezone.now())
        )
    queryset = queryset.annotate(course_count=_count_per_row(Course.objects.all(), "workplace"))
    if search:
        queryset = queryset.filter(
            Q(name__icontains=search)
            | Q(organisation__name__icontains=search)
            | Q(manager_name__icontains=search)
            | Q(visiting_address__icontains=search)
        )
    return queryset


def active_facilitators() -> QuerySet[Facilitator]:
    return Facilitator.objects.filter(active=True).select_related("user").order_by("user__full_name", "pk")


def facilitator_list() -> QuerySet[Facilitator]:
    return Facilitator.objects.select_related("user").order_by("-active", "user__full_name", "pk")


def facilitator_choices() -> list[tuple[int, str]]:
    """(id, name) of the facilitators of a select (the course list's filter), in the order of
    ``facilitator_list``: read as values in one query, not as models through a server-side
    cursor (the select's ``ModelChoiceIterator``: three round trips and 20 models per page)."""
    rows = facilitator_list().values_list("pk", "user__full_name", "user__email")
    return [(pk, full_name or email) for pk, full_name, email in rows]  # a facilitator's name: User.__str__


DIRECTORY_HALF_DAYS = 6  # coming half-days the directory shows per facilitator


class UpcomingHalfDay(NamedTuple):
    """One of a facilitator's coming half-days, as the directory shows it."""

    course_id: int
    number: int
    starts_at: datetime
    workplace_name: str
    assignment_status: str  # hers: invited or accepted
    coming_count: int  # all her coming half-days

    @property
    def is_invited(self) -> bool:
        """She has not answered the invitation yet."""
        return self.assignment_status == AssignmentStatus.INVITED


def facilitator_upcoming_half_days(
    facilitators: Iterable[Facilitator], *, now: datetime | None = None, limit: int = DIRECTORY_HALF_DAYS
) -> dict[int, list[UpcomingHalfDay]]:
    """Facilitator id → their next ``limit`` coming half-days (invited or accepted, course not
    cancelled), in one query for the whole page: a busy facilitator's two years of bookings
    made the directory grow without end. Read as values: the page's 150 half-days as model
    objects took half as long again as the query. Compiled once per process, the page's
    facilitators bound (``dialogkurs.statements``): building the query with its windows took a
    quarter of the time PostgreSQL takes to answer it."""
    ids = tuple(facilitator.pk for facilitator in facilitators)
    if not ids:
        return {}

    def build() -> dict[str, QuerySet]:
        # One join to the assignments serves both the filter and the annotations, so each row
        # is one (half-day, facilitator) pair.
        half_days = (
            HalfDay.objects.filter(ends_at__gte=Moment())
            .exclude(course__status=CourseStatus.CANCELLED)
            .filter(
                OneOf("course__assignments__facilitator_id", "ids"),
                course__assignments__status__in=ACTIVE_ASSIGNMENT,
            )
            .annotate(
                facilitator_id=F("course__assignments__facilitator"),
                assignment_status=F("course__assignments__status"),
                workplace_name=F("course__workplace__name"),
                position=Window(RowNumber(), partition_by=[F("facilitator_id")], order_by=[F("starts_at"), F("pk")]),
                coming_count=Window(Count("pk"), partition_by=[F("facilitator_id")]),
            )
            .filter(position__lte=limit)
            .order_by("starts_at", "pk")
            .values("facilitator_id", *UpcomingHalfDay._fields)
        )
        return {"half_days": half_days}

    rows = compiled(("directory:upcoming", limit), build).run(now=now, ids=list(ids))["half_days"]
    upcoming: dict[int, list[UpcomingHalfDay]] = defaultdict(list)
    for row in rows:
        upcoming[row.pop("facilitator_id")].append(UpcomingHalfDay(**row))
    return upcoming


def facilitator_for(user: User) -> Facilitator | None:
    if not user.has_role(Role.FACILITATOR):
        return None
    return Facilitator.objects.filter(user=user).first()


def _last_ends_at() -> Subquery:
    # When the last half-day ends: the training is over after it. .order_by() as above.
    return Subquery(
        HalfDay.objects.filter(course=OuterRef("course"), number=HALF_DAYS_PER_COURSE).order_by().values("ends_at")[:1]
    )


@dataclass
class OwnAssignmentIds:
    """The facilitator's own page, as the ids of her assignments in each list's order
    (``facilitator_assignment_ids``): each list is cut into pages and only the rows shown are
    read (``facilitator_assignments_get``)."""

    invitations: list[int]  # open invitations, the soonest first
    accepted: list[int]  # accepted trainings not over (or without dates yet), the soonest first
    past: list[int]  # accepted trainings whose last half-day is over, the latest first


def facilitator_assignment_ids(facilitator: Facilitator, *, now: datetime | None = None) -> OwnAssignmentIds:
    """Her invitations, accepted trainings ahead and trainings given (cancelled trainings left
    out), in one query of ids for every assignment she holds: a few hundred short rows for ten
    years of trainings, where counting the trainings given and reading a page of them each
    joined and sorted them all once more.

    Whether a training is over is read from the stored start of half-day 2
    (``Course.second_starts_at``) where it is enough: a half-day lasts a few hours, so one that
    began over a day ago is over. When half-day 2 ends is asked (a subquery in a CASE, run for
    those rows only) for the open invitations, which are sorted by it, and the trainings of the
    last day or ahead."""
    now = now or timezone.now()
    day_ago = now - timedelta(days=1)

    def build() -> dict[str, QuerySet]:
        needs_end = (
            Q(status=AssignmentStatus.INVITED)
            | Q(course__second_starts_at__gte=Moment(-timedelta(days=1)))
            | Q(course__second_starts_at__isnull=True)
        )
        return {
            "assignments": FacilitatorAssignment.objects.filter(facilitator=facilitator.pk)
            .exclude(course__status=CourseStatus.CANCELLED)
            .filter(status__in=ACTIVE_ASSIGNMENT)
            .annotate(
                second_starts_at=F("course__second_starts_at"), last_ends_at=Case(When(needs_end, then=_last_ends_at()))
            )
            .order_by(F("second_starts_at").desc(nulls_last=True), "-pk")
            .values("pk", "status", "second_starts_at", "last_ends_at")
        }

    # Compiled once per process for her (``dialogkurs.statements``), the moment bound each time.
    rows = compiled(("own assignment ids", facilitator.pk), build).run(now=now)["assignments"]
    invitations, accepted, past = [], [], []
    for row in rows:
        pk, status, second_starts_at, last_ends_at = (
            row["pk"],
            row["status"],
            row["second_starts_at"],
            row["last_ends_at"],
        )
        if status == AssignmentStatus.INVITED:
            invitations.append((last_ends_at, pk))
            continue
        recent = second_starts_at is None or second_starts_at > day_ago
        if recent and (last_ends_at is None or last_ends_at >= now):
            accepted.append((last_ends_at, pk))
        elif (second_starts_at is not None and second_starts_at < day_ago) or (
            last_ends_at is not None and last_ends_at < now
        ):
            past.append(pk)  # in the query's order: the latest first

    def soonest_first(pairs: list[tuple[datetime | None, int]]) -> list[int]:
        # The trainings without dates after those with.
        return [pk for ends_at, pk in sorted(pairs, key=lambda pair: (pair[0] is None, pair[0] or now, pair[1]))]

    return OwnAssignmentIds(soonest_first(invitations), soonest_first(accepted), past)


class HalfDaySpan(NamedTuple):
    number: int
    starts_at: datetime
    ends_at: datetime


@dataclass
class OwnAssignment:
    """One of her assignments as her page shows it (``facilitator_assignments_get``), as plain
    values."""

    pk: int
    course_id: int
    course_status: str
    workplace_name: str
    organisation_name: str
    location: str  # ``Course.location_line``: the room and the workplace's visiting address
    travel_km: int | None
    travel_minutes: int | None
    half_days: list[HalfDaySpan]  # in order


def facilitator_assignments_get(ids: Iterable[int]) -> dict[int, OwnAssignment]:
    """The assignments ``ids`` by id, with what her page shows of each (the course, its
    workplace and organisation, its half-days), read as values in one statement compiled once
    per process (``dialogkurs.statements``): the model objects of a busy
    facilitator's page (each assignment with its course, workplace and organisation, and the
    course's half-days through a prefetch) took three times as long to build as the queries
    took to run, and building the two queries about as long as running them. The ids are bound
    (``OneOf``), so every page of every facilitator shares the one statement."""
    ids = tuple(sorted(set(ids)))
    if not ids:
        return {}

    def build() -> dict[str, QuerySet]:
        return {
            "assignments": FacilitatorAssignment.objects.filter(OneOf("pk", "ids"))
            .order_by()
            .values(
                "pk",
                "course_id",
                "travel_km",
                "travel_minutes",
                course_status=F("course__status"),
                workplace_name=F("course__workplace__name"),
                organisation_name=F("course__workplace__organisation__name"),
                location=F("course__location"),
                visiting_address=F("course__workplace__visiting_address"),
            ),
            # Each half-day once (distinct), however many of the ids are assignments to its
            # training: joined (2.2 ms at scale), not a semi-join (3.3 ms, every half-day read).
            "half_days": HalfDay.objects.filter(OneOf("course__assignments__id", "ids"))
            .distinct()
            .order_by("course_id", "number")
            .values("course_id", "number", "starts_at", "ends_at"),
        }

    rows = compiled("own assignments", build).run(ids=list(ids))
    half_days = defaultdict(list)
    for row in rows["half_days"]:
        half_days[row["course_id"]].append(HalfDaySpan(row["number"], row["starts_at"], row["ends_at"]))
    return {
        row["pk"]: OwnAssignment(
            row["pk"],
            row["course_id"],
            row["course_status"],
            row["workplace_name"],
            row["organisation_name"],
            Course.location_line(row["location"], row["visiting_address"]),
            row["travel_km"],
            row["travel_minutes"],
            half_days[row["course_id"]],
        )
        for row in rows["assignments"]
    }


def coming_half_days(accepted: Iterable[OwnAssignment], *, now: datetime) -> list[tuple[HalfDaySpan, OwnAssignment]]:
    """The half-days of the ``accepted`` trainings that have not ended, each with its
    assignment, in time order."""
    return sorted(
        (
            (half_day, assignment)
            for assignment in accepted
            for half_day in assignment.half_days
            if half_day.ends_at >= now
        ),
        key=lambda pair: pair[0].starts_at,
    )


def coordinators() -> QuerySet[User]:
    return User.objects.filter(groups__name=Role.COORDINATOR, is_active=True).order_by("full_name", "email")


def users_without_facilitator_profile() -> QuerySet[User]:
    return User.objects.filter(facilitator__isnull=True, is_active=True).order_by("full_name", "email")


def _theme_links() -> Prefetch:
    return Prefetch("theme_links", queryset=HalfDayTheme.objects.select_related("theme").order_by("theme__number"))


def course_calendar_half_days(course: Course) -> list[HalfDay]:
    return list(
        course.half_days.select_related("course__workplace__organisation")
        .prefetch_related(_theme_links())
        .order_by("number")
    )


def _feed_half_days(facilitator: Facilitator, *, start: datetime, end: datetime) -> QuerySet[HalfDay]:
    return HalfDay.objects.filter(
        course__assignments__facilitator=facilitator,
        course__assignments__status__in=ACTIVE_ASSIGNMENT,
        starts_at__gte=start,
        starts_at__lt=end,
    ).annotate(assignment_status=F("course__assignments__status"))


def facilitator_feed_half_days(facilitator: Facilitator, *, start: datetime, end: datetime) -> list[HalfDay]:
    """The half-days between ``start`` and ``end`` of the facilitator's invited or accepted
    trainings, each carrying ``assignment_status``. Cancelled trainings stay in (their entries
    say CANCELLED): a feed that dropped them would leave some calendar programs showing the old
    entry."""
    return list(
        _feed_half_days(facilitator, start=start, end=end)
        .select_related("course__workplace__organisation")
        .prefetch_related(_theme_links())
        .order_by("starts_at", "pk")
    )


# Every column the feed's entries are made of (``calendar.half_day_event``), from the half-day
# to its organisation, and the themes of each half-day.
_FEED_COLUMNS = (
    "pk",
    "number",
    "starts_at",
    "ends_at",
    "sequence",
    "assignment_status",
    "course_id",
    "course__status",
    "course__location",
    "course__updated_at",
    "course__workplace_id",
    "course__workplace__name",
    "course__workplace__visiting_address",
    "course__workplace__organisation__name",
)
_FEED_THEME_COLUMNS = ("half_day_id", "theme_id", "theme__number", "theme__name_en", "theme__name_sv", "theme__name_nb")


def facilitator_feed_content(facilitator: Facilitator, *, start: datetime, end: datetime) -> tuple[list, list]:
    """What the facilitator's feed between ``start`` and ``end`` is made of, as plain rows (two
    queries, no model built): every column an entry shows, for each half-day in the window and
    each of their themes. Equal rows make an equal feed, so the rendered feed can be kept under
    a digest of them (``calendar.feed_cache_key``): a half-day moved, a training cancelled or
    renamed, an invitation accepted or declined, a workplace or theme renamed all change them,
    and so does a half-day entering or leaving the window."""
    rows = list(
        _feed_half_days(facilitator, start=start, end=end).order_by("starts_at", "pk").values_list(*_FEED_COLUMNS)
    )
    themes = list(
        HalfDayTheme.objects.filter(half_day__in=[row[0] for row in rows])
        .order_by("half_day_id", "theme__number")
        .values_list(*_FEED_THEME_COLUMNS)
    )
    return rows, themes


def unavailability_list(facilitator: Facilitator) -> list[Unavailability]:
    """Her unavailable dates that still matter (past ones drop off the list): recurring
    weekdays first, then by date."""
    today = timezone.localdate()
    return list(
        facilitator.unavailabilities.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today)).order_by(
            F("weekday").asc(nulls_last=True), "starts_on", "pk"
        )
    )


# How long a facilitator may leave an invitation before the coordinator is told.
INVITATION_UNANSWERED_AFTER = timedelta(days=3)


def invitations_unanswered(*, now: datetime | Moment) -> QuerySet[FacilitatorAssignment]:
    """Facilitator invitations unanswered for more than ``INVITATION_UNANSWERED_AFTER`` to
    trainings still open for changes, the oldest first (``now`` a datetime, or a ``Moment`` of a
    compiled statement)."""
    return FacilitatorAssignment.objects.filter(
        status=AssignmentStatus.INVITED,
        invited_at__lte=now - INVITATION_UNANSWERED_AFTER,
        course__status__in=Course.OPEN_FOR_CHANGES,
    ).order_by("invited_at", "pk")


def drafts_without_dates() -> QuerySet[Course]:
    """Draft trainings with no half-day planned yet, the oldest first."""
    return (
        Course.objects.filter(status=CourseStatus.DRAFT)
        .exclude(Exists(HalfDay.objects.filter(course=OuterRef("pk"))))
        .order_by("created_at", "pk")
    )
