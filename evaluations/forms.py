"""The anonymous questionnaire and the coordinators' report filter: parsing only."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialogkurs.forms import QuickSelect
from sessions_app.models import Organisation, RecoveryDomain

SCALE_CHOICES = [
    (1, _("1 – Do not agree at all")),
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (5, _("5 – Agree completely")),
]
STATEMENTS = {
    RecoveryDomain.WORKING_RELATIONSHIP.value: _(
        "The training helped me see how to build a working relationship on equal terms with the people we meet."
    ),
    RecoveryDomain.PERSONALLY_DEFINED_RECOVERY.value: _(
        "The training helped me support each person's own goals and own idea of recovery."
    ),
    RecoveryDomain.ORGANISATIONAL_COMMITMENT.value: _(
        "I believe my workplace will make room for what we proposed in the idea workshop."
    ),
    RecoveryDomain.CITIZENSHIP.value: _(
        "The training made me think about how we can support people's lives outside the service: "
        "home, work, relationships and community."
    ),
}


class EvaluationForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, statement in STATEMENTS.items():
            self.fields[name] = forms.TypedChoiceField(
                label=statement, choices=SCALE_CHOICES, coerce=int, widget=forms.RadioSelect
            )
        self.fields["comment"] = forms.CharField(
            label=_("Anything else you want to tell us? (optional)"),
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text=_("Please do not write your name or anything else that identifies you or someone else."),
        )

    @property
    def answers(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in STATEMENTS}


def default_period() -> tuple[date, date]:
    """The last four quarters: this one so far and the three before it."""
    today = timezone.localdate()
    months = today.year * 12 + (today.month - 1) // 3 * 3 - 9
    return date(months // 12, months % 12 + 1, 1), today


class ReportFilterForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        empty_label=_("All organisations"),
        widget=QuickSelect,
    )
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data=None, **kwargs):
        start, end = default_period()
        if data is not None and not any(data.get(name) for name in ("organisation", "start", "end")):
            data = None  # a first visit: the defaults
        super().__init__(data, initial={"start": start.isoformat(), "end": end.isoformat()}, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end of the period must come after its start."))
        return data

    def period(self) -> tuple[date, date, Organisation | None]:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"], self.cleaned_data["organisation"]
        return (*default_period(), None)
