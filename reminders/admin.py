import datetime
import functools

from django.contrib import admin
from django.db import connections
from django.db.models import Max, Min, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialogkurs.admin import ReadOnlyAdmin
from dialogkurs.pagination import CappedPaginator

from .forms import kind_choices
from .models import ScheduledMessage

# More periods than this between the first and the last row: the plain DISTINCT instead.
MAX_PROBES = 100


def _periods(
    first: datetime.datetime, last: datetime.datetime, kind: str, tz
) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """(start, end) of every year, month or day in ``tz`` from the one of ``first`` to the one
    of ``last``; at most MAX_PROBES + 1 of them."""
    first = first.astimezone(tz)
    day = datetime.date(first.year, 1 if kind == "year" else first.month, first.day if kind == "day" else 1)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()), tz)
    periods = []
    while start <= last and len(periods) <= MAX_PROBES:
        if kind == "year":
            day = day.replace(year=day.year + 1)
        elif kind == "month":
            day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        else:
            day += datetime.timedelta(days=1)
        end = timezone.make_aware(datetime.datetime.combine(day, datetime.time()), tz)
        periods.append((start, end))
        start = end
    return periods


class PeriodsByProbe(QuerySet):
    """A queryset whose ``datetimes()`` (the admin's date hierarchy: which years, months or days
    have rows) probes each period between the first and the last row for one row — a few reads
    of an index on the field — instead of truncating every row's date and sorting out the
    DISTINCT ones (0.5 s at a million rows). Two queries: the first and last row, then one LIMIT 1
    per period, all in one UNION ALL. Years and months only."""

    def datetimes(self, field_name, kind, order="ASC", tzinfo=None):
        plain = self.order_by()
        # The days of one month: a DISTINCT over a month's rows (a range of the index) costs less
        # than planning 31 probes.
        if kind not in ("year", "month") or not connections[self.db].features.supports_slicing_ordering_in_compound:
            return super().datetimes(field_name, kind, order, tzinfo)
        bounds = plain.aggregate(first=Min(field_name), last=Max(field_name))
        if bounds["first"] is None:
            return []
        periods = _periods(bounds["first"], bounds["last"], kind, tzinfo or timezone.get_current_timezone())
        if len(periods) > MAX_PROBES:
            return super().datetimes(field_name, kind, order, tzinfo)
        # Each in the index's order: a LIMIT 1 without one may be planned as a sequential scan
        # that reads far into the table before it meets the period's first row.
        probes = [
            plain.filter(**{f"{field_name}__gte": start, f"{field_name}__lt": end})
            .order_by(field_name)
            .annotate(period=Value(number))
            .values_list("period", flat=True)[:1]
            for number, (start, end) in enumerate(periods)
        ]
        found = set(probes[0].union(*probes[1:], all=True)) if len(probes) > 1 else set(probes[0])
        starts = [start for number, (start, _end) in enumerate(periods) if number in found]
        return starts if order == "ASC" else starts[::-1]


class KindFilter(admin.SimpleListFilter):
    """The registered kinds, by name for people — not a DISTINCT over every row (0.3 s)."""

    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return kind_choices()

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(ScheduledMessage)
class ScheduledMessageAdmin(ReadOnlyAdmin):
    """Read-only: rows change only through the services (replan, sweep, send, resend)."""

    list_display = ("id", "kind", "recipient", "due_at", "status", "attempts", "sent_at")
    list_filter = ("status", KindFilter, "content_type")
    # The recipient only, through its trigram index (migration 0005): a search of kinds and
    # occasions too read every row of a million. Kinds have their filter.
    search_fields = ("recipient",)
    search_help_text = _("Search by the recipient's e-mail address, or a part of it.")
    date_hierarchy = "due_at"
    list_select_related = ("content_type",)
    # Half the admin's 100: the rows were half the page's time, each cell through display_for_field.
    list_per_page = 50
    # A million rows: counted only as far as 100 pages go, and never twice (the "x total" count).
    paginator = functools.partial(CappedPaginator, count_at_most=10_000)
    show_full_result_count = False

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        return PeriodsByProbe(model=rows.model, query=rows.query, using=rows.db)
