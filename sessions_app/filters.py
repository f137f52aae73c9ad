"""The filters of the course list (django-filter)."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q
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
        # The workplaces that match first (a thousand names), then their courses: matching on a
        # join of every course with its workplace and organisation read 15,000 names (11 ms at
        # scale 1, 2.5 ms this way). Each name and the location in a subquery of its own: the
        # location through its trigram index, not compared on every course, and the
        # organisations' names once each, not once per workplace joined to them (the count of a
        # search 1.7 -> 0.9 ms at scale 1).
        organisations = Organisation.objects.filter(name__icontains=value).values("pk")
        workplaces = Workplace.objects.filter(Q(name__icontains=value) | Q(organisation__in=organisations))
        at_location = Course.objects.filter(location__icontains=value).values("pk")
        return queryset.filter(Q(workplace__in=workplaces.values("pk")) | Q(pk__in=at_location))

    def with_facilitator(self, queryset, name, value):
        # Exists, not a join: a join would multiply the rows the confirmed count adds up.
        return queryset.filter(
            Exists(
                FacilitatorAssignment.objects.filter(
                    course=OuterRef("pk"), facilitator=value, status__in=ACTIVE_ASSIGNMENT
                )
            )
        )
