"""Every model of ours has an admin page with search and filters, and it renders."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
OUR_APPS = ("accounts", "sessions_app", "participants", "workshops", "evaluations", "enquiries", "reminders")
MODELS = [m for m in apps.get_models() if m._meta.app_label in OUR_APPS]


def test_every_model_has_an_admin_with_search():
    missing = [m._meta.label for m in MODELS if m not in admin.site._registry]
    assert missing == []
    without_search = [m._meta.label for m in MODELS if not admin.site._registry[m].search_fields]
    assert without_search == []


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_admin_list_renders_with_a_search(client, model):
    client.force_login(UserFactory(is_superuser=True))
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(url, {"q": "a"}).status_code == 200
