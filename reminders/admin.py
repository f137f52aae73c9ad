import datetime
import functools

from django.contrib import admin
from django.db import connections
from django.db.models import F, Max, Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialogkurs.admin import ReadOnlyAdmin
from dialogkurs.pagination import PAGE_SIZE, CappedPaginator

from . import selectors
from .filters import content_type_label
from .forms import kind_choices
from .models import ScheduledMessage
from .views import COUNT_AT_MOST

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


# Two instants no period starts or ends at: they mark the bounds among a compiled probe's parameters.
_PROBE_FROM = datetime.datetime(1, 1, 1, microsecond=1, tzinfo=datetime.UTC)
_PROBE_TO = datetime.datetime(1, 1, 1, microsecond=2, tzinfo=datetime.UTC)


class PeriodsByProbe(QuerySet):
    """A queryset whose ``datetimes()`` (the admin's date hierarchy: which years, months or days
    have rows) probes each period between the first and the last row for one row — a few reads
    of an index on the field — instead of truncating every row's date and sorting out the
    DISTINCT ones (0.5 s at a million rows). Two queries: the first and last row (the one the
    date hierarchy asked for already, when it did), then one LIMIT 1 per period, all in one
    UNION ALL. Years and months only."""

    def aggregate(self, *args, **kwargs):
        result = super().aggregate(*args, **kwargs)
        # The date hierarchy asks for the first and last date to pick its level, then for the
        # periods: kept for datetimes(), which needs them too (the same rows: this queryset).
        first, last = kwargs.get("first"), kwargs.get("last")
        if not args and len(kwargs) == 2 and isinstance(first, Min) and isinstance(last, Max):
            fields = {expression.source_expressions[0] for expression in (first, last)}
            if len(fields) == 1:
                self._bounds = (fields.pop(), result)
        return result

    def _first_and_last(self, field_name) -> dict:
        known = getattr(self, "_bounds", None)
        if known is not None and known[0] == F(field_name):
            return known[1]
        return self.order_by().aggregate(first=Min(field_name), last=Max(field_name))

    def datetimes(self, field_name, kind, order="ASC", tzinfo=None):
        # The days of one month: a DISTINCT over a month's rows (a range of the index) costs less
        # than planning 31 probes.
        connection = connections[self.db]
        if kind not in ("year", "month") or not connection.features.supports_slicing_ordering_in_compound:
            return super().datetimes(field_name, kind, order, tzinfo)
        bounds = self._first_and_last(field_name)
        if bounds["first"] is None:
            return []
        periods = _periods(bounds["first"], bounds["last"], kind, tzinfo or timezone.get_current_timezone())
        if len(periods) > MAX_PROBES:
            return super().datetimes(field_name, kind, order, tzinfo)
        # One probe compiled, its SQL repeated for each period with the period's bounds: compiling
        # a dozen probes through the ORM was 4 ms of the page. Each in the index's order: a
        # LIMIT 1 without one may be planned as a sequential scan that reads far into the table
        # before it meets the period's first row.
        probe = (
            self.filter(**{f"{field_name}__gte": _PROBE_FROM, f"{field_name}__lt": _PROBE_TO})
            .order_by(field_name)
            .values_list(field_name)[:1]
        )
        sql, params = probe.query.get_compiler(using=self.db).as_sql()
        bounds_at = {n: param for n, param in enumerate(params) if param in (_PROBE_FROM, _PROBE_TO)}
        with connection.cursor() as cursor:
            cursor.execute(
                " UNION ALL ".join([f"({sql})"] * len(periods)),
                [
                    (start if bounds_at[n] == _PROBE_FROM else end) if n in bounds_at else param
                    for start, end in periods
                    for n, param in enumerate(params)
                ],
            )
            found = [row[0] for row in cursor.fetchall()]
        starts = [start for start, end in periods if any(start <= first < end for first in found)]
        return starts if order == "ASC" else starts[::-1]


class KindFilter(admin.SimpleListFilter):
    """The registered kinds, by name for people — not a DISTINCT over every row (0.3 s)."""

    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return kind_choices()

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class ContentTypeFilter(admin.SimpleListFilter):
    """The types of object that have messages (an index probe each, as the staff outbox's
    filter), not every content type of the site: 49 links, most of them to nothing."""

    title = _("about (type)")
    parameter_name = "content_type__id__exact"

    def lookups(self, request, model_admin):
        return [
            (content_type.pk, content_type_label(content_type))
            for content_type in selectors.outbox_content_types(user=request.user)
        ]

    def queryset(self, request, queryset):
        return queryset.filter(content_type=self.value()) if self.value() else queryset


@admin.register(ScheduledMessage)
class ScheduledMessageAdmin(ReadOnlyAdmin):
    """Read-only: rows change only through the services (replan, sweep, send, resend)."""

    list_display = ("id", "kind", "recipient", "due_at", "status", "attempts", "sent_at")
    list_filter = ("status", KindFilter, ContentTypeFilter)
    # The recipient only, through its trigram index (migration 0005): a search of kinds and
    # occasions too read every row of a million. Kinds have their filter.
    search_fields = ("recipient",)
    search_help_text = _("Search by the recipient's e-mail address, or a part of it.")
    date_hierarchy = "due_at"
    # The site's page size, a quarter of the admin's 100: the rows were half the page's time,
    # each cell through display_for_field.
    list_per_page = PAGE_SIZE
    # A million rows: counted only as far as the staff outbox counts them (40 pages), and never
    # twice (the "x total" count); no facet counts, each a COUNT over every row.
    paginator = functools.partial(CappedPaginator, count_at_most=COUNT_AT_MOST)
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        return PeriodsByProbe(model=rows.model, query=rows.query, using=rows.db)
