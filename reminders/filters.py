"""The filters of the outbox (django-filter). A bad value is explained and lists nothing."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from dialogkurs.forms import QuickNumberInput, QuickSelect

from . import selectors
from .forms import kind_choices
from .models import ScheduledMessage


def content_type_label(content_type: ContentType) -> str:
    model = content_type.model_class()
    return str(model._meta.verbose_name).capitalize() if model else content_type.model


class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField  # an object's number: whole, not a decimal


class OutboxFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        if data.get("object_id") and not data.get("content_type"):
            self.add_error("content_type", _("Choose what the number refers to."))
        return data


class MessageFilter(django_filters.FilterSet):
    # The selects written out in Python (QuickSelect): through a template per option they took
    # a third of the page's time.
    status = django_filters.ChoiceFilter(
        label=pgettext_lazy("message", "Status"),
        choices=ScheduledMessage.Status.choices,
        empty_label=_("Any status"),
        widget=QuickSelect,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=kind_choices, empty_label=_("Any kind"), widget=QuickSelect
    )
    # The types are read once, in __init__: as a model choice the select read them again to
    # check a chosen one (a query more on every page about one object).
    content_type = django_filters.ChoiceFilter(
        label=_("About"), choices=(), empty_label=_("Anything"), widget=QuickSelect
    )
    object_id = IdFilter(label=_("Number of the object"), min_value=1, widget=QuickNumberInput)

    class Meta:
        model = ScheduledMessage
        fields: list[str] = []
        form = OutboxFilterForm

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, queryset=selectors.message_list(user=user), **kwargs)
        self.filters["content_type"].extra["choices"] = [
            (content_type.pk, content_type_label(content_type))
            for content_type in selectors.outbox_content_types(user=user)
        ]

    @property
    def qs(self):
        # A bad filter lists nothing rather than everything it did not understand.
        return super().qs if not self.is_bound or self.is_valid() else self.queryset.none()
