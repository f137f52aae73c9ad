"""Forms for network pages: they parse and normalise; the rules are in services and models.

Times are read as wall-clock times where the case is (its country's time zone).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialogkurs.forms import as_local, local_datetime_field, to_local_input
from sessions_app.models import Country

from .models import (
    ADDRESS_MAX,
    EMAIL_MAX,
    NAME_MAX,
    PHONE_MAX,
    REASON_MAX,
    TEXT_MAX,
    Agreement,
    Case,
    Closeness,
    ContactSource,
    NetworkMeeting,
    NetworkMember,
    Place,
    Relation,
    Service,
)
from .permissions import may_be_invited
from .queries import network_clinicians

DURATION_CHOICES = [
    (30, _("30 minutes")),
    (45, _("45 minutes")),
    (60, _("1 hour")),
    (90, _("1.5 hours")),
    (120, _("2 hours")),
    (150, _("2.5 hours")),
    (180, _("3 hours")),
]


class CleanTextMixin:
    """One-line fields (names, phone numbers) lose their line breaks. (NUL bytes are refused by
    Django's own validator with a clear error.)"""

    one_line: tuple[str, ...] = ()

    def _clean_fields(self):
        super()._clean_fields()
        for name in self.one_line:
            value = self.cleaned_data.get(name)
            if isinstance(value, str):
                self.cleaned_data[name] = " ".join(value.split())


class ClinicianChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user) -> str:
        return user.full_name or user.email


PERSON_LABELS = {
    "name": _("Name"),
    "date_of_birth": _("Date of birth (optional)"),
    "phone": _("Phone (optional)"),
    "email": _("E-mail address (optional)"),
    "address": _("Address (optional)"),
    "language": _("Preferred language"),
    "reminders_agreed": _("Wants reminders by e-mail before meetings"),
    "country": _("Country"),
}


class PersonForm(CleanTextMixin, forms.Form):
    """The index person's details."""

    one_line = ("name", "phone", "email")

    name = forms.CharField(label=PERSON_LABELS["name"], max_length=NAME_MAX)
    date_of_birth = forms.DateField(
        label=PERSON_LABELS["date_of_birth"],
        required=False,
        input_formats=["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    phone = forms.CharField(label=PERSON_LABELS["phone"], max_length=PHONE_MAX, required=False)
    email = forms.EmailField(label=PERSON_LABELS["email"], max_length=EMAIL_MAX, required=False)
    address = forms.CharField(
        label=PERSON_LABELS["address"], max_length=ADDRESS_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    language = forms.ChoiceField(label=PERSON_LABELS["language"], choices=settings.LANGUAGES)
    country = forms.ChoiceField(
        label=PERSON_LABELS["country"],
        choices=Country.choices,
        help_text=_("Sets the time zone of the meetings and the public holidays."),
    )
    reminders_agreed = forms.BooleanField(
        label=PERSON_LABELS["reminders_agreed"],
        required=False,
        help_text=_("Needs an e-mail address. Invitations are sent in any case when there is one."),
    )

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        if value and value > timezone.localdate():
            raise ValidationError(_("The date of birth cannot be in the future."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("reminders_agreed") and not data.get("email"):
            self.add_error("reminders_agreed", _("Reminders need an e-mail address."))
        return data

    @classmethod
    def initial_for(cls, case: Case) -> dict:
        return {name: getattr(case, name) for name in cls.base_fields}


class CaseCreateForm(PersonForm):
    first_contact_at = local_datetime_field(
        _("First contact"), help_text=_("When the person or someone close to them first got in touch.")
    )
    contact_source = forms.ChoiceField(
        label=_("How the contact came"),
        choices=[c for c in ContactSource.choices if c[0] != ContactSource.ENQUIRY],
    )
    clinicians = ClinicianChoiceField(
        label=_("Team"),
        queryset=network_clinicians(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Preferably two network clinicians, the same people throughout."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clinicians"].queryset = network_clinicians()

    def clean_first_contact_at(self):
        # The country as cleaned (declared before this field): a country that is not one leaves
        # its own error, and the time is read as Swedish meanwhile.
        zone = ZoneInfo(Country(self.cleaned_data.get("country") or Country.SWEDEN).time_zone)
        value = as_local(self.cleaned_data["first_contact_at"], zone)
        if value and value > timezone.now():
            raise ValidationError(_("The first contact cannot be in the future."))
        return value


class CloseCaseForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for closing"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: the work is finished, the person moved, or the person ended the contact."),
    )


class TeamAddForm(CleanTextMixin, forms.Form):
    clinician = forms.ModelChoiceField(label=_("Network clinician"), queryset=network_clinicians())
    reason = forms.CharField(
        label=_("Reason for the change"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clinician"].queryset = network_clinicians().exclude(
            network_memberships__case=case, network_memberships__ended_at=None
        )
        self.fields["clinician"].label_from_instance = lambda user: user.full_name or user.email


class TeamRemoveForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for the change"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class MemberForm(CleanTextMixin, forms.ModelForm):
    """A person in the network, with the index person's agreement."""

    one_line = ("name", "organisation", "phone", "email")

    invite_agreement = forms.ChoiceField(
        label=_("Has the index person agreed that we invite this person?"),
        choices=Agreement.choices,
        widget=forms.RadioSelect,
        initial=Agreement.NOT_ASKED,
    )
    reminders_agreed = forms.BooleanField(
        label=_("Reminders before meetings by e-mail"),
        required=False,
        help_text=_("Only with the index person's agreement to invite, and an e-mail address."),
    )

    class Meta:
        model = NetworkMember
        fields = ["name", "relation", "service", "organisation", "phone", "email", "language", "closeness"]
        labels = {
            "name": _("Name"),
            "relation": _("Relation to the index person"),
            "service": _("Service (for a professional)"),
            "organisation": _("Organisation (optional)"),
            "phone": _("Phone (optional)"),
            "email": _("E-mail address (needed for invitations)"),
            "language": _("Language for messages"),
            "closeness": _("How close the index person says this person is"),
        }
        widgets = {"closeness": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("invite_agreement", self.instance.invite_agreement)
            self.initial.setdefault("reminders_agreed", self.instance.reminders_agreed)
        self.fields["service"].choices = Service.choices
        self.fields["closeness"].choices = Closeness.choices

    def clean(self):
        data = super().clean()
        if data.get("service") and data.get("relation") != Relation.PROFESSIONAL:
            self.add_error("service", _("A service is given only for a professional."))
        if data.get("reminders_agreed"):
            if data.get("invite_agreement") != Agreement.YES:
                self.add_error("reminders_agreed", _("Reminders need the index person's agreement to invite."))
            elif not data.get("email"):
                self.add_error("reminders_agreed", _("Reminders need an e-mail address."))
        return data

    def _post_clean(self):
        # The service saves; the model is only validated there.
        pass

    @property
    def member_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class MeetingForm(CleanTextMixin, forms.Form):
    """Book or change a meeting: time, place, and whom the index person wants invited."""

    starts_at = local_datetime_field(_("Date and time"))
    duration_minutes = forms.TypedChoiceField(
        label=_("Duration"), choices=DURATION_CHOICES, coerce=int, initial=NetworkMeeting.DEFAULT_MINUTES
    )
    place = forms.ChoiceField(label=_("Place"), choices=Place.choices, widget=forms.RadioSelect, initial=Place.HOME)
    place_detail = forms.CharField(
        label=_("Address or video link"),
        max_length=ADDRESS_MAX,
        required=False,
        help_text=_(
            "Needed for a video meeting or somewhere else; at home, the address if it is not the person's own."
        ),
    )
    index_person_invited = forms.BooleanField(label=_("Invite the index person"), required=False, initial=True)
    members = forms.ModelMultipleChoiceField(
        label=_("Invite from the network"),
        queryset=NetworkMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only people the index person has agreed to invite, with an e-mail address, can be chosen."),
    )

    def __init__(self, *args, case: Case, meeting: NetworkMeeting | None = None, **kwargs):
        self.case = case
        self.zone = ZoneInfo(case.time_zone)
        super().__init__(*args, **kwargs)
        invitable = [m for m in case.members.filter(erased_at=None).order_by("closeness", "pk") if may_be_invited(m)]
        self.fields["members"].queryset = NetworkMember.objects.filter(pk__in=[m.pk for m in invitable])
        self.fields["members"].label_from_instance = lambda m: f"{m.name} ({m.relation_display})"
        self.fields["starts_at"].help_text = _("Local time in %(zone)s.") % {"zone": self.zone.key}
        if meeting is not None and not self.is_bound:
            self.initial.update(
                starts_at=to_local_input(meeting.starts_at, self.zone),
                duration_minutes=meeting.duration_minutes,
                place=meeting.place,
                place_detail=meeting.place_detail,
                index_person_invited=meeting.attendees.filter(is_index_person=True, invited=True).exists(),
                members=[a.member_id for a in meeting.attendees.all() if a.member_id],
            )

    def clean_starts_at(self):
        return as_local(self.cleaned_data["starts_at"], self.zone)

    @property
    def meeting_data(self) -> dict:
        data = self.cleaned_data
        return {
            "starts_at": data["starts_at"],
            "duration_minutes": data["duration_minutes"],
            "place": data["place"],
            "place_detail": data["place_detail"],
            "members": list(data["members"]),
            "index_person_invited": data["index_person_invited"],
        }


NEXT_STEP_ROWS = 4


class RecordMeetingForm(CleanTextMixin, forms.Form):
    """A held meeting in one form: who came, the next steps, and the next meeting."""

    book_next = forms.BooleanField(label=_("Book the next meeting now"), required=False)
    next_starts_at = local_datetime_field(_("Next meeting: date and time"), required=False)
    next_duration_minutes = forms.TypedChoiceField(
        label=_("Next meeting: duration"),
        choices=DURATION_CHOICES,
        coerce=int,
        initial=NetworkMeeting.DEFAULT_MINUTES,
        required=False,
    )
    next_place = forms.ChoiceField(label=_("Next meeting: place"), choices=Place.choices, required=False)
    next_place_detail = forms.CharField(
        label=_("Next meeting: address or video link"), max_length=ADDRESS_MAX, required=False
    )

    def __init__(self, *args, meeting: NetworkMeeting, attendees, **kwargs):
        self.meeting = meeting
        self.zone = ZoneInfo(meeting.case.time_zone)
        self.attendee_fields = []
        super().__init__(*args, **kwargs)
        for attendee in attendees:
            name = f"attended_{attendee.pk}"
            self.fields[name] = forms.BooleanField(
                label=attendee.display_name, required=False, initial=attendee.invited
            )
            self.attendee_fields.append((attendee, name))
        self.step_rows = []
        for i in range(NEXT_STEP_ROWS):
            text, who = f"step_{i}_text", f"step_{i}_responsible"
            self.fields[text] = forms.CharField(
                label=_("Next step %(number)s") % {"number": i + 1},
                max_length=TEXT_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[who] = forms.CharField(
                label=_("Who is responsible for step %(number)s") % {"number": i + 1},
                max_length=NAME_MAX,
                required=False,
            )
            self.step_rows.append((text, who))
        self.one_line = tuple(who for _text, who in self.step_rows)
        if not self.is_bound:
            self.initial.setdefault("next_place", meeting.place)
            self.initial.setdefault("next_place_detail", meeting.place_detail)

    def clean(self):
        data = super().clean()
        for text, who in self.step_rows:
            if data.get(who) and not data.get(text):
                self.add_error(text, _("Write the step, or leave both fields empty."))
        if data.get("book_next"):
            if not data.get("next_starts_at"):
                self.add_error("next_starts_at", _("Give the time of the next meeting."))
            if not data.get("next_place"):
                self.add_error("next_place", _("Choose where the next meeting is."))
        return data

    def clean_next_starts_at(self):
        return as_local(self.cleaned_data["next_starts_at"], self.zone)

    @property
    def attendance_fields(self) -> list:
        return [self[name] for _attendee, name in self.attendee_fields]

    @property
    def step_fields(self) -> list:
        return [self[name] for row in self.step_rows for name in row]

    @property
    def attended(self) -> dict[int, bool]:
        return {attendee.pk: self.cleaned_data[name] for attendee, name in self.attendee_fields}

    @property
    def steps(self) -> list[tuple[str, str]]:
        return [(self.cleaned_data[t], self.cleaned_data[w]) for t, w in self.step_rows if self.cleaned_data.get(t)]


class EnquiryToCaseForm(CleanTextMixin, forms.Form):
    """A network-meetings enquiry becomes a case: the team, and who the enquirer is."""

    one_line = ("index_person_name",)

    ENQUIRER_IS_INDEX = "index"
    ENQUIRER_IS_MEMBER = "member"

    clinicians = ClinicianChoiceField(
        label=_("Team"),
        queryset=network_clinicians(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Preferably two network clinicians, the same people throughout."),
    )
    enquirer_is = forms.ChoiceField(
        label=_("Who wrote the enquiry?"),
        choices=[
            (ENQUIRER_IS_INDEX, _("The person who needs help (the index person)")),
            (ENQUIRER_IS_MEMBER, _("Someone in that person's network")),
        ],
        widget=forms.RadioSelect,
        initial=ENQUIRER_IS_INDEX,
    )
    relation = forms.ChoiceField(
        label=_("The enquirer's relation to the index person"), choices=[("", "–"), *Relation.choices], required=False
    )
    index_person_name = forms.CharField(
        label=_("The index person's name"),
        max_length=NAME_MAX,
        required=False,
        help_text=_("Needed when the enquirer is someone in the network."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clinicians"].queryset = network_clinicians()

    def clean(self):
        data = super().clean()
        if data.get("enquirer_is") == self.ENQUIRER_IS_MEMBER:
            if not data.get("relation"):
                self.add_error("relation", _("Choose the enquirer's relation to the index person."))
            if not data.get("index_person_name"):
                self.add_error("index_person_name", _("Give the index person's name."))
        return data
