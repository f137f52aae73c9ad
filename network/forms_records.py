"""Forms for notes, objections, emergency access and the access-log review."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .models import REASON_MAX, AccessKind, AccessLog, Case, NetworkMeeting
from .models.records import NOTE_MAX


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Write what matters for the work with the person and the network, in their words where you can."),
    )
    meeting = forms.ModelChoiceField(
        label=_("About the meeting"),
        queryset=NetworkMeeting.objects.none(),
        required=False,
        empty_label=_("The case in general"),
    )
    written_together = forms.BooleanField(label=_("Written together in the meeting"), required=False)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = case.meetings.exclude(status="cancelled").order_by("-starts_at")
        self.fields["meeting"].label_from_instance = lambda m: m.starts_at.strftime("%Y-%m-%d %H:%M")


class CorrectionForm(forms.Form):
    body = forms.CharField(label=_("Corrected note"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 12}))
    reason = forms.CharField(
        label=_("Reason for the correction"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class ObjectionForm(forms.Form):
    text = forms.CharField(
        label=_("What the index person said"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("In the person's own words where you can. The note itself is not changed."),
    )


class EmergencyAccessForm(forms.Form):
    case_number = forms.IntegerField(label=_("Case number"), min_value=1, max_value=2**62)
    reason = forms.CharField(
        label=_("Why do you need to open this case now?"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The case's team is told at once; administrators review every emergency access."),
    )


class AccessLogFilter(django_filters.FilterSet):
    case = django_filters.NumberFilter(field_name="case_id", label=_("Case number"))
    user = django_filters.ModelChoiceFilter(label=_("Who"), queryset=User.objects.none(), empty_label=_("Anyone"))
    reason = django_filters.ChoiceFilter(
        label=_("Why"), choices=[("team", _("Team member")), ("emergency", _("Emergency access"))], empty_label=_("Any")
    )
    kind = django_filters.ChoiceFilter(label=_("What"), choices=AccessKind.choices, empty_label=_("Anything"))
    since = django_filters.DateFilter(
        field_name="at", lookup_expr="date__gte", label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    until = django_filters.DateFilter(
        field_name="at", lookup_expr="date__lte", label=_("Until"), widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = AccessLog
        fields = ["case", "user", "reason", "kind", "since", "until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["user"].queryset = User.objects.filter(pk__in=AccessLog.objects.values("user")).order_by(
            "full_name", "email"
        )
        self.filters["user"].field.label_from_instance = lambda u: f"{u.full_name} ({u.email})"
