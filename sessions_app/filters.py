"""The filters of the course list (django-filter)."""

from __future__ import annotations

import django_filters
from django.db import connections
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dialogkurs.forms import QuickDateInput, QuickSelect, QuickTextInput, SuggestInput

from . import selectors
from .forms import DATE_INPUT_FORMATS
from .models import Course, CourseStatus, FacilitatorAssignment, Organisation, Workplace
from .services import ACTIVE_ASSIGNMENT

ANY = _("Any")
DATE_PICKER = {
    "input_formats": DATE_INPUT_FORMATS,
    "widget": QuickDateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
}


class CourseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=pgettext_lazy("search field", "Search"),
        method="search",
        help_text=_("Workplace, organisation or location."),
        widget=QuickTextInput,
    )
    status = django_filters.ChoiceFilter(
        label=pgettext_lazy("course", "Status"), choices=CourseStatus.choices, empty_label=ANY, widget=QuickSelect
    )
    starts_from = django_filters.DateFilter(
        label=_("Half-day 1 from"), field_name="first_starts_at", lookup_expr="date__gte", **DATE_PICKER
    )
    starts_to = django_filters.DateFilter(
        label=_("Half-day 1 until"), field_name="first_starts_at", lookup_expr="date__lte", **DATE_PICKER
    )
    # Type-ahead text fields, not selects: a region's thousand workplaces made the select most
    # of the page. Part of a name is enough; the suggestions come from place_suggestions.
    organisation = django_filters.CharFilter(
        label=_("Organisation"),
        field_name="workplace__organisation__name",
        lookup_expr="icontains",
        widget=SuggestInput(reverse_lazy("sessions_app:place_suggestions", args=["organisations"])),
    )
    workplace = django_filters.CharFilter(
        label=_("Workplace"),
        field_name="workplace__name",
        lookup_expr="icontains",
        widget=SuggestInput(reverse_lazy("sessions_app:place_suggestions", args=["workplaces"])),
    )
    # Its choices are read once per form (``__init__``), as values: a model choice field read
    # them as models through a server-side cursor, and again to check the chosen one.
    facilitator = django_filters.ChoiceFilter(
        label=_("Facilitator"),
        method="with_facilitator",
        empty_label=ANY,
        widget=QuickSelect,  # no template per option
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["facilitator"].extra["choices"] = selectors.facilitator_choices()

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(search_condition(value, connections[queryset.db]))

    def with_facilitator(self, queryset, name, value):
        # Exists, not a join: a join would multiply the rows the confirmed count adds up.
        return queryset.filter(
            Exists(
                FacilitatorAssignment.objects.filter(
                    course=OuterRef("pk"), facilitator=value, status__in=ACTIVE_ASSIGNMENT
                )
            )
        )


def search_condition(value: str, connection) -> Q:
    """The courses whose workplace's or organisation's name, or whose location, holds ``value``
    (any case), as Django's ``icontains`` compares them (the same SQL, wildcards escaped).

    The workplaces that match first (a thousand names), then their courses: matching on a join
    of every course with its workplace and organisation read 15,000 names (11 ms at scale 1).
    Each name and the location in a subquery of its own: the location through its trigram
    index, the organisations' names once each. Written out in SQL from the models' names (as
    ``participants.services._place_counts``): Django took longer to build and compile the
    three nested querysets, twice a page (the count and the rows), than PostgreSQL took to run
    them — 1 ms of the searched list's 2.5 ms over the plain list (issue 13)."""
    quote = connection.ops.quote_name
    pattern = f"%{connection.ops.prep_for_like_query(value)}%"

    def holds(model, field: str, alias: str) -> str:
        column = f"{alias}.{quote(model._meta.get_field(field).column)}"
        lhs = connection.ops.lookup_cast("icontains", "CharField") % column
        return f"{lhs} {connection.operators['icontains'] % '%s'}"

    def table(model) -> str:
        return quote(model._meta.db_table)

    pk = quote("id")
    # The values are parameters; the names come from the models.
    workplaces = RawSQL(  # noqa: S611
        f"SELECT w.{pk} FROM {table(Workplace)} w WHERE {holds(Workplace, 'name', 'w')} "  # noqa: S608 (names from the models)
        f"OR w.{quote(Workplace._meta.get_field('organisation').column)} IN "
        f"(SELECT o.{pk} FROM {table(Organisation)} o WHERE {holds(Organisation, 'name', 'o')})",
        (pattern, pattern),
    )
    at_location = RawSQL(  # noqa: S611
        f"SELECT c.{pk} FROM {table(Course)} c WHERE {holds(Course, 'location', 'c')}",  # noqa: S608
        (pattern,),
    )
    return Q(workplace__in=workplaces) | Q(pk__in=at_location)
