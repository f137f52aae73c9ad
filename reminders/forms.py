"""Forms of the outbox pages: they only parse; the selectors and services do the rest."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from . import registry, selectors


def kind_choices() -> list[tuple[str, str]]:
    """Every registered kind of message, by its name for people."""
    return [(k.name, k.display) for k in registry.registered_kinds()]


class PreviewForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    message = forms.IntegerField(
        label=_("Message number"),
        required=False,
        min_value=1,
        help_text=_("Leave empty to use the latest message of the kind."),
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mail"),
        required=False,
        choices=[("", _("The recipient's language")), *settings.LANGUAGES],
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["kind"].choices = [("", _("The message's own kind")), *kind_choices()]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        kind, number = data.get("kind"), data.get("message")
        if number:
            message = selectors.message_find(user=self.user, pk=number)
            if message is None:
                self.add_error("message", _("There is no message with this number."))
        elif kind:
            message = selectors.message_latest_of_kind(user=self.user, kind=kind)
            if message is None:
                self.add_error("message", _("There is no message of this kind yet: enter a message number."))
        else:
            message = None
            self.add_error("kind", _("Choose a kind or enter a message number."))
        data["message_obj"] = message
        return data
