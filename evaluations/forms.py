"""The anonymous questionnaire and the coordinators' report filter: parsing only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sessions_app.models import RecoveryDomain

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
