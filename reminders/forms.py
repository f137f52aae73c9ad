"""Forms of the outbox pages: they only parse; the selectors and services do the rest."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User

from . import registry, selectors
from .models import ScheduledMessage


class ContentTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ContentType) -> str:
        model = obj.model_class()
        return str(model._meta.verbose_name).capitalize() if model else obj.model


def kind_choices(blank_label) -> list[tuple[str, str]]:
    return [("", blank_label), *((k.name, k.display) for k in registry.registered_kinds())]


class OutboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=pgettext_lazy("message", "Status"),
        required=False,
        choices=[("", _("Any status")), *ScheduledMessage.Status.choices],
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    content_type = ContentTypeChoiceField(
        label=_("About"), required=False, queryset=ContentType.objects.none(), empty_label=_("Anything")
    )
    object_id = forms.IntegerField(label=_("Number of the object"), required=False, min_value=1)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices(_("Any kind"))
        self.fields["content_type"].queryset = selectors.outbox_content_types(user=user)

    def clean(self):
        data = super().clean()
        if data.get("object_id") and not data.get("content_type"):
            self.add_error("content_type", _("Choose what the number refers to."))
        return data


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
        self.fields["kind"].choices = kind_choices(_("The message's own kind"))

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
