"""The administrators' search of the audit log (django-filter). A bad value is explained and
lists nothing."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEntry
from audit.selectors import audit_entry_list

AUDITED_APPS = ("accounts", "sessions_app", "participants", "workshops", "enquiries", "reminders", "privacy")


class ContentTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ContentType) -> str:
        model = obj.model_class()
        return str(model._meta.verbose_name).capitalize() if model else obj.model


class AuditFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        if data.get("object_id") and not data.get("content_type"):
            self.add_error("content_type", _("Choose what the number refers to."))
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end of the period is before its start."))
        return data


def _day_start(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


class AuditFilter(django_filters.FilterSet):
    actor = django_filters.CharFilter(
        label=_("Who (e-mail address)"), field_name="actor__email", lookup_expr="iexact", max_length=254
    )
    content_type = django_filters.ModelChoiceFilter(
        label=_("Kind of object"),
        queryset=ContentType.objects.filter(app_label__in=AUDITED_APPS).order_by("app_label", "model"),
        empty_label=_("Anything"),
        method="filter_object",
    )
    object_id = django_filters.NumberFilter(label=_("Number of the object"), min_value=1, method="filter_object")
    since = django_filters.DateFilter(label=_("From (date)"), method="filter_since")
    until = django_filters.DateFilter(label=_("To (date)"), method="filter_until")

    class Meta:
        model = AuditEntry
        fields: list[str] = []
        form = AuditFilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, queryset=audit_entry_list(), **kwargs)
        self.filters["content_type"].field_class = ContentTypeChoiceField
        self.filters["object_id"].field_class = forms.IntegerField

    def filter_object(self, queryset, name, value):
        # Both fields together: an object's own entries and those shown on its page.
        if name == "object_id":
            return queryset
        object_id = self.form.cleaned_data.get("object_id")
        if object_id:
            return queryset.filter(content_type=value, object_id=object_id) | queryset.filter(
                scope_type=value, scope_id=object_id
            )
        return queryset.filter(content_type=value)

    def filter_since(self, queryset, name, value):
        return queryset.filter(at__gte=_day_start(value))

    def filter_until(self, queryset, name, value):
        return queryset.filter(at__lt=_day_start(value + timedelta(days=1)))

    @property
    def qs(self):
        return super().qs if not self.is_bound or self.is_valid() else self.queryset.none()
