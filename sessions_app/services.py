"""Every write that matters for dialogue trainings: one function per state change.

Lock order, wherever more than one row is locked: the course first, then facilitators by id.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_set_roles
from audit.log import audit_record, audit_snapshot
from dialogkurs.statements import Moment, Param, compiled, prepared
from dialogkurs.workdays import is_working_day
from reminders.planning import replan

from . import planners, signals
from .models import (
    DEFAULT_THEME_PLAN,
    HALF_DAYS_PER_COURSE,
    IDEA_WORKSHOP,
    MAX_TOTAL_DURATION,
    MIN_TOTAL_DURATION,
    RECOMMENDED_DAYS_BETWEEN_HALF_DAYS,
    AssignmentStatus,
    Course,
    CourseStatus,
    Facilitator,
    FacilitatorAssignment,
    HalfDay,
    HalfDayTheme,
    Organisation,
    Theme,
    Unavailability,
    Workplace,
)


def _replan_course(course: Course) -> None:
    """Re-plan the course's messages, and tell the apps above (``signals.course_changed``) so
    theirs move and stop with the course too, in the same transaction."""
    replan(course)
    signals.course_changed.send(sender=Course, course=course)


ACTIVE_ASSIGNMENT = (AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED)


@dataclass(frozen=True)
class HalfDayPlan:
    starts_at: datetime
    ends_at: datetime


# --- Organisations and workplaces --------------------------------------------------------------


def organisation_create(*, name: str, country: str) -> Organisation:
    organisation = Organisation(name=name.strip(), country=country)
    organisation.full_clean()
    organisation.save()
    audit_record(organisation, "create", fields=["name", "country"])
    return organisation


def organisation_update(organisation: Organisation, **fields) -> Organisation:
    if "name" in fields:
        fields["name"] = fields["name"].strip()
    before = audit_snapshot(organisation, fields)
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save(update_fields=list(fields))
    audit_record(organisation, "update", before=before)
    return organisation


def workplace_create(*, organisation: Organisation, name: str, **fields) -> Workplace:
    workplace = Workplace(organisation=organisation, name=name.strip(), **fields)
    workplace.full_clean()
    workplace.save()
    audit_record(workplace, "create", fields=["organisation", "name", *fields])
    return workplace


def workplace_update(workplace: Workplace, **fields) -> Workplace:
    before = audit_snapshot(workplace, fields)
    for name, value in fields.items():
        setattr(workplace, name, value)
    workplace.full_clean()
    workplace.save(update_fields=list(fields))
    audit_record(workplace, "update", before=before)
    return workplace


# --- Facilitators ------------------------------------------------------------------------------


@transaction.atomic
def facilitator_create(
    *,
    user: User,
    lived_experience: str = "",
    lived_experience_consent: bool = False,
    recorded_by: User | None = None,
    languages: Sequence[str] = (),
    home_area: str = "",
) -> Facilitator:
    """Side effects: the user gains the Facilitator role. A lived experience is kept only with
    the facilitator's consent (``facilitator_set_lived_experience``)."""
    facilitator = Facilitator(user=user, languages=list(languages), home_area=home_area.strip())
    facilitator.full_clean()
    facilitator.save()
    audit_record(facilitator, "create", fields=["user", "languages", "home_area"])
    if lived_experience:
        facilitator_set_lived_experience(
            facilitator, lived_experience, consent=lived_experience_consent, by=recorded_by or user
        )
    user_set_roles(user, {*user.roles, Role.FACILITATOR})
    return facilitator


FACILITATOR_EDITABLE = ("languages", "home_area", "presentation", "travel_km", "active")


def facilitator_update(facilitator: Facilitator, **fields) -> Facilitator:
    """Change what a facilitator's profile says about her work: ``FACILITATOR_EDITABLE``.
    The lived experience is health-related and changes only through
    ``facilitator_set_lived_experience``, with consent. An inactive (resting) facilitator is
    offered for no new training; ``facilitator_future_assignments`` lists what to re-plan."""
    unknown = set(fields) - set(FACILITATOR_EDITABLE)
    if unknown:
        raise ValueError(f"facilitator_update cannot change {sorted(unknown)}")
    before = audit_snapshot(facilitator, fields)
    for name, value in fields.items():
        if name == "languages":
            value = list(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(facilitator, name, value)
    facilitator.full_clean()
    facilitator.save(update_fields=list(fields))
    audit_record(facilitator, "update", before=before)
    return facilitator


def facilitator_set_lived_experience(facilitator: Facilitator, value: str, *, consent: bool, by: User) -> Facilitator:
    """Keep (or clear) the facilitator's lived experience. It is health-related (DESIGN §8):
    kept only with her consent, recorded as when and by whom (herself, or the coordinator she
    gave it to). Clearing it clears the consent too; an unchanged value keeps its record.

    Side effects: ``lived_experience_consent_at``/``_by`` are written."""
    if value and not consent:
        raise ValidationError(
            {"lived_experience_consent": _("The lived experience is kept only with the facilitator's consent.")},
            code="no_consent",
        )
    if value == facilitator.lived_experience and (value == "" or facilitator.lived_experience_consent_at):
        return facilitator
    before = audit_snapshot(facilitator, ["lived_experience", "lived_experience_consent_at"])
    facilitator.lived_experience = value
    facilitator.lived_experience_consent_at = timezone.now() if value else None
    facilitator.lived_experience_consent_by = by if value else None
    facilitator.full_clean()
    facilitator.save(update_fields=["lived_experience", "lived_experience_consent_at", "lived_experience_consent_by"])
    audit_record(facilitator, "update", before=before)
    return facilitator


@transaction.atomic
def facilitator_save_profile(
    facilitator: Facilitator, *, by: User, lived_experience: str, lived_experience_consent: bool, **fields
) -> Facilitator:
    """Save her profile page in one step: the work fields (``facilitator_update``) and the
    lived experience with its consent (``facilitator_set_lived_experience``), both or neither."""
    facilitator = Facilitator.objects.select_for_update().get(pk=facilitator.pk)
    facilitator_set_lived_experience(facilitator, lived_experience, consent=lived_experience_consent, by=by)
    return facilitator_update(facilitator, **fields)


class FutureAssignment(NamedTuple):
    """One of her coming assignments, as her page lists it (``facilitator_future_assignments``)."""

    pk: int
    course_id: int
    status: str  # the assignment's: invited or accepted
    workplace_name: str


def facilitator_future_assignments(facilitator: Facilitator) -> list[FutureAssignment]:
    """Her invited or accepted trainings that are not over and not cancelled, the earliest
    invited first: what a coordinator re-plans when she rests or is deactivated. Read as values
    (what her page lists of each): a busy facilitator has dozens."""

    # EXISTS rather than a join to the half-days: the join made a row per half-day, and the
    # DISTINCT that undid it sorted every column of every row. A training without half-days
    # yet is told by its stored start (``Course.first_starts_at``, empty until it has a
    # schedule): NOT EXISTS over the half-days read all of them, every half-day ever held.
    def build() -> dict[str, QuerySet]:
        not_over = HalfDay.objects.filter(course=OuterRef("course_id"), ends_at__gte=Moment()).order_by()
        return {
            "assignments": FacilitatorAssignment.objects.filter(
                facilitator=facilitator.pk, status__in=ACTIVE_ASSIGNMENT, course__status__in=Course.OPEN_FOR_CHANGES
            )
            .filter(Exists(not_over) | Q(course__first_starts_at__isnull=True))
            .order_by("invited_at", "pk")
            .values("pk", "course_id", "status", workplace_name=F("course__workplace__name"))
        }

    # Compiled once per process for her (``dialogkurs.statements``), the moment bound each time.
    rows = compiled(("future assignments", facilitator.pk), build).run()["assignments"]
    return [FutureAssignment(**row) for row in rows]


def facilitator_deactivate(facilitator: Facilitator) -> list[FutureAssignment]:
    """Set her to resting (no new invitations) and return her future assignments, which the
    coordinator then re-plans one by one (nothing is declined for her)."""
    facilitator_update(facilitator, active=False)
    return facilitator_future_assignments(facilitator)


def unavailability_add(
    facilitator: Facilitator,
    *,
    starts_on: date | None = None,
    ends_on: date | None = None,
    weekday: int | None = None,
    note: str = "",
) -> Unavailability:
    """Mark days she cannot work: one day (``starts_on`` alone), a range, or a weekday that
    recurs (optionally only between the two dates). Invitations already made stay: the
    coordinator sees them on her profile."""
    if weekday is None and starts_on is not None and ends_on is None:
        ends_on = starts_on
    if weekday is None and starts_on is None:
        raise ValidationError({"starts_on": _("Give a date, or a weekday that recurs.")}, code="empty")
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The last day comes before the first.")}, code="order")
    entry = Unavailability(
        facilitator=facilitator, starts_on=starts_on, ends_on=ends_on, weekday=weekday, note=note.strip()
    )
    entry.full_clean()
    entry.save()
    audit_record(entry, "create", fields=["starts_on", "ends_on", "weekday"], scope=facilitator)
    return entry


@transaction.atomic
def unavailability_remove(entry: Unavailability) -> None:
    audit_record(entry, "delete", scope=entry.facilitator)
    entry.delete()


def facilitator_renew_ical_token(facilitator: Facilitator) -> Facilitator:
    """Revokes the old private calendar feed URL by issuing a new token."""
    from .models import new_token

    facilitator.ical_token = new_token()
    facilitator.save(update_fields=["ical_token"])
    audit_record(facilitator, "renew_calendar_link")
    return facilitator


# --- Schedule rules (pure) ---------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleProblem:
    """A broken scheduling rule and the input it is about, named as the schedule forms name
    their fields (``date_2``, ``end_1``, ``theme_4``…); ``""`` means the schedule as a whole."""

    message: str
    field: str = ""


def schedule_problem_list(
    half_days: Sequence[HalfDayPlan],
    theme_plan: dict[int, int],
    *,
    current: Sequence[HalfDayPlan] = (),
    now: datetime | None = None,
) -> list[ScheduleProblem]:
    """Every broken scheduling rule of DESIGN §2.1, each with the input it is about.

    With ``now``, the schedule is about to be saved over ``current`` (the course's saved
    half-days, none for a new training): a half-day that is new or moved must start after
    ``now``. A half-day left where it is may lie in the past, so a training between or after its
    half-days keeps its other inputs (and its attendance) editable."""
    problems: list[ScheduleProblem] = []
    if len(half_days) != HALF_DAYS_PER_COURSE:
        return [ScheduleProblem(_("A dialogue training has exactly two half-days."))]
    first, second = half_days
    for number, half_day in enumerate(half_days, start=1):
        if half_day.ends_at <= half_day.starts_at:
            problems.append(
                ScheduleProblem(
                    _("Half-day %(number)s must end after it starts.") % {"number": number}, f"end_{number}"
                )
            )
    if problems:
        return problems
    if now is not None:
        for number, half_day in enumerate(half_days, start=1):
            unchanged = number <= len(current) and current[number - 1] == half_day
            if not unchanged and half_day.starts_at <= now:
                problems.append(
                    ScheduleProblem(
                        _(
                            "Half-day %(number)s has already begun or passed: a new or moved half-day must be in the future."
                        )
                        % {"number": number},
                        f"date_{number}",
                    )
                )
    # Rules about both half-days belong to neither input: they are shown above the schedule
    # (field ""), each naming both half-days, so the reader can see which one to change.
    if first.ends_at > second.starts_at:
        problems.append(ScheduleProblem(_("Half-day 1 must come before half-day 2.")))
    if timezone.localdate(first.starts_at) == timezone.localdate(second.starts_at):
        problems.append(
            ScheduleProblem(
                _("Half-day 1 and half-day 2 must be on different dates; both are on %(date)s.")
                % {"date": date_format(timezone.localdate(first.starts_at), "SHORT_DATE_FORMAT")}
            )
        )
    days_between = (timezone.localdate(second.starts_at) - timezone.localdate(first.starts_at)).days
    if days_between > settings.MAX_DAYS_BETWEEN_HALF_DAYS:
        problems.append(
            ScheduleProblem(
                _(
                    "Half-day 2 must be at most %(max)s days after half-day 1; "
                    "half-day 1 is on %(first)s and half-day 2 %(days)s days later, on %(second)s."
                )
                % {
                    "max": settings.MAX_DAYS_BETWEEN_HALF_DAYS,
                    "days": days_between,
                    "first": date_format(timezone.localdate(first.starts_at), "SHORT_DATE_FORMAT"),
                    "second": date_format(timezone.localdate(second.starts_at), "SHORT_DATE_FORMAT"),
                }
            )
        )
    total = first.ends_at - first.starts_at + second.ends_at - second.starts_at
    if not MIN_TOTAL_DURATION <= total <= MAX_TOTAL_DURATION:
        problems.append(
            ScheduleProblem(
                _(
                    "The two half-days must last 7.5 to 8.5 hours in all; half-day 1 lasts %(first)s hours "
                    "and half-day 2 %(second)s hours, %(total)s hours in all."
                )
                % {
                    "first": _hours(first.ends_at - first.starts_at),
                    "second": _hours(second.ends_at - second.starts_at),
                    "total": _hours(total),
                }
            )
        )
    if sorted(theme_plan) != [1, 2, 3, 4] or not set(theme_plan.values()) <= {1, 2}:
        problems.append(ScheduleProblem(_("Every one of the four themes must be on exactly one half-day.")))
    elif theme_plan[IDEA_WORKSHOP] != 2:
        problems.append(ScheduleProblem(_("The idea workshop belongs on half-day 2."), f"theme_{IDEA_WORKSHOP}"))
    return problems


def _hours(duration: timedelta) -> str:
    """Hours as a reader writes them: 4, 3.5 or 3.75, with the language's decimal separator."""
    hours = f"{duration.total_seconds() / 3600:.2f}".rstrip("0").rstrip(".")
    return hours.replace(".", get_format("DECIMAL_SEPARATOR"))


def schedule_problems(half_days: Sequence[HalfDayPlan], theme_plan: dict[int, int]) -> list[str]:
    """Every broken scheduling rule of DESIGN §2.1, as translated sentences (empty = valid)."""
    return [problem.message for problem in schedule_problem_list(half_days, theme_plan)]


def schedule_warnings(half_days: Sequence[HalfDayPlan], *, country: str, time_zone: str) -> list[str]:
    """What is allowed but probably a mistake (DESIGN §2.1): a half-day on a weekend or a
    public holiday of the workplace's country, or fewer than
    ``RECOMMENDED_DAYS_BETWEEN_HALF_DAYS`` days between the two half-days."""
    tz = ZoneInfo(time_zone)
    days = [plan.starts_at.astimezone(tz).date() for plan in half_days]
    warnings = []
    for number, day in enumerate(days, start=1):
        if day.weekday() >= 5:
            warnings.append(
                _("Half-day %(number)s is on a %(weekday)s (%(date)s).")
                % {"number": number, "weekday": date_format(day, "l"), "date": date_format(day, "SHORT_DATE_FORMAT")}
            )
        elif not is_working_day(day, country):
            warnings.append(
                _("Half-day %(number)s is on a public holiday (%(date)s).")
                % {"number": number, "date": date_format(day, "SHORT_DATE_FORMAT")}
            )
    if len(days) == HALF_DAYS_PER_COURSE and 0 < (days[1] - days[0]).days < RECOMMENDED_DAYS_BETWEEN_HALF_DAYS:
        warnings.append(
            _("There are only %(days)s days between the half-days; at least %(least)s give time to try things out.")
            % {"days": (days[1] - days[0]).days, "least": RECOMMENDED_DAYS_BETWEEN_HALF_DAYS}
        )
    return warnings


def course_schedule_warnings(course: Course, half_days: Sequence[HalfDay] | None = None) -> list[str]:
    """The schedule's warnings; ``half_days`` (the course's, in order) when the caller has them
    already, as the course page does."""
    if half_days is None:
        half_days = list(course.half_days.order_by("number"))
    plans = [HalfDayPlan(h.starts_at, h.ends_at) for h in half_days]
    workplace = course.workplace
    return schedule_warnings(plans, country=workplace.organisation.country, time_zone=workplace.time_zone)


def course_schedule(course: Course) -> tuple[list[HalfDayPlan], dict[int, int]]:
    half_days = list(course.half_days.order_by("number"))
    plan = {
        link.theme.number: link.half_day.number
        for link in HalfDayTheme.objects.filter(course=course).select_related("theme", "half_day")
    }
    return [HalfDayPlan(h.starts_at, h.ends_at) for h in half_days], plan


# --- Facilitator overlap -----------------------------------------------------------------------


def facilitator_conflicts(
    facilitator: Facilitator, intervals: Iterable[tuple[datetime, datetime]], *, exclude_course: Course
) -> QuerySet[HalfDay]:
    """Half-days of the facilitator's other live assignments that overlap any interval."""
    overlap = Q(pk__in=[])
    for starts_at, ends_at in intervals:
        overlap |= Q(starts_at__lt=ends_at, ends_at__gt=starts_at)
    return (
        HalfDay.objects.filter(
            overlap,
            course__assignments__facilitator=facilitator,
            course__assignments__status__in=ACTIVE_ASSIGNMENT,
        )
        .exclude(course=exclude_course)
        .exclude(course__status=CourseStatus.CANCELLED)
        .select_related("course__workplace")
    )


def _check_no_conflict(facilitator: Facilitator, course: Course, intervals: list[tuple[datetime, datetime]]) -> None:
    clash = facilitator_conflicts(facilitator, intervals, exclude_course=course).first()
    if clash is not None:
        raise ValidationError(
            _("%(facilitator)s already has a training at that time (%(course)s, %(when)s).")
            % {
                "facilitator": facilitator,
                "course": clash.course.workplace.name,
                "when": timezone.localtime(clash.starts_at).strftime("%Y-%m-%d %H:%M"),
            },
            code="facilitator_overlap",
        )


def course_lock(course: Course, *, with_place: bool = True) -> Course:
    """The course re-read under a row lock (its workplace and organisation joined, not locked;
    ``with_place=False``: the course's row alone, for a caller that already holds them).

    Every change that depends on a course's state takes this lock first, in this app and in
    the apps above it (registrations, the idea-workshop outcome), so that the state read after
    it is the truth. Use it inside a transaction."""

    def build() -> QuerySet[Course]:
        courses = Course.objects.select_for_update(of=("self",))
        if with_place:
            courses = courses.select_related("workplace__organisation")
        return courses.filter(pk=Param("pk")).order_by()

    # Compiled once per process (dialogkurs.statements): every sign-up takes it.
    found = prepared(("sessions_app:course_lock", with_place), build).fetch(pk=course.pk)
    if not found:
        raise Course.DoesNotExist("Course matching query does not exist.")
    return found[0]


def _require_open(course: Course) -> None:
    if not course.is_open_for_changes:
        raise ValidationError(
            _("This training is %(status)s and can no longer be changed.")
            % {"status": course.get_status_display().lower()},
            code="course_closed",
        )


# --- Courses ---------------------------------------------------------------------------------


@transaction.atomic
def course_create(
    *,
    workplace: Workplace,
    coordinator: User,
    location: str = "",
    notes: str = "",
    consent_text: str = "",
    half_days: Sequence[HalfDayPlan] = (),
    theme_plan: dict[int, int] | None = None,
) -> Course:
    """Book a training (a draft). With ``half_days`` the schedule is validated and saved too."""
    if not coordinator.has_role(Role.COORDINATOR):
        raise ValidationError({"coordinator": _("The coordinator must have the Coordinator role.")})
    course = Course(
        workplace=workplace, coordinator=coordinator, location=location, notes=notes, consent_text=consent_text
    )
    course.full_clean()
    course.save()
    audit_record(course, "create", fields=["workplace", "coordinator", "status", "location", "notes"])
    if half_days:
        _save_schedule(course, half_days, theme_plan or DEFAULT_THEME_PLAN)
        for half_day in course.half_days.all():
            audit_record(half_day, "create", fields=["starts_at", "ends_at"], scope=course)
    replan(course)
    return course


def course_create_draft(*, workplace: Workplace, coordinator: User, location: str = "", notes: str = "") -> Course:
    """A draft course with no schedule yet (e.g. from a contact enquiry)."""
    return course_create(workplace=workplace, coordinator=coordinator, location=location, notes=notes)


@transaction.atomic
def course_update(course: Course, **fields) -> Course:
    """Edit the plain fields of a course (location, notes, consent text, coordinator)."""
    course = course_lock(course)
    _require_open(course)
    if "coordinator" in fields and not fields["coordinator"].has_role(Role.COORDINATOR):
        raise ValidationError({"coordinator": _("The coordinator must have the Coordinator role.")})
    before = audit_snapshot(course, fields)
    for name, value in fields.items():
        setattr(course, name, value)
    course.full_clean()
    course.save(update_fields=[*fields, "updated_at"])
    audit_record(course, "update", before=before)
    replan(course)
    return course


def _save_schedule(course: Course, half_days: Sequence[HalfDayPlan], theme_plan: dict[int, int]) -> None:
    """Validate and save the schedule; each broken rule is raised at the input it is about (the
    schedule forms' field names, ``__all__`` for the schedule as a whole)."""
    current = course_schedule(course)[0] if course.pk else []
    problems = schedule_problem_list(half_days, theme_plan, current=current, now=timezone.now())
    if problems:
        errors: dict[str, list[ValidationError]] = {}
        for problem in problems:
            errors.setdefault(problem.field or NON_FIELD_ERRORS, []).append(
                ValidationError(problem.message, code="schedule")
            )
        raise ValidationError(errors)
    saved = {}
    existing = {half_day.number: half_day for half_day in HalfDay.objects.filter(course=course)}
    for number, plan in enumerate(half_days, start=1):
        half_day = existing.get(number)
        if half_day is None:
            saved[number] = HalfDay.objects.create(
                course=course, number=number, starts_at=plan.starts_at, ends_at=plan.ends_at
            )
            continue
        if (half_day.starts_at, half_day.ends_at) != (plan.starts_at, plan.ends_at):
            # Moved: its calendar entry gets a higher SEQUENCE (the same UID).
            half_day.starts_at, half_day.ends_at = plan.starts_at, plan.ends_at
            half_day.sequence += 1
            half_day.save(update_fields=["starts_at", "ends_at", "sequence"])
        saved[number] = half_day
    _store_start_times(course, saved[1], saved[2])
    HalfDayTheme.objects.filter(course=course).delete()
    themes = {theme.number: theme for theme in Theme.objects.all()}
    HalfDayTheme.objects.bulk_create(
        HalfDayTheme(course=course, half_day=saved[half_day], theme=themes[number])
        for number, half_day in sorted(theme_plan.items())
    )


def _store_start_times(course: Course, first: HalfDay, second: HalfDay) -> None:
    """The course's copies of when its half-days start (``Course.first_starts_at`` and
    ``second_starts_at``: the course and idea-workshop lists sort by them)."""
    course.first_starts_at, course.second_starts_at = first.starts_at, second.starts_at
    course.save(update_fields=["first_starts_at", "second_starts_at"])


def course_store_start_times(course: Course) -> None:
    """Copy the half-days' start times onto the course again, after they were moved other than
    through ``course_set_schedule`` (the demo data moves trainings into the past this way)."""
    half_days = {half_day.number: half_day for half_day in HalfDay.objects.filter(course=course)}
    _store_start_times(course, half_days[1], half_days[2])


@transaction.atomic
def course_set_schedule(
    course: Course, half_days: Sequence[HalfDayPlan], theme_plan: dict[int, int] | None = None
) -> Course:
    """Create or reschedule the two half-days and the theme plan.

    Side effects: the reminders of the course and its registrations move with it.
    Race condition: two coordinators may reschedule or assign at once, so the course and every
    facilitator on it are locked before the overlap check.
    """
    course = course_lock(course)
    _require_open(course)
    if theme_plan is None:
        theme_plan = course_schedule(course)[1] or DEFAULT_THEME_PLAN
    intervals = [(plan.starts_at, plan.ends_at) for plan in half_days]
    facilitators = (
        Facilitator.objects.select_for_update()
        .filter(assignments__course=course, assignments__status__in=ACTIVE_ASSIGNMENT)
        .order_by("pk")
    )
    for facilitator in facilitators:
        _check_no_conflict(facilitator, course, intervals)
    had_schedule = course.half_days.exists()
    _save_schedule(course, half_days, theme_plan)
    for half_day in course.half_days.all():
        audit_record(
            half_day, "reschedule" if had_schedule else "create", fields=["starts_at", "ends_at"], scope=course
        )
    _replan_course(course)
    return course


@dataclass(frozen=True)
class ReadinessRule:
    """One rule a draft must meet to be confirmed: its wording for the checklist, and what is
    still wrong (nothing when it holds)."""

    label: str
    problems: list[str]

    @property
    def met(self) -> bool:
        return not self.problems


def course_readiness(course: Course) -> list[ReadinessRule]:
    """The confirmation rules of DESIGN §2.1, each with what is still wrong: the course page
    shows them as a checklist and ``course_confirm`` refuses while any is unmet."""
    half_days, plan = course_schedule(course)
    schedule = schedule_problems(half_days, plan) if half_days else [_("The two half-days are not planned yet.")]
    accepted = course.assignments.filter(status=AssignmentStatus.ACCEPTED).count()
    required = Course.REQUIRED_FACILITATORS
    return [
        ReadinessRule(_("Two half-days of 8 hours in all, on different dates, with the four themes"), schedule),
        ReadinessRule(
            _("A location at the workplace"),
            [] if course.location.strip() else [_("The training has no location.")],
        ),
        ReadinessRule(
            _("%(required)s facilitators have accepted (%(accepted)s of %(required)s)")
            % {"required": required, "accepted": accepted},
            []
            if accepted == required
            else [
                _("A training needs %(required)s facilitators who have accepted; it has %(accepted)s.")
                % {"required": required, "accepted": accepted}
            ],
        ),
    ]


def course_confirmation_problems(course: Course) -> list[str]:
    """Every unmet readiness rule, in words (empty when the draft can be confirmed)."""
    return [problem for rule in course_readiness(course) for problem in rule.problems]


@transaction.atomic
def course_confirm(course: Course) -> Course:
    """draft → confirmed, when every readiness rule holds (each unmet rule is named).

    Side effects: plans the reminders of the course (reminders app)."""
    course = course_lock(course)
    if course.status != CourseStatus.DRAFT:
        raise ValidationError(_("Only a draft training can be confirmed."), code="not_draft")
    problems = course_confirmation_problems(course)
    if problems:
        raise ValidationError(problems, code="not_ready")
    before = audit_snapshot(course, ["status"])
    course.status = CourseStatus.CONFIRMED
    course.save(update_fields=["status", "updated_at"])
    audit_record(course, "confirm", before=before)
    _replan_course(course)
    return course


@transaction.atomic
def course_cancel(course: Course, *, reason: str = "") -> Course:
    """draft|confirmed → cancelled. Side effects: every planned reminder of the course and its
    registrations is cancelled, and those affected are told (reminders app)."""
    course = course_lock(course)
    _require_open(course)
    before = audit_snapshot(course, ["status", "cancel_reason", "signup_open"])
    course.status = CourseStatus.CANCELLED
    course.cancel_reason = reason
    course.cancelled_at = timezone.now()  # a late cancellation still pays the fee (fees.py)
    course.signup_open = False
    course.save(update_fields=["status", "cancel_reason", "cancelled_at", "signup_open", "updated_at"])
    audit_record(course, "cancel", before=before)
    _replan_course(course)
    for assignment in course.assignments.all():
        replan(assignment)
    planners.enqueue_course_cancelled(course)
    signals.course_cancelled.send(sender=Course, course=course)
    return course


@transaction.atomic
def course_mark_delivered(course: Course) -> Course:
    """confirmed → delivered, once half-day 2 has ended (``Course.delivery_problem``).

    Side effects: the reminders of the course and what hangs on it are re-planned."""
    course = course_lock(course)
    problem = course.delivery_problem()
    if problem:
        raise ValidationError(problem, code="not_deliverable")
    before = audit_snapshot(course, ["status"])
    course.status = CourseStatus.DELIVERED
    course.save(update_fields=["status", "updated_at"])
    audit_record(course, "mark_delivered", before=before)
    _replan_course(course)
    return course


@transaction.atomic
def course_set_signup_open(course: Course, *, is_open: bool) -> Course:
    course = course_lock(course)
    if is_open:
        _require_open(course)
    before = audit_snapshot(course, ["signup_open"])
    course.signup_open = is_open
    course.save(update_fields=["signup_open", "updated_at"])
    audit_record(course, "open_signup" if is_open else "close_signup", before=before)
    return course


# --- Facilitator assignments ---------------------------------------------------------------------


def _halfday_intervals(course: Course) -> list[tuple[datetime, datetime]]:
    return list(course.half_days.values_list("starts_at", "ends_at"))


@transaction.atomic
def facilitator_assign(course: Course, facilitator: Facilitator) -> FacilitatorAssignment:
    """Invite a facilitator to lead a course.

    Side effects: the facilitator is told (reminders app).
    Race condition: two coordinators may assign the same facilitator to overlapping courses at
    the same moment; the facilitator row is locked before the overlap check.
    """
    course = course_lock(course)
    _require_open(course)
    facilitator = Facilitator.objects.select_for_update().get(pk=facilitator.pk)
    if not facilitator.active:
        raise ValidationError(_("%(facilitator)s is not active.") % {"facilitator": facilitator}, code="inactive")
    _check_no_conflict(facilitator, course, _halfday_intervals(course))
    assignment, created = FacilitatorAssignment.objects.get_or_create(course=course, facilitator=facilitator)
    if not created:
        if assignment.status != AssignmentStatus.DECLINED:
            raise ValidationError(
                _("%(facilitator)s is already on this training.") % {"facilitator": facilitator}, code="duplicate"
            )
        assignment.status = AssignmentStatus.INVITED
        assignment.invited_at = timezone.now()
        assignment.answered_at = None
        assignment.save(update_fields=["status", "invited_at", "answered_at"])
    audit_record(assignment, "invite", fields=["facilitator", "status"], scope=course)
    replan(assignment)
    return assignment


@transaction.atomic
def assignment_accept(assignment: FacilitatorAssignment) -> FacilitatorAssignment:
    """invited → accepted; a course takes ``Course.REQUIRED_FACILITATORS`` accepted facilitators at most."""
    course = course_lock(assignment.course)
    facilitator = Facilitator.objects.select_for_update().get(pk=assignment.facilitator_id)
    assignment = FacilitatorAssignment.objects.get(pk=assignment.pk)
    _require_open(course)
    if assignment.status == AssignmentStatus.ACCEPTED:
        return assignment
    if assignment.status != AssignmentStatus.INVITED:
        raise ValidationError(_("This invitation has been declined."), code="declined")
    if course.assignments.filter(status=AssignmentStatus.ACCEPTED).count() >= Course.REQUIRED_FACILITATORS:
        raise ValidationError(_("This training already has two facilitators."), code="full")
    _check_no_conflict(facilitator, course, _halfday_intervals(course))
    before = audit_snapshot(assignment, ["status"])
    assignment.status = AssignmentStatus.ACCEPTED
    assignment.answered_at = timezone.now()
    assignment.save(update_fields=["status", "answered_at"])
    audit_record(assignment, "accept", before=before, scope=course)
    replan(assignment)
    replan(course)
    return assignment


@transaction.atomic
def assignment_decline(assignment: FacilitatorAssignment) -> FacilitatorAssignment:
    """invited|accepted → declined, when ``FacilitatorAssignment.can_be_declined``: a confirmed
    training keeps its facilitators (only its coordinator can change them).

    Side effects: the facilitator's reminders and the course's are re-planned."""
    course = course_lock(assignment.course)
    assignment = FacilitatorAssignment.objects.get(pk=assignment.pk)
    assignment.course = course
    _require_open(course)
    if assignment.status == AssignmentStatus.DECLINED:
        return assignment
    if not assignment.can_be_declined:
        raise ValidationError(
            _("The training is confirmed with you as a facilitator; contact its coordinator to step down."),
            code="confirmed",
        )
    before = audit_snapshot(assignment, ["status"])
    assignment.status = AssignmentStatus.DECLINED
    assignment.answered_at = timezone.now()
    assignment.save(update_fields=["status", "answered_at"])
    audit_record(assignment, "decline", before=before, scope=course)
    replan(assignment)
    replan(course)
    return assignment


@transaction.atomic
def course_invite_pair(course: Course, facilitators: Sequence[Facilitator]) -> list[FacilitatorAssignment]:
    """Invite two facilitators in one step (*find a pair*): both or neither.

    Each goes through ``facilitator_assign`` (active, no overlap, under lock, in id order as
    the lock order says); their acceptances are checked again under lock."""
    if len({f.pk for f in facilitators}) != Course.REQUIRED_FACILITATORS:
        raise ValidationError(_("Choose two different facilitators."), code="pair")
    return [facilitator_assign(course, facilitator) for facilitator in sorted(facilitators, key=lambda f: f.pk)]


def assignment_set_travel(
    assignment: FacilitatorAssignment, *, travel_km: int | None, travel_minutes: int | None
) -> FacilitatorAssignment:
    """Her travel for one half-day of the assignment (there and back), for the statement."""
    before = audit_snapshot(assignment, ["travel_km", "travel_minutes"])
    assignment.travel_km = travel_km
    assignment.travel_minutes = travel_minutes
    assignment.full_clean()
    assignment.save(update_fields=["travel_km", "travel_minutes"])
    audit_record(assignment, "update", before=before, scope=assignment.course)
    return assignment
