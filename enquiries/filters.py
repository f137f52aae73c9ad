"""The filters of the enquiry inbox (django-filter). An invalid value is shown as an error and
that filter is left out."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dialogkurs.forms import QuickSelect

from . import selectors
from .models import OPEN_STATUSES, Enquiry, Status, Topic

# Status filter values beyond the statuses themselves; no status chosen means OPEN.
OPEN = "open"
ALL = "all"
UNASSIGNED = "none"


class EnquiryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    status = django_filters.ChoiceFilter(
        label=pgettext_lazy("enquiry", "Status"),
        choices=[(OPEN, _("Open (not closed)")), (ALL, _("All")), *Status.choices],
        empty_label=None,
        method="with_status",
        widget=QuickSelect,
    )
    topic = django_filters.ChoiceFilter(
        label=_("Topic"), choices=Topic.choices, empty_label=_("All topics"), widget=QuickSelect
    )
    assignee = django_filters.ChoiceFilter(
        label=_("Assignee"), empty_label=_("Anyone"), method="with_assignee", widget=QuickSelect
    )
    overdue = django_filters.BooleanFilter(label=_("Only overdue"), method="only_overdue", widget=forms.CheckboxInput)

    class Meta:
        model = Enquiry
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["assignee"].extra["choices"] = [
            (UNASSIGNED, _("Nobody yet")),
            *(
                (str(pk), full_name or email)
                for pk, full_name, email in selectors.coordinators().values_list("pk", "full_name", "email")
            ),
        ]

    def filter_queryset(self, queryset: QuerySet[Enquiry]) -> QuerySet[Enquiry]:
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status__in=OPEN_STATUSES)  # by default, the open ones
        return queryset

    def with_status(self, queryset, name, value):
        if value == OPEN:
            return queryset.filter(status__in=OPEN_STATUSES)
        return queryset if value == ALL else queryset.filter(status=value)

    def with_assignee(self, queryset, name, value):
        return queryset.filter(assignee=None) if value == UNASSIGNED else queryset.filter(assignee_id=value)

    def only_overdue(self, queryset, name, value):
        """Still not contacted past the contact deadline (2 working days)."""
        if not value:
            return queryset
        return selectors.enquiries_overdue(queryset)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        match = (
            Q(name__icontains=value)
            | Q(email__icontains=value)
            | Q(organisation__icontains=value)
            | Q(message__icontains=value)
            | Q(phone__icontains=value)
        )
        number = value.lstrip("#")
        if number.isdigit() and len(number) < 19:  # a reference number, within bigint
            match |= Q(pk=int(number))
        return queryset.filter(match)
