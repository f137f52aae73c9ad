"""Evaluation results: per course and across courses, never below five answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import TruncQuarter
from django.utils.translation import gettext

from sessions_app.models import Course, Organisation, RecoveryDomain, Workplace

from .models import EVALUATION_MIN_ANSWERS, EvaluationAnswer, EvaluationToken

DOMAINS = EvaluationAnswer.DOMAINS


@dataclass
class Results:
    """Means per recovery domain (1–5) of a set of answers; nothing below five answers."""

    count: int
    means: list[tuple[str, float]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.count >= EVALUATION_MIN_ANSWERS


def _aggregates() -> dict:
    return {"n": Count("pk"), **{domain: Avg(domain) for domain in DOMAINS}}


def _results(row: dict, comments: list[str] | None = None) -> Results:
    if row["n"] < EVALUATION_MIN_ANSWERS:
        return Results(count=row["n"])
    means = [(str(RecoveryDomain(domain).label), round(float(row[domain]), 1)) for domain in DOMAINS]
    return Results(count=row["n"], means=means, comments=comments or [])


def evaluation_results_for_course(course: Course) -> Results:
    """The course's results, or none at all below five answers. Comments are sorted
    alphabetically, so their order says nothing about who wrote which."""
    answers = EvaluationAnswer.objects.filter(course=course)
    row = answers.aggregate(**_aggregates())
    if row["n"] < EVALUATION_MIN_ANSWERS:
        return Results(count=row["n"])
    comments = sorted(answers.exclude(comment="").values_list("comment", flat=True), key=str.casefold)
    return _results(row, comments)


@dataclass(frozen=True)
class ResponseRate:
    """How many were sent a link and how many used it: counts only, never who."""

    asked: int
    answered: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.answered / self.asked) if self.asked else None


def evaluation_response_rate(course: Course) -> ResponseRate:
    """From the link rows alone (one per participant who was sent the questionnaire)."""
    row = EvaluationToken.objects.filter(course=course).aggregate(
        asked=Count("pk"), answered=Count("pk", filter=Q(used=True))
    )
    return ResponseRate(asked=row["asked"], answered=row["answered"])


@dataclass
class AggregateRow:
    organisation: str
    quarter: date  # its first day
    courses: int
    results: Results

    @property
    def quarter_label(self) -> str:
        return gettext("Q%(quarter)s %(year)s") % {
            "quarter": (self.quarter.month - 1) // 3 + 1,
            "year": self.quarter.year,
        }


def _answers(
    start: date, end: date, organisation: Organisation | None, workplace: Workplace | None = None
) -> QuerySet[EvaluationAnswer]:
    answers = EvaluationAnswer.objects.filter(answered_on__range=(start, end))
    if organisation is not None:
        answers = answers.filter(course__workplace__organisation=organisation)
    if workplace is not None:
        answers = answers.filter(course__workplace=workplace)
    return answers


def evaluation_aggregates(
    *, start: date, end: date, organisation: Organisation | None = None, workplace: Workplace | None = None
) -> tuple[list[AggregateRow], Results]:
    """Across courses, per organisation and quarter of the answer date, and for the whole
    selection; a cell below five answers shows no means."""
    answers = _answers(start, end, organisation, workplace)
    rows = (
        answers.annotate(quarter=TruncQuarter("answered_on"))
        .values("course__workplace__organisation__name", "quarter")
        .annotate(courses=Count("course", distinct=True), **_aggregates())
        .order_by("course__workplace__organisation__name", "quarter")
    )
    table = [
        AggregateRow(row["course__workplace__organisation__name"], row["quarter"], row["courses"], _results(row))
        for row in rows
    ]
    return table, _results(answers.aggregate(**_aggregates()))


@dataclass
class CourseResults:
    course_id: int
    course: str  # the training's name: workplace and number
    results: Results


def evaluation_by_course(
    *, start: date, end: date, organisation: Organisation | None = None, workplace: Workplace | None = None
) -> list[CourseResults]:
    """Per training with answers dated in the period: its number of answers and, from five
    answers, its means (one query)."""
    rows = (
        _answers(start, end, organisation, workplace)
        .values("course", "course__workplace__name")
        .annotate(**_aggregates())
        .order_by("course__workplace__name", "course")
    )
    return [
        CourseResults(row["course"], f"{row['course__workplace__name']} #{row['course']}", _results(row))
        for row in rows
    ]
