"""Forms of the participants pages: they parse and normalise; the rules are in services."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import Participant, Perspective, Registration

MAX_IMPORT_BYTES = 1024 * 1024
# The sign-up form's trap for bots: a field people never see (it is not displayed), so a
# value in it means the form was filled in by a machine.
HONEYPOT_FIELD = "website"


def _model_field(name: str, **kwargs) -> forms.Field:
    return Participant._meta.get_field(name).formfield(**kwargs)


class ParticipantForm(forms.Form):
    """One participant, as a coordinator adds them to a course."""

    name = _model_field("name", widget=forms.TextInput(attrs={"autocomplete": "off"}))
    email = _model_field("email", widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    perspective = forms.ChoiceField(label=_("Perspective"), choices=Perspective.choices, initial=Perspective.STAFF)
    language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        initial="sv",
        help_text=_("E-mails to the participant are written in this language."),
    )

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class SignupForm(ParticipantForm):
    """The public sign-up form behind a workplace's sign-up link."""

    consent = forms.BooleanField(
        label=_("I agree to the text above"),
        error_messages={"required": _("You need to agree to the text to sign up.")},
    )

    def __init__(self, *args, consent_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.consent_text = consent_text
        self.fields["name"].label = _("Your name")
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].label = _("Your e-mail address")
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["perspective"].label = _("Your perspective")
        self.fields["perspective"].widget = forms.RadioSelect(choices=Perspective.choices)
        # No answer is chosen for them: the question is personal and should be answered on purpose.
        self.fields["perspective"].initial = None
        self.fields["perspective"].help_text = _(
            "Each training brings together different perspectives. Choose the one that fits you best: "
            "staff if you work here, own experience if you have used mental-health or substance-use "
            "services yourself, relative if someone close to you has. Only the coordinators and the "
            "training's facilitators see your answer."
        )
        self.fields["language"].label = _("Language for e-mails")
        self.fields["language"].help_text = ""
        language = (get_language() or "sv")[:2]
        self.fields["language"].initial = language if language in dict(settings.LANGUAGES) else "sv"
        self.fields["consent"].widget.attrs["aria-describedby"] = "consent-text"

    def clean(self):
        cleaned = super().clean()
        if self.data.get(HONEYPOT_FIELD):
            raise ValidationError(_("The form could not be sent. Please try again."), code="honeypot")
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("At most 1 MB, saved as UTF-8 (in Excel: “CSV UTF-8”)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> str:
        """The file's text, decoded."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(
                _("The file is %(size)s; at most %(limit)s can be imported.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_IMPORT_BYTES)},
                code="too_big",
            )
        raw = upload.read()
        try:
            # utf-8-sig drops the byte-order mark Excel writes at the start of "CSV UTF-8".
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                _("The file is not saved as UTF-8. In Excel, save it as “CSV UTF-8 (comma delimited)”."),
                code="encoding",
            ) from None


class AttendanceForm(forms.Form):
    """Who was present at one half-day; everyone else confirmed is recorded absent."""

    present = forms.ModelMultipleChoiceField(
        queryset=Registration.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Present"),
    )

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = registrations
