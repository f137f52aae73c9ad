"""The filters of the course list (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import selectors
from .forms import DATE_INPUT_FORMATS
from .models import CourseStatus, FacilitatorAssignment, Organisation, Workplace

ANY = _("Any")


class CourseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=pgettext_lazy("search field", "Search"),
        method="search",
        help_text=_("Workplace, organisation or location."),
    )
    status = django_filters.ChoiceFilter(
        label=pgettext_lazy("course", "Status"), choices=CourseStatus.choices, empty_label=ANY
    )
    starts_from = django_filters.DateFilter(
        label=_("Half-day 1 from"),
        field_name="first_starts_at",
        lookup_expr="date__gte",
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    starts_to = django_filters.DateFilter(
        label=_("Half-day 1 until"),
        field_name="first_starts_at",
        lookup_expr="date__lte",
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        field_name="workplace__organisation",
        queryset=Organisation.objects.order_by("name"),
        empty_label=ANY,
    )
    workplace = django_filters.ModelChoiceFilter(
        label=_("Workplace"),
        queryset=Workplace.objects.select_related("organisation").order_by("organisation__name", "name"),
        empty_label=ANY,
    )
    facilitator = django_filters.ModelChoiceFilter(
        label=_("Facilitator"),
        queryset=selectors.facilitator_list(),
        method="with_facilitator",
        empty_label=ANY,
    )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(workplace__name__icontains=value)
            | Q(workplace__organisation__name__icontains=value)
            | Q(location__icontains=value)
        )

    def with_facilitator(self, queryset, name, value):
        # Exists, not a join: a join would multiply the rows the confirmed count adds up.
        return queryset.filter(
            Exists(
                FacilitatorAssignment.objects.filter(
                    course=OuterRef("pk"), facilitator=value, status__in=selectors.LIVE_ASSIGNMENT
                )
            )
        )
