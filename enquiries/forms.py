"""Forms for enquiries: they parse and normalise; the rules are in services and models."""

from __future__ import annotations

import re
from datetime import datetime

from django import forms
from django.conf import settings
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from dialogkurs.forms import as_local, local_datetime_field, to_local_input
from sessions_app.models import Organisation, Workplace

from . import selectors, sla
from .models import NOTE_MAX, Country, Enquiry, EnquiryMeeting, Topic

# The honeypot: a text input people never see (hidden visually and from assistive
# technology), which naive bots fill in. Its name looks like a field worth filling.
HONEYPOT_FIELD = "website"

_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]*$")


class EnquiryForm(forms.ModelForm):
    """The public contact form."""

    consent = forms.BooleanField(
        label=_("I agree that my details are stored to answer my enquiry."),
        error_messages={"required": _("We need your consent to store your details and answer you.")},
    )

    class Meta:
        model = Enquiry
        fields = [
            "name",
            "email",
            "phone",
            "organisation",
            "country",
            "topic",
            "message",
            "preferred_times",
            "language",
        ]
        labels = {
            "name": _("Your name"),
            "email": _("Your e-mail address"),
            "phone": _("Phone number (optional)"),
            "organisation": _("Organisation or workplace"),
            "country": _("Country of your organisation"),
            "topic": _("What is your enquiry about?"),
            "message": _("Your message"),
            "preferred_times": _("When would suit you for a meeting? (optional)"),
            "language": _("Language for our answer"),
        }
        help_texts = {
            "organisation": _("For example a region, a municipality or a service provider, and your unit."),
            "preferred_times": _("For example weekday mornings, or weeks that do not suit you."),
        }
        widgets = {
            "message": forms.Textarea(attrs={"rows": 6}),
            "preferred_times": forms.Textarea(attrs={"rows": 2}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
        }

    def _post_clean(self):
        # Forms only parse: the fields made from the model's check what its fields would, and
        # enquiry_submit validates the row it builds. The model's validation here built a query
        # for each check constraint only to find that the form lacks its fields (or, for topic
        # and country, to ask the database what the choices had checked): a fifth of a post.
        pass

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = (get_language() or "sv").split("-")[0]
        if language not in dict(settings.LANGUAGES):
            language = "sv"
        self.fields["language"].initial = language
        self.fields["country"].initial = Country.NORWAY if language == "nb" else Country.SWEDEN
        self.fields["topic"].choices = [("", _("Choose a topic")), *Topic.choices]
        months = settings.ENQUIRY_RETENTION_MONTHS
        self.fields["consent"].help_text = ngettext(
            "We use them only to contact you about this enquiry. They are deleted %(months)s month after the "
            "enquiry is closed.",
            "We use them only to contact you about this enquiry. They are deleted %(months)s months after the "
            "enquiry is closed.",
            months,
        ) % {"months": months}

    def is_spam(self) -> bool:
        """True when the honeypot was filled in: a bot, answered as if all went well."""
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        if phone and (not _PHONE.match(phone) or sum(c.isdigit() for c in phone) < 6):
            raise forms.ValidationError(
                _("Enter a phone number with at least six digits, for example +46 70 123 45 67."), code="phone"
            )
        return phone

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip()


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assignee"), queryset=selectors.coordinators(), required=False, empty_label=_("Nobody")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = selectors.coordinators()


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by coordinators only, never by the sender."),
    )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason or summary"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the enquiry is closed without a meeting, for example spam or a duplicate."),
    )


DURATION_CHOICES = [
    (30, _("30 minutes")),
    (45, _("45 minutes")),
    (60, _("1 hour")),
    (90, _("1.5 hours")),
    (120, _("2 hours")),
]


class MeetingForm(forms.ModelForm):
    """Book or move the face-to-face meeting. Times are read in the enquiry's local time."""

    starts_at = local_datetime_field(_("Date and time"))
    duration_minutes = forms.TypedChoiceField(label=_("Duration"), choices=DURATION_CHOICES, coerce=int, initial=60)

    class Meta:
        model = EnquiryMeeting
        fields = ["starts_at", "duration_minutes", "location", "attendees"]
        labels = {"location": _("Place"), "attendees": _("Who attends from us")}
        help_texts = {"location": _("The address, and the room if there is one.")}
        widgets = {"attendees": forms.CheckboxSelectMultiple}

    def __init__(self, *args, enquiry: Enquiry, **kwargs):
        self.enquiry = enquiry
        self.zone = sla.time_zone_for(enquiry.country)
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = selectors.meeting_staff(enquiry.topic)
        self.fields["starts_at"].help_text = _("Local time in %(zone)s.") % {"zone": self.zone.key}
        if self.instance.pk:
            self.initial["starts_at"] = to_local_input(self.instance.starts_at, self.zone)

    def clean_starts_at(self) -> datetime:
        # The browser sends a wall-clock time; it is the time where the meeting happens.
        return as_local(self.cleaned_data["starts_at"], self.zone)


class MeetingHeldForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was agreed, and what happens next."),
    )


class ConvertForm(forms.Form):
    """A training enquiry → a draft course: an existing workplace, or a new one (and its
    organisation when that is new too)."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("A new organisation"),
    )
    organisation_name = forms.CharField(label=_("Name of the new organisation"), required=False, max_length=200)
    workplace = forms.ModelChoiceField(
        label=_("Workplace"), queryset=Workplace.objects.none(), required=False, empty_label=_("A new workplace")
    )
    workplace_name = forms.CharField(label=_("Name of the new workplace"), required=False, max_length=200)
    visiting_address = forms.CharField(label=_("Visiting address"), required=False, max_length=300)
    manager_name = forms.CharField(label=_("Manager's name"), required=False, max_length=200)
    manager_email = forms.EmailField(label=_("Manager's e-mail address"), required=False)
    location = forms.CharField(
        label=_("Location of the training"),
        required=False,
        max_length=300,
        help_text=_("Room and address at the workplace, if already known."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, enquiry: Enquiry, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(country=enquiry.country).order_by("name")
        self.fields["workplace"].queryset = (
            Workplace.objects.filter(organisation__country=enquiry.country)
            .select_related("organisation")
            .order_by("organisation__name", "name")
        )
        if not self.is_bound:
            known = Organisation.objects.filter(name__iexact=enquiry.organisation, country=enquiry.country).first()
            self.initial.setdefault("organisation", known.pk if known else None)
            self.initial.setdefault("organisation_name", "" if known else enquiry.organisation)

    def clean(self):
        data = super().clean()
        if data.get("workplace"):
            return data
        if not data.get("organisation") and not data.get("organisation_name", "").strip():
            self.add_error("organisation_name", _("Choose an organisation or give the name of a new one."))
        if not data.get("workplace_name", "").strip():
            self.add_error("workplace_name", _("Choose a workplace or give the name of a new one."))
        return data
