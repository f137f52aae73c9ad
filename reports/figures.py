"""The figures of every report, for one period and organisation or workplace.

Every query is bounded by the period (never a GROUP BY over the whole history) and grouped in
the database, so a report costs the same number of queries whatever the data. Rules are asked
of the apps that own them: ``Course.HELD`` is "delivered", ``Enquiry.contact_due_at`` the
2-working-day target, ``EVALUATION_MIN_ANSWERS`` the evaluations' floor, ``network.selectors``
the network's counts and times (nothing about a person).
"""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import TruncMonth, TruncQuarter
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from dialogkurs.workdays import working_days_between
from enquiries.models import Enquiry, Topic
from evaluations.models import EVALUATION_MIN_ANSWERS
from evaluations.selectors import evaluation_aggregates, evaluation_by_course
from network import selectors as network
from participants.models import Attendance, Perspective, Registration, RegistrationStatus
from sessions_app.models import (
    AssignmentStatus,
    Course,
    CourseStatus,
    FacilitatorAssignment,
    HalfDay,
    LivedExperience,
    RecoveryDomain,
)
from workshops.models import ImprovementProposal, OutcomeStatus, ProposalArea, ProposalStatus, ProposalUpdate

from .period import Period
from .tables import LABEL_TOTAL, MIN_GROUP, SUPPRESSED, Column, Linked, Table, share, suppress_small

DURATION = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())


def _hours(duration: timedelta | None) -> float:
    return round((duration or timedelta()).total_seconds() / 3600, 1)


def _month_key(moment) -> object:
    return timezone.localtime(moment).date().replace(day=1) if hasattr(moment, "tzinfo") else moment


def _in_place(queryset: QuerySet, period: Period, path: str = "workplace") -> QuerySet:
    if period.workplace is not None:
        return queryset.filter(**{path: period.workplace})
    if period.organisation is not None:
        return queryset.filter(**{f"{path}__organisation": period.organisation})
    return queryset


def _courses_starting_in(period: Period) -> QuerySet[Course]:
    """Trainings whose half-day 1 starts in the period (local time), with ``first_half_day_at``:
    ``Course.first_starts_at``, kept on the course and indexed."""
    courses = Course.objects.filter(first_starts_at__gte=period.since, first_starts_at__lt=period.until).annotate(
        first_half_day_at=F("first_starts_at")
    )
    return _in_place(courses, period)


def _counts_by_status():
    return {
        "booked": Count("pk"),
        "delivered": Count("pk", filter=Q(status__in=Course.HELD)),
        "cancelled": Count("pk", filter=Q(status=CourseStatus.CANCELLED)),
    }


def _held_half_days(period: Period) -> QuerySet[HalfDay]:
    half_days = HalfDay.objects.filter(
        starts_at__gte=period.since, starts_at__lt=period.until, course__status__in=Course.HELD
    )
    return _in_place(half_days, period, "course__workplace")


# --- Trainings -----------------------------------------------------------------------------------


def trainings(period: Period) -> list[Table]:
    by_month = {
        row["month"]: row
        for row in _courses_starting_in(period)
        .annotate(month=TruncMonth("first_half_day_at"))
        .values("month")
        .annotate(**_counts_by_status())
        .order_by("month")
    }
    hours = {
        _month_key(row["month"]): row["hours"]
        for row in _held_half_days(period)
        .annotate(month=TruncMonth("starts_at"))
        .values("month")
        .annotate(hours=Sum(DURATION))
        .order_by("month")
    }
    months = Table(
        "trainings-by-month",
        _("Trainings per month"),
        _(
            "Trainings by the month of their first half-day: booked (any status), delivered and cancelled, "
            "and the hours of the half-days delivered in the month."
        ),
        [
            Column(_("Month"), "month"),
            Column(pgettext("trainings", "Booked")),
            Column(pgettext("trainings", "Delivered")),
            Column(pgettext("trainings", "Cancelled")),
            Column(_("Hours delivered"), "hours"),
        ],
    )
    for month in period.months():
        row = next((r for key, r in by_month.items() if _month_key(key) == month), None) or {}
        months.rows.append(
            [month, row.get("booked", 0), row.get("delivered", 0), row.get("cancelled", 0), _hours(hours.get(month))]
        )
    months.with_chart("columns", 0, [1, 2, 3])

    places_hours = {
        row["course__workplace"]: row["hours"]
        for row in _held_half_days(period).values("course__workplace").annotate(hours=Sum(DURATION)).order_by()
    }
    places = Table(
        "trainings-by-workplace",
        _("Trainings per organisation and workplace"),
        _("The same trainings per workplace, with the hours delivered there in the period."),
        [
            Column(_("Organisation"), "text"),
            Column(_("Workplace"), "text"),
            Column(pgettext("trainings", "Booked")),
            Column(pgettext("trainings", "Delivered")),
            Column(pgettext("trainings", "Cancelled")),
            Column(_("Hours delivered"), "hours"),
        ],
    )
    for row in (
        _courses_starting_in(period)
        .values("workplace", "workplace__name", "workplace__organisation__name")
        .annotate(**_counts_by_status())
        .order_by("workplace__organisation__name", "workplace__name")
    ):
        places.rows.append(
            [
                row["workplace__organisation__name"],
                row["workplace__name"],
                row["booked"],
                row["delivered"],
                row["cancelled"],
                _hours(places_hours.get(row["workplace"])),
            ]
        )
    return [months, places]


# --- Participants --------------------------------------------------------------------------------


def participants(period: Period) -> list[Table]:
    """Confirmed participants of the trainings delivered (half-day 1 in the period)."""
    held = _courses_starting_in(period).filter(status__in=Course.HELD)

    # The period's trainings as a list of ids: the planner then walks the registrations' and the
    # attendance's indexes from them instead of hashing both tables whole.
    held_ids = list(held.values_list("pk", flat=True))
    registrations = Registration.objects.filter(course__in=held_ids, status=RegistrationStatus.CONFIRMED)
    perspectives = {f"p_{value}": Count("pk", filter=Q(participant__perspective=value)) for value in Perspective.values}
    table = Table(
        "participants",
        _("Participants trained"),
        _(
            "Confirmed participants of the trainings delivered, how many were present at both half-days, "
            "and their perspectives; a perspective count under %(n)s is not shown."
        )
        % {"n": MIN_GROUP},
        [
            Column(_("Organisation"), "text"),
            Column(_("Trainings delivered")),
            Column(_("Participants")),
            Column(_("Completed")),
            Column(_("Completion rate"), "percent"),
            *(Column(str(label)) for label in Perspective.labels),
        ],
    )

    # Completed = present at both half-days (DESIGN §2.2): a present mark on half-day 2 joined to
    # one on half-day 1 of the same registration, over the period's trainings only. The half-day's
    # own course filter lets the planner read the marks of the period's half-days by index
    # instead of every mark ever taken (a sequential scan of all attendance, 150,000 rows at scale 1).
    org = "registration__course__workplace__organisation__name"
    completed = dict(
        Attendance.objects.filter(
            present=True,
            half_day__number=2,
            half_day__course__in=held_ids,
            registration__course__in=held_ids,
            registration__status=RegistrationStatus.CONFIRMED,
            registration__attendance__present=True,
            registration__attendance__half_day__number=1,
        )
        .values_list(org)
        .annotate(n=Count("registration", distinct=True))
        .order_by()
    )

    def row(label: str, values: dict) -> list:
        counts = [values[f"p_{value}"] for value in Perspective.values]
        values = {**values, "completed": completed.get(label, 0) if label is not None else sum(completed.values())}
        return [
            label,
            values["trainings"],
            values["participants"],
            values["completed"],
            share(values["completed"], values["participants"]),
            *suppress_small(counts),
        ]

    aggregates = {
        "trainings": Count("course", distinct=True),
        "participants": Count("pk"),
        **perspectives,
    }
    for values in (
        registrations.values("course__workplace__organisation__name")
        .annotate(**aggregates)
        .order_by("course__workplace__organisation__name")
    ):
        table.rows.append(row(values["course__workplace__organisation__name"], values))
    total = registrations.aggregate(**aggregates)
    if table.rows:
        table.rows.append([str(LABEL_TOTAL), *row(None, total)[1:]])
    mix = Table(
        "perspective-mix",
        _("Perspective mix"),
        _("The perspectives of all participants trained in the period, shown only for %(n)s or more.")
        % {"n": MIN_GROUP},
        [Column(_("Perspective"), "text"), Column(_("Participants"))],
    )
    counts = suppress_small([total[f"p_{value}"] for value in Perspective.values])
    mix.rows = [[str(label), count] for label, count in zip(Perspective.labels, counts, strict=True)]
    mix.with_chart("bars", 0, [1])
    return [table, mix]


# --- Facilitators --------------------------------------------------------------------------------


def facilitators(period: Period) -> list[Table]:
    rows = (
        _held_half_days(period)
        .filter(course__assignments__status=AssignmentStatus.ACCEPTED)
        .annotate(month=TruncMonth("starts_at"))
        .values("course__assignments__facilitator", "course__assignments__facilitator__user__full_name", "month")
        .annotate(half_days=Count("pk"), hours=Sum(DURATION))
        .order_by("course__assignments__facilitator__user__full_name", "course__assignments__facilitator", "month")
    )
    table = Table(
        "facilitators",
        _("Facilitators' half-days and hours per month"),
        _("Half-days of delivered trainings each facilitator led, and their hours, per month."),
        [
            Column(_("Facilitator"), "text"),
            Column(_("Month"), "month"),
            Column(_("Half-days")),
            Column(_("Hours"), "hours"),
        ],
    )
    for row in rows:
        table.rows.append(
            [
                row["course__assignments__facilitator__user__full_name"],
                _month_key(row["month"]),
                row["half_days"],
                _hours(row["hours"]),
            ]
        )

    def led_by(experiences) -> Exists:
        return Exists(
            FacilitatorAssignment.objects.filter(
                course=OuterRef("pk"),
                status=AssignmentStatus.ACCEPTED,
                facilitator__lived_experience__in=experiences,
            )
        )

    # Lived experience is health-related: only the share, and only from MIN_GROUP trainings.
    pairs = (
        _courses_starting_in(period)
        .filter(status__in=Course.HELD)
        .annotate(
            own=led_by([LivedExperience.OWN, LivedExperience.BOTH]),
            relative=led_by([LivedExperience.RELATIVE, LivedExperience.BOTH]),
        )
        .aggregate(trainings=Count("pk"), both=Count("pk", filter=Q(own=True, relative=True)))
    )
    mix = Table(
        "facilitator-pairs",
        _("Trainings led by a pair with both perspectives"),
        _(
            "Delivered trainings whose facilitators together had both own experience and experience as a "
            "relative; shown from %(n)s trainings."
        )
        % {"n": MIN_GROUP},
        [
            Column(_("Trainings delivered")),
            Column(_("Led by a pair with both perspectives")),
            Column(_("Share"), "percent"),
        ],
    )
    if pairs["trainings"] >= MIN_GROUP:
        mix.rows = [[pairs["trainings"], pairs["both"], share(pairs["both"], pairs["trainings"])]]
    else:
        mix.rows = [[pairs["trainings"], SUPPRESSED, SUPPRESSED]]
    return [table, mix]


# --- Improvement proposals -----------------------------------------------------------------------


def _proposals(period: Period) -> QuerySet[ImprovementProposal]:
    proposals = ImprovementProposal.objects.filter(
        outcome__status=OutcomeStatus.SUBMITTED,
        outcome__submitted_at__gte=period.since,
        outcome__submitted_at__lt=period.until,
    )
    return _in_place(proposals, period, "outcome__course__workplace")


def proposals(period: Period) -> list[Table]:
    status_counts = {f"s_{value}": Count("pk", filter=Q(status=value)) for value in ProposalStatus.values}
    status_columns = [Column(str(label)) for label in ProposalStatus.labels]
    by_area = {
        row["area"]: row
        for row in _proposals(period).values("area").annotate(n=Count("pk"), **status_counts).order_by()
    }
    areas = Table(
        "proposals-by-area",
        _("Improvement proposals by area and status"),
        _("Proposals of the idea workshops submitted in the period, by area, with their status today."),
        [Column(_("Area"), "text"), Column(_("Proposals")), *status_columns],
    )
    for value, label in ProposalArea.choices:
        row = by_area.get(value, {})
        areas.rows.append([str(label), row.get("n", 0), *(row.get(f"s_{s}", 0) for s in ProposalStatus.values)])
    areas.with_chart("bars", 0, [1])

    # Counted from the proposals' (status, domains) pairs: a JSON list cannot be searched by
    # element on every database (SQLite, the embedded default), and the period bounds the rows.
    by_status: dict[str, Counter] = {}
    for status, tagged in _proposals(period).values_list("status", "recovery_domains").order_by():
        by_status.setdefault(status, Counter()).update(set(tagged or ()))
    domains = Table(
        "proposals-by-domain",
        _("Improvement proposals by recovery domain and status"),
        _("The same proposals by the recovery domains they were tagged with (a proposal may have several)."),
        [Column(_("Recovery domain"), "text"), Column(_("Proposals")), *status_columns],
    )
    for domain, label in RecoveryDomain.choices:
        counts = [by_status.get(s, Counter())[domain] for s in ProposalStatus.values]
        domains.rows.append([str(label), sum(counts), *counts])
    domains.with_chart("bars", 0, [1])

    # The status each proposal had at the last follow-up meeting (+6 months): the last update
    # recorded at that meeting. Only proposals whose meeting has been held count.
    last_followup = len(settings.REMINDERS_FOLLOWUP_MONTHS)
    at_followup = (
        ProposalUpdate.objects.filter(proposal=OuterRef("pk"), meeting__number=last_followup)
        .order_by("-recorded_at", "-pk")
        .values("status")[:1]
    )
    later = {
        _quarter_key(row["quarter"]): row
        for row in _proposals(period)
        .annotate(quarter=TruncQuarter("outcome__submitted_at"), at_followup=Subquery(at_followup))
        .filter(at_followup__isnull=False)
        .values("quarter")
        .annotate(
            followed=Count("pk"),
            moving=Count("pk", filter=Q(at_followup__in=[ProposalStatus.DONE, ProposalStatus.IN_PROGRESS])),
        )
        .order_by("quarter")
    }
    over_time = Table(
        "proposals-at-six-months",
        _("Proposals done or in progress at +6 months"),
        _(
            "Per quarter of the idea workshop: proposals whose last follow-up meeting (+%(months)s months) "
            "has been held, and the share that were done or in progress then."
        )
        % {"months": settings.REMINDERS_FOLLOWUP_MONTHS[-1]},
        [
            Column(_("Quarter"), "text"),
            Column(_("Proposals followed up")),
            Column(_("Done or in progress")),
            Column(_("Share"), "percent"),
        ],
    )
    for quarter in sorted({(m.year, (m.month - 1) // 3 + 1) for m in period.months()}):
        row = later.get(quarter, {})
        followed, moving = row.get("followed", 0), row.get("moving", 0)
        over_time.rows.append(
            [
                _("Q%(quarter)s %(year)s") % {"quarter": quarter[1], "year": quarter[0]},
                followed,
                moving,
                share(moving, followed),
            ]
        )
    over_time.with_chart("columns", 0, [1, 2])
    return [areas, domains, over_time]


def _quarter_key(moment) -> tuple[int, int]:
    day = timezone.localtime(moment).date() if hasattr(moment, "tzinfo") else moment
    return day.year, (day.month - 1) // 3 + 1


# --- Evaluations ---------------------------------------------------------------------------------


def evaluations(period: Period) -> list[Table]:
    domain_columns = [Column(str(label), "decimal") for label in RecoveryDomain.labels]
    note = _("Means only from %(n)s answers.") % {"n": EVALUATION_MIN_ANSWERS}

    def means(results) -> list:
        if not results.shown:
            return [SUPPRESSED] * len(domain_columns)
        return [mean for _label, mean in results.means]

    aggregates, total = evaluation_aggregates(
        start=period.start, end=period.end, organisation=period.organisation, workplace=period.workplace
    )
    domains = Table(
        "evaluation-domains",
        _("Evaluation means per recovery domain"),
        _("The mean answer (1–5) per recovery domain of all evaluations answered in the period.") + " " + note,
        [Column(_("Recovery domain"), "text"), Column(_("Answers")), Column(_("Mean"), "decimal")],
    )
    for label, mean in zip(RecoveryDomain.labels, means(total), strict=True):
        domains.rows.append([str(label), total.count, mean])
    domains.with_chart("bars", 0, [2])
    by_org = Table(
        "evaluation-organisations",
        _("Evaluation means per organisation and quarter"),
        _("The same means per organisation and quarter of the answers.") + " " + note,
        [Column(_("Organisation"), "text"), Column(_("Quarter"), "text"), Column(_("Answers")), *domain_columns],
    )
    for row in aggregates:
        by_org.rows.append([row.organisation, row.quarter_label, row.results.count, *means(row.results)])
    by_course = Table(
        "evaluation-trainings",
        _("Evaluation means per training"),
        _("The same means per training.") + " " + note,
        [Column(_("Training"), "text"), Column(_("Answers")), *domain_columns],
    )
    for row in evaluation_by_course(
        start=period.start, end=period.end, organisation=period.organisation, workplace=period.workplace
    ):
        results = Linked(row.course, reverse("evaluations:course_evaluation", args=[row.course_id]))
        by_course.rows.append([results, row.results.count, *means(row.results)])
    return [domains, by_org, by_course]


# --- Enquiries -----------------------------------------------------------------------------------


def enquiries(period: Period) -> list[Table]:
    """Enquiries received in the period. They name their organisation in free text, so the
    organisation and workplace filter does not apply to them."""
    rows = (
        Enquiry.objects.filter(created_at__gte=period.since, created_at__lt=period.until)
        .values_list("topic", "country", "created_at", "contacted_at", "contact_due_at", "meeting__held_at")
        .order_by()
    )
    stats: dict[str, dict] = {value: {"n": 0, "days": [], "in_time": 0, "met": 0} for value in Topic.values}
    for topic, country, created_at, contacted_at, due_at, held_at in rows:
        entry = stats[topic]
        entry["n"] += 1
        if contacted_at is not None:
            zone = timezone.get_current_timezone()
            entry["days"].append(
                working_days_between(created_at.astimezone(zone).date(), contacted_at.astimezone(zone).date(), country)
            )
            entry["in_time"] += contacted_at <= due_at
        entry["met"] += held_at is not None
    table = Table(
        "enquiries",
        _("Enquiries per topic"),
        _(
            "Enquiries received in the period: the working days to the first contact (median) against the "
            "target of 2, the share contacted within it, and the share met face to face."
        ),
        [
            Column(_("Topic"), "text"),
            Column(_("Received")),
            Column(_("Contacted")),
            Column(_("Median working days to first contact"), "decimal"),
            Column(_("Contacted within 2 working days"), "percent"),
            Column(_("Met face to face"), "percent"),
        ],
    )

    def line(label, entries) -> list:
        n = sum(e["n"] for e in entries)
        days = [d for e in entries for d in e["days"]]
        return [
            label,
            n,
            len(days),
            float(statistics.median(days)) if days else None,
            share(sum(e["in_time"] for e in entries), n),
            share(sum(e["met"] for e in entries), n),
        ]

    for value, label in Topic.choices:
        table.rows.append(line(str(label), [stats[value]]))
    table.rows.append(line(str(LABEL_TOTAL), list(stats.values())))
    table.chart = None
    received = Table(
        "enquiries-received",
        _("Enquiries received per topic"),
        _("How many enquiries came in the period about each topic."),
        [Column(_("Topic"), "text"), Column(_("Received"))],
        [[row[0], row[1]] for row in table.rows[:-1]],
    ).with_chart("bars", 0, [1])
    return [received, table]


# --- Network meetings ----------------------------------------------------------------------------


def network_meetings(period: Period) -> list[Table]:
    """Counts and times only (``network.selectors``); network cases belong to no organisation, so
    the organisation and workplace filter does not apply."""
    counts = network.case_counts(since=period.since, until=period.until)
    delays = network.first_meeting_delays(since=period.since, until=period.until)
    held = network.held_meetings_of_cases(since=period.since, until=period.until)
    limit = timedelta(hours=settings.NETWORK_FIRST_MEETING_HOURS)
    median = statistics.median(delays) if delays else None
    hours = settings.NETWORK_FIRST_MEETING_HOURS
    figures = Table(
        "network-cases",
        _("Network cases"),
        _(
            "Cases by their first contact in the period: the time to the first meeting, the share of cases "
            "that met within %(hours)s hours, and held meetings per case."
        )
        % {"hours": hours},
        [
            Column(_("Cases opened")),
            Column(_("First meeting held")),
            Column(_("Median hours from first contact to first meeting"), "hours"),
            Column(_("First meeting within %(hours)s hours") % {"hours": hours}, "percent"),
            Column(_("Held meetings per case"), "decimal"),
        ],
    )
    figures.rows = [
        [
            counts["cases"],
            counts["first_meeting_held"],
            _hours(median) if median is not None else None,
            share(sum(1 for d in delays if d <= limit), counts["cases"]),
            round(held / counts["cases"], 1) if counts["cases"] else None,
        ]
    ]
    places = Table(
        "network-places",
        _("Where the network meetings were held"),
        _("Held meetings in the period by place."),
        [Column(pgettext("network meeting", "Place"), "text"), Column(_("Meetings"))],
        [[label, n] for label, n in network.meeting_places(since=period.since, until=period.until)],
    ).with_chart("bars", 0, [1])
    return [figures, places]
