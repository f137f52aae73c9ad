"""Forms of the idea workshop: they parse and normalise; the rules are in services."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dialogkurs.forms import as_local, local_datetime_field, to_local_input
from sessions_app.models import RecoveryDomain

from .models import (
    PROPOSAL_TRANSITIONS,
    FollowUpMeeting,
    ImprovementProposal,
    ProposalArea,
    ProposalStatus,
    RaisedBy,
    WorkshopOutcome,
)
from .services import ProposalProgress

NEEDED_FOR_SUBMISSION = _("Needed before the outcome is submitted; it can wait until then.")


class ProposalForm(forms.Form):
    text = forms.CharField(
        label=_("Proposal"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What should change at the workplace, in a sentence or two."),
    )
    area = forms.ChoiceField(label=_("Area"), choices=ProposalArea.choices, widget=forms.RadioSelect)
    recovery_domains = forms.MultipleChoiceField(
        label=_("Recovery domains"),
        choices=RecoveryDomain.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Choose one or more (Le Boutillier et al. 2011)."),
    )
    raised_by = forms.MultipleChoiceField(
        label=_("Raised by"),
        choices=RaisedBy.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Which perspectives in the room raised the proposal."),
    )
    owner_name = forms.CharField(label=_("Owner's name"), max_length=200, required=False)
    owner_email = forms.EmailField(
        label=_("Owner's e-mail address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "inputmode": "email"}),
    )
    due_date = forms.DateField(label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, instance: ImprovementProposal | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "text": instance.text,
                "area": instance.area,
                "recovery_domains": instance.recovery_domains,
                "raised_by": instance.raised_by,
                "owner_name": instance.owner_name,
                "owner_email": instance.owner_email,
                "due_date": instance.due_date.isoformat() if instance.due_date else None,
            }
        super().__init__(*args, **kwargs)
        # A draft may leave these empty; say at each one that submitting the outcome needs it.
        for name in ImprovementProposal.SUBMISSION_FIELDS:
            field = self.fields[name]
            field.help_text = (
                format_lazy("{} {}", field.help_text, NEEDED_FOR_SUBMISSION)
                if field.help_text
                else NEEDED_FOR_SUBMISSION
            )


class OutcomeNotesForm(forms.ModelForm):
    class Meta:
        model = WorkshopOutcome
        fields = ["notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class RebookForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=pgettext_lazy("time of day", "Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Place"), max_length=300)

    def __init__(self, *args, meeting: FollowUpMeeting, time_zone: str, **kwargs):
        self.zone = ZoneInfo(time_zone)
        local = meeting.starts_at.astimezone(self.zone)
        kwargs.setdefault(
            "initial", {"date": local.date().isoformat(), "time": local.strftime("%H:%M"), "place": meeting.place}
        )
        super().__init__(*args, **kwargs)

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"], tzinfo=self.zone)


class FollowUpRecordForm(forms.Form):
    """One status and note per proposal (fields ``status_<id>`` and ``note_<id>``), then who
    came and the meeting's notes."""

    held_at = local_datetime_field(
        _("When it was held"),
        required=False,  # left empty: at its booked time
        help_text=_("When the meeting was held: its booked time, unless it was held at another time."),
    )
    attendees = forms.CharField(
        label=_("Attendees"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One name per line."),
    )
    notes = forms.CharField(label=_("Notes from the meeting"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, meeting: FollowUpMeeting, proposals: list[ImprovementProposal], time_zone: str, **kwargs):
        # As the rebooking form: the time as the workplace reads its clocks.
        self.zone = ZoneInfo(time_zone)
        held = to_local_input(meeting.starts_at, self.zone)
        kwargs.setdefault("initial", {"held_at": held, "attendees": meeting.attendees, "notes": meeting.notes})
        super().__init__(*args, **kwargs)
        self.proposals = proposals
        labels = dict(ProposalStatus.choices)
        for proposal in proposals:
            allowed = [proposal.status, *sorted(PROPOSAL_TRANSITIONS[proposal.status], key=ProposalStatus.values.index)]
            self.fields[f"status_{proposal.pk}"] = forms.ChoiceField(
                label=pgettext_lazy("proposal", "Status"),
                choices=[(value, labels[value]) for value in allowed],
                initial=proposal.status,
            )
            self.fields[f"note_{proposal.pk}"] = forms.CharField(
                label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def clean_held_at(self) -> datetime | None:
        return as_local(self.cleaned_data["held_at"], self.zone)

    def rows(self):
        """(proposal, status field, note field) for the template."""
        return [(p, self[f"status_{p.pk}"], self[f"note_{p.pk}"]) for p in self.proposals]

    def progress(self) -> dict[int, ProposalProgress]:
        return {
            p.pk: ProposalProgress(self.cleaned_data[f"status_{p.pk}"], self.cleaned_data[f"note_{p.pk}"])
            for p in self.proposals
        }
