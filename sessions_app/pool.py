"""The facilitator pool: who is free, *find a pair* and *find a date* (reads only).

Free on a half-day means: active, no invited or accepted assignment on another training (not
cancelled) whose half-day overlaps it, and not unavailable on its date (single days, ranges,
recurring weekdays). The ranking is stated in ``RANKING_RULES`` and shown to the coordinator
as it is computed: nothing is hidden in a weight she cannot read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import combinations
from zoneinfo import ZoneInfo

from django.db.models import Count, DateField, DateTimeField, Exists, F, IntegerField, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from dialogkurs.statements import OneOf, Param, compiled, prepared
from dialogkurs.workdays import is_working_day

from .models import (
    MAX_TOTAL_DURATION,
    AssignmentStatus,
    Country,
    Course,
    CourseStatus,
    Facilitator,
    FacilitatorAssignment,
    HalfDay,
    LivedExperience,
    Unavailability,
    Workplace,
)
from .services import ACTIVE_ASSIGNMENT

LANGUAGE_POINTS = 2  # speaks the workplace's language
HOME_AREA_POINTS = 1  # lives in the workplace's municipality
WORKLOAD_DAYS = 365  # "the last 12 months" of the fair-workload count
# Half-day 2 of a proposed date comes one to three weeks after half-day 1.
DATE_GAP_DAYS = range(7, 22)
PAIRS_SHOWN = 10
DATES_SHOWN = 5

RANKING_RULES = [
    gettext_lazy("Pairs whose perspectives complement each other (one own experience, one as a relative) come first."),
    gettext_lazy(
        "Then the most points: 2 for each who speaks the workplace's language, 1 for each who lives in the "
        "municipality named in the workplace's address."
    ),
    gettext_lazy("Then the fewest half-days led in the last 12 months, so the work is shared fairly."),
]


def workplace_language(workplace: Workplace) -> str:
    """The language a training is held in: Swedish in Sweden, Norwegian in Norway."""
    return Country(workplace.organisation.country).language


def lives_near(facilitator: Facilitator, workplace: Workplace) -> bool:
    """Her home municipality is named in the workplace's address or its organisation's name."""
    home = facilitator.home_area.strip().casefold()
    return bool(home) and home in f"{workplace.visiting_address} {workplace.organisation.name}".casefold()


def unavailable_on(day: date | Param, weekday: int | Param | None = None) -> Q:
    """Unavailability rows that cover ``day`` (for ``Exists`` and ``filter``); in a prepared
    statement ``day`` and its ``weekday`` are ``Param``s."""
    weekday = day.weekday() if weekday is None else weekday
    within = (Q(starts_on__isnull=True) | Q(starts_on__lte=day)) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))
    return within & (Q(weekday__isnull=True) | Q(weekday=weekday))


def _overlapping(intervals: Iterable[tuple[datetime, datetime]]) -> Q:
    overlap = Q(pk__in=[])
    for starts_at, ends_at in intervals:
        # The lower bound of starts_at follows from the others (a half-day never lasts longer
        # than a whole training) and makes the overlap a narrow range of the starts_at index:
        # "ends after the interval's start" alone read every half-day booked after it (2,500
        # index rows and 3-5 ms at scale 1 for the two of a training, 0.1 ms this way).
        overlap |= Q(starts_at__lt=ends_at, ends_at__gt=starts_at, starts_at__gt=starts_at - MAX_TOTAL_DURATION)
    return overlap


def half_days_led(facilitator_ids: Iterable[int], *, since: datetime, until: datetime) -> dict[int, int]:
    """Facilitator id → half-days of her accepted trainings (not cancelled) that began in
    [since, until): one grouped query over her assignments and their trainings, each
    training's half-days counted from the starts it keeps of them (``Course.first_starts_at``
    and ``second_starts_at``, indexed): joining the half-days of the period to the assignments
    through every training took twice as long."""
    ids = list(facilitator_ids)
    if not ids:
        return {}
    rows = compiled("sessions_app:half_days_led", _half_days_led).run(ids=ids, since=since, until=until)["led"]
    return {row["facilitator"]: row["n"] for row in rows}


def _half_days_led() -> dict[str, QuerySet]:
    """``half_days_led``'s statement, compiled once per process: the ids, since and until bound."""
    since, until = Param("since", DateTimeField()), Param("until", DateTimeField())
    first = Q(course__first_starts_at__gte=since, course__first_starts_at__lt=until)
    second = Q(course__second_starts_at__gte=since, course__second_starts_at__lt=until)
    led = (
        FacilitatorAssignment.objects.filter(
            first | second, OneOf("facilitator_id", "ids"), status=AssignmentStatus.ACCEPTED
        )
        .exclude(course__status=CourseStatus.CANCELLED)
        .order_by()
        .values("facilitator")
        .annotate(n=Count("pk", filter=first) + Count("pk", filter=second))
    )
    return {"led": led}


def free_facilitators(
    intervals: Sequence[tuple[datetime, datetime]], *, time_zone: str, exclude_course: Course | None = None
) -> list[Facilitator]:
    """Active facilitators free for every interval, each with ``half_days_last_year``; three
    queries, however many intervals and facilitators there are.

    The trainings that clash are found once from the half-days that overlap the intervals (their
    ``starts_at`` index) rather than per facilitator through all her assignments, which grew with
    every year of bookings. Their ids are fetched first: inside one query PostgreSQL guessed
    thousands of overlapping half-days for the two there are and read every assignment."""
    tz = ZoneInfo(time_zone)
    clashing = HalfDay.objects.filter(_overlapping(intervals)).exclude(course__status=CourseStatus.CANCELLED)
    taken = set(clashing.order_by().values_list("course_id", flat=True))
    # Busy elsewhere, or already on this training: one subquery for both.
    if exclude_course is not None:
        taken.add(exclude_course.pk)
    days = sorted({starts_at.astimezone(tz).date() for starts_at, _ends in intervals})
    # Compiled once per process and number of days (dialogkurs.statements): the trainings taken
    # and each day with its weekday bound.
    values = {"taken": sorted(taken)}
    for n, day in enumerate(days):
        values |= {f"day{n}": day, f"weekday{n}": day.weekday()}
    free = prepared(("sessions_app:free_facilitators", len(days)), lambda: _free(len(days))).fetch(**values)
    now = timezone.now()
    led = half_days_led((f.pk for f in free), since=now - timedelta(days=WORKLOAD_DAYS), until=now)
    for facilitator in free:
        facilitator.half_days_last_year = led.get(facilitator.pk, 0)
    return free


def _free(days: int) -> QuerySet[Facilitator]:
    """``free_facilitators``' statement for ``days`` days."""
    busy = FacilitatorAssignment.objects.filter(OneOf("course_id", "taken"), status__in=ACTIVE_ASSIGNMENT).values(
        "facilitator"
    )
    away = Q(pk__in=[])
    for n in range(days):
        away |= unavailable_on(Param(f"day{n}", DateField()), Param(f"weekday{n}", IntegerField()))
    return (
        Facilitator.objects.filter(active=True)
        .exclude(pk__in=busy)
        .filter(~Exists(Unavailability.objects.filter(away, facilitator=OuterRef("pk"))))
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


@dataclass
class Candidate:
    """One free facilitator and the points she brings, each with its reason in words, and her
    lived experience in words ("" when not shared)."""

    facilitator: Facilitator
    half_days_last_year: int
    reasons: list[tuple[str, int]] = field(default_factory=list)
    lived_experience: str = ""

    @property
    def points(self) -> int:
        return sum(points for _reason, points in self.reasons)


@dataclass
class PairSuggestion:
    first: Candidate
    second: Candidate
    complementary: bool

    @property
    def members(self) -> tuple[Candidate, Candidate]:
        return (self.first, self.second)

    @property
    def points(self) -> int:
        return self.first.points + self.second.points

    @property
    def half_days_last_year(self) -> int:
        return self.first.half_days_last_year + self.second.half_days_last_year

    def sort_key(self) -> tuple:
        return (
            not self.complementary,
            -self.points,
            self.half_days_last_year,
            max(self.first.half_days_last_year, self.second.half_days_last_year),
            self.first.facilitator.pk,
            self.second.facilitator.pk,
        )


def complement(first: Facilitator, second: Facilitator) -> bool:
    """One brings her own experience and the other that of a relative (either way round)."""
    own, relative = LivedExperience.OWN, LivedExperience.RELATIVE
    a, b = first.perspectives, second.perspectives
    return (own in a and relative in b) or (relative in a and own in b)


def candidate_for(facilitator: Facilitator, workplace: Workplace, *, experiences: dict | None = None) -> Candidate:
    """``experiences``: the labels of ``LivedExperience``, translated once for a list of
    candidates rather than once per row (``get_lived_experience_display``)."""
    experiences = dict(LivedExperience.choices) if experiences is None else experiences
    candidate = Candidate(facilitator, facilitator.half_days_last_year)
    candidate.lived_experience = str(experiences.get(facilitator.lived_experience, ""))
    language = workplace_language(workplace)
    if language in facilitator.languages:
        names = {"sv": pgettext("in a sentence", "Swedish"), "nb": pgettext("in a sentence", "Norwegian")}
        language_name = names.get(language, language)
        candidate.reasons.append((_("speaks %(language)s") % {"language": language_name}, LANGUAGE_POINTS))
    if lives_near(facilitator, workplace):
        candidate.reasons.append((_("lives in %(area)s") % {"area": facilitator.home_area}, HOME_AREA_POINTS))
    return candidate


def rank_pairs(candidates: Sequence[Candidate], *, limit: int = PAIRS_SHOWN) -> list[PairSuggestion]:
    """Every pair of free candidates, ranked by ``RANKING_RULES``; the first ``limit``."""
    pairs = [PairSuggestion(a, b, complement(a.facilitator, b.facilitator)) for a, b in combinations(candidates, 2)]
    return sorted(pairs, key=PairSuggestion.sort_key)[:limit]


def course_pair_finder(course: Course) -> dict:
    """What *find a pair* shows for a course with dates: the free candidates (most points,
    then fewest half-days first) and the best pairs; and how many facilitators are on it
    already (``live_count``: only how many, the page names none of them)."""
    workplace = course.workplace

    def build() -> dict[str, QuerySet]:
        return {
            "half_days": HalfDay.objects.filter(course=course.pk).order_by("number").values("starts_at", "ends_at"),
            "live": FacilitatorAssignment.objects.filter(course=course.pk, status__in=ACTIVE_ASSIGNMENT)
            .order_by()
            .values("pk"),
        }

    # Its half-days and its facilitators in one statement, compiled once per process for the
    # course (``dialogkurs.statements``).
    rows = compiled(("find a pair", course.pk), build).run()
    intervals = [(half_day["starts_at"], half_day["ends_at"]) for half_day in rows["half_days"]]
    live_count = len(rows["live"])
    if not intervals:
        return {"intervals": [], "candidates": [], "pairs": [], "live_count": live_count}
    free = free_facilitators(intervals, time_zone=workplace.time_zone, exclude_course=course)
    experiences = {value: str(label) for value, label in LivedExperience.choices}
    candidates = [candidate_for(facilitator, workplace, experiences=experiences) for facilitator in free]
    candidates.sort(key=lambda c: (-c.points, c.half_days_last_year, c.facilitator.user.full_name, c.facilitator.pk))
    return {"intervals": intervals, "candidates": candidates, "pairs": rank_pairs(candidates), "live_count": live_count}


# --- Find a date ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateProposal:
    first: date
    second: date
    starts: time
    ends: time


def _taken_by_day(
    facilitators: Sequence[Facilitator],
    first: date,
    last: date,
    *,
    starts: time,
    ends: time,
    tz: ZoneInfo,
    exclude_course: Course | None,
) -> dict[date, set[int]]:
    """Day → ids of the facilitators who cannot lead from ``starts`` to ``ends`` that day (a
    live half-day that overlaps it, or unavailable), for the days from ``first`` to ``last``.
    One statement; each row is looked at once, so the search costs the rows of the period and
    not the days times the facilitators times their bookings."""
    start = datetime.combine(first, time.min, tz)
    end = datetime.combine(last + timedelta(days=1), time.min, tz)
    # Both reads in one statement compiled once per process (dialogkurs.statements).
    found = compiled("sessions_app:taken_by_day", _taken_by_day_statement).run(
        ids=[f.pk for f in facilitators],
        start=start,
        end=end,
        # Implied by the others (a half-day lasts a few hours, MAX_TOTAL_DURATION), but with
        # both bounds on starts_at the planner sees how few rows the period has, and reads
        # their assignments by index instead of scanning every assignment ever.
        since=start - timedelta(days=1),
        first=first,
        last=last,
    )
    rows = [(r["facilitator"], r["starts_at"], r["ends_at"], r["course_id"]) for r in found["half_days"]]
    taken: dict[date, set[int]] = defaultdict(set)
    slots: dict[date, tuple[datetime, datetime]] = {}  # day → its slot, made once per day
    clashes: dict[tuple[datetime, datetime], list[date]] = {}  # a half-day → the days it takes

    def slot(day: date) -> tuple[datetime, datetime]:
        if day not in slots:
            # In UTC, as the half-days are read: compared without a conversion each time.
            slots[day] = tuple(datetime.combine(day, moment, tz).astimezone(UTC) for moment in (starts, ends))
        return slots[day]

    def days_taken(starts_at: datetime, ends_at: datetime) -> list[date]:
        # The days whose slot the half-day may overlap (a half-day may run past midnight).
        day = max(starts_at.astimezone(tz).date(), first)
        until = min(ends_at.astimezone(tz).date(), last)
        days = []
        while day <= until:
            slot_starts, slot_ends = slot(day)
            if starts_at < slot_ends and ends_at > slot_starts:
                days.append(day)
            day += timedelta(days=1)
        return days

    for facilitator_id, starts_at, ends_at, course_id in rows:
        if exclude_course is not None and course_id == exclude_course.pk:
            continue
        # Each half-day once, however many of its facilitators are in the pool.
        key = (starts_at, ends_at)
        if key not in clashes:
            clashes[key] = days_taken(starts_at, ends_at)
        for day in clashes[key]:
            taken[day].add(facilitator_id)
    for values in found["unavailable"]:
        entry = Unavailability(**values)  # for its rule (covers), not saved
        day = max(entry.starts_on or first, first)
        while day <= min(entry.ends_on or last, last):
            if entry.covers(day):
                taken[day].add(entry.facilitator_id)
            day += timedelta(days=1)
    return taken


def _taken_by_day_statement() -> dict[str, QuerySet]:
    """``_taken_by_day``'s statement: the live half-days of the facilitators bound as ``ids``
    that overlap [start, end), and their unavailability between ``first`` and ``last``."""
    first, last = Param("first", DateField()), Param("last", DateField())
    return {
        "half_days": HalfDay.objects.filter(
            OneOf("course__assignments__facilitator_id", "ids"),
            course__assignments__status__in=ACTIVE_ASSIGNMENT,
            starts_at__lt=Param("end", DateTimeField()),
            ends_at__gt=Param("start", DateTimeField()),
            starts_at__gt=Param("since", DateTimeField()),
        )
        .exclude(course__status=CourseStatus.CANCELLED)
        .order_by()
        .values("starts_at", "ends_at", "course_id", facilitator=F("course__assignments__facilitator")),
        "unavailable": Unavailability.objects.filter(OneOf("facilitator_id", "ids"))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first), Q(starts_on__isnull=True) | Q(starts_on__lte=last))
        .order_by()
        .values("facilitator_id", "starts_on", "ends_on", "weekday"),
    }


def find_dates(
    *,
    workplace: Workplace,
    facilitators: Sequence[Facilitator] = (),
    period_start: date,
    period_end: date,
    starts: time = time(9, 0),
    ends: time = time(13, 0),
    exclude_course: Course | None = None,
    limit: int = DATES_SHOWN,
    active: Sequence[Facilitator] | None = None,
) -> list[DateProposal]:
    """The first dates in the period where both half-days fit: working days of the workplace's
    country (``dialogkurs.workdays``), half-day 2 one to three weeks after half-day 1
    (``DATE_GAP_DAYS``), both in the period and in the future, and the chosen pair free on both
    (no overlap, not unavailable). With no pair chosen, any two active facilitators free on both.
    One proposal per first date, earliest first. ``active``: the active facilitators, when the
    caller has read them already (the search form lists them)."""
    country = workplace.organisation.country
    tz = ZoneInfo(workplace.time_zone)
    first_day = max(period_start, timezone.localdate() + timedelta(days=1))
    if first_day > period_end:
        return []
    if active is None:
        active = Facilitator.objects.filter(active=True).order_by("pk")
    pool = list(facilitators) or list(active)
    if any(not f.active for f in pool):
        return []
    needed = 2 if not facilitators else len(pool)
    taken = _taken_by_day(pool, first_day, period_end, starts=starts, ends=ends, tz=tz, exclude_course=exclude_course)
    everyone = {f.pk for f in pool}
    free_cache: dict[date, set[int]] = {}

    def free_ids(day: date) -> set[int]:
        if day not in free_cache:
            free_cache[day] = everyone - taken.get(day, set())
        return free_cache[day]

    proposals: list[DateProposal] = []
    day = first_day
    while day <= period_end and len(proposals) < limit:
        if is_working_day(day, country) and len(free_ids(day)) >= needed:
            for gap in DATE_GAP_DAYS:
                second = day + timedelta(days=gap)
                if second > period_end:
                    break
                if is_working_day(second, country) and len(free_ids(day) & free_ids(second)) >= needed:
                    proposals.append(DateProposal(day, second, starts, ends))
                    break
        day += timedelta(days=1)
    return proposals
