"""Packages' strings that their own catalogues lack in Norwegian or Swedish are translated in the
project's catalogue (dialogkurs/package_strings.py), which comes before theirs."""

from __future__ import annotations

import pytest
from django import forms
from django.test import Client
from django.utils import translation

from accounts.models import User
from accounts.tests.factories import administrator
from dialogkurs.testing.two_factor import verify_client_session

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "skip_link", "attempts"),
    [("nb", "Gå til hovedinnholdet", "Innloggingsforsøk"), ("sv", "Hoppa till huvudinnehållet", "Inloggningsförsök")],
)
def test_the_admin_index_speaks_the_administrators_language(language, skip_link, attempts):
    user = administrator()
    client = Client()
    client.force_login(user)
    verify_client_session(client, user)
    client.cookies["django_language"] = language
    page = client.get("/admin/").content.decode()
    assert skip_link in page
    assert attempts in page
    assert "Access attempts" not in page


def test_two_norwegian_form_messages_read_as_norwegian_does():
    with translation.override("nb"):
        field = forms.ModelChoiceField(queryset=User.objects.none())
        with pytest.raises(forms.ValidationError) as error:
            field.clean("1")
        assert error.value.messages == ["Velg et gyldig valg. Valget er ikke blant de tilgjengelige valgene."]
        with pytest.raises(forms.ValidationError) as error:
            forms.EmailField().clean("not an address")
        assert error.value.messages == ["Oppgi en gyldig e-postadresse."]
