from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PersonForm(forms.Form):
    email = forms.EmailField(label=_("The person's e-mail address"), max_length=254)


class ErasureForm(PersonForm):
    email = forms.EmailField(widget=forms.HiddenInput, max_length=254)
    confirm = forms.BooleanField(
        label=_("I have checked the preview: erase this person's data now. This cannot be undone."), required=True
    )
