"""Hours, travel and fees of facilitators: the monthly statement and the coordinators' summary.

What counts (DESIGN §2.1, issue 16):
- a half-day of a delivered (or followed-up) training counts its hours, its travel and its fee
  for each facilitator who accepted it;
- a half-day of a training cancelled fewer than ``LATE_CANCELLATION_DAYS`` before it began
  counts its fee only (no hours: nobody led it; no travel: nobody went);
- nothing else counts (drafts, confirmed trainings not yet marked delivered, early cancellations).

The travel entered on an assignment is for one half-day, there and back; it is paid per km
(``FACILITATOR_FEE_PER_KM``). Amounts are in the region's kronor. A half-day belongs to the
month of its local date.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AssignmentStatus, CourseStatus, Facilitator, HalfDay

DELIVERED = (CourseStatus.DELIVERED, CourseStatus.FOLLOWED_UP)
CENT = Decimal("0.01")


def fee_per_half_day() -> Decimal:
    return Decimal(str(settings.FACILITATOR_FEE_PER_HALF_DAY)).quantize(CENT)


def fee_per_km() -> Decimal:
    return Decimal(str(settings.FACILITATOR_FEE_PER_KM)).quantize(CENT)


def is_late_cancellation(cancelled_at: datetime | None, half_day_starts_at: datetime) -> bool:
    """Cancelled fewer than ``LATE_CANCELLATION_DAYS`` before the half-day began."""
    if cancelled_at is None:
        return False
    return cancelled_at > half_day_starts_at - timedelta(days=settings.LATE_CANCELLATION_DAYS)


@dataclass(frozen=True)
class StatementLine:
    day: date
    workplace: str
    course_id: int
    half_day: int
    late_cancellation: bool
    hours: Decimal
    travel_km: int
    travel_minutes: int
    fee: Decimal
    travel_fee: Decimal
    assignment_id: int

    @property
    def total(self) -> Decimal:
        return self.fee + self.travel_fee

    @property
    def kind(self) -> str:
        return _("Late cancellation") if self.late_cancellation else _("Delivered")


@dataclass
class Statement:
    facilitator: Facilitator
    month: date  # the first of the month
    lines: list[StatementLine] = field(default_factory=list)

    @property
    def half_days(self) -> int:
        return len(self.lines)

    @property
    def hours(self) -> Decimal:
        return sum((line.hours for line in self.lines), Decimal(0))

    @property
    def travel_km(self) -> int:
        return sum(line.travel_km for line in self.lines)

    @property
    def travel_minutes(self) -> int:
        return sum(line.travel_minutes for line in self.lines)

    @property
    def fee(self) -> Decimal:
        return sum((line.fee for line in self.lines), Decimal(0))

    @property
    def travel_fee(self) -> Decimal:
        return sum((line.travel_fee for line in self.lines), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.fee + self.travel_fee


def month_bounds(month: date) -> tuple[datetime, datetime]:
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    return datetime.combine(first, time.min, tz), datetime.combine(following, time.min, tz)


def _lines(month: date, facilitator_ids: list[int] | None) -> dict[int, list[StatementLine]]:
    """Facilitator id → the lines of the month, in one query."""
    start, end = month_bounds(month)
    # One filter() call, so one join to the assignments serves the filter and the annotations:
    # each row is one (half-day, accepted facilitator) pair.
    conditions = {
        "starts_at__gte": start,
        "starts_at__lt": end,
        "course__assignments__status": AssignmentStatus.ACCEPTED,
        "course__status__in": (*DELIVERED, CourseStatus.CANCELLED),
    }
    if facilitator_ids is not None:
        conditions["course__assignments__facilitator__in"] = facilitator_ids
    rows = (
        HalfDay.objects.filter(**conditions)
        .annotate(
            facilitator_id=F("course__assignments__facilitator"),
            assignment_id=F("course__assignments__pk"),
            travel_km=F("course__assignments__travel_km"),
            travel_minutes=F("course__assignments__travel_minutes"),
            course_status=F("course__status"),
            cancelled_at=F("course__cancelled_at"),
            workplace_name=F("course__workplace__name"),
        )
        .order_by("starts_at", "pk")
    )
    per_half_day, per_km = fee_per_half_day(), fee_per_km()
    lines: dict[int, list[StatementLine]] = defaultdict(list)
    for row in rows:
        late = row.course_status == CourseStatus.CANCELLED
        if late and not is_late_cancellation(row.cancelled_at, row.starts_at):
            continue
        km = 0 if late else row.travel_km or 0
        hours = Decimal(0) if late else Decimal((row.ends_at - row.starts_at).total_seconds() / 3600).quantize(CENT)
        lines[row.facilitator_id].append(
            StatementLine(
                day=timezone.localdate(row.starts_at),
                workplace=row.workplace_name,
                course_id=row.course_id,
                half_day=row.number,
                late_cancellation=late,
                hours=hours,
                travel_km=km,
                travel_minutes=0 if late else row.travel_minutes or 0,
                fee=per_half_day,
                travel_fee=(per_km * km).quantize(CENT),
                assignment_id=row.assignment_id,
            )
        )
    return lines


def facilitator_statement(facilitator: Facilitator, month: date) -> Statement:
    """Her statement for the month of ``month``."""
    lines = _lines(month, [facilitator.pk])
    return Statement(facilitator, month.replace(day=1), lines.get(facilitator.pk, []))


def month_summary(month: date) -> list[Statement]:
    """Every facilitator with something on her statement that month, by name (two queries)."""
    lines = _lines(month, None)
    facilitators = Facilitator.objects.filter(pk__in=lines).select_related("user").order_by("user__full_name", "pk")
    return [Statement(facilitator, month.replace(day=1), lines[facilitator.pk]) for facilitator in facilitators]
