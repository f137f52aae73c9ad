from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from demo.data import DEMO_ACCOUNTS, load_demo
from demo.management.commands.load_demo import login_url
from participants.models import Registration
from participants.planners import KIND_CONFIRMATION
from reminders.models import ScheduledMessage
from sessions_app.models import Course

pytestmark = pytest.mark.django_db


def _counts():
    return (User.objects.count(), Course.objects.count(), Registration.objects.count())


def test_demo_data_is_idempotent_and_covers_every_course_state():
    load_demo()
    first = _counts()
    load_demo()
    assert _counts() == first
    assert sorted(Course.objects.values_list("status", flat=True)) == [
        "cancelled",
        "confirmed",
        "delivered",
        "draft",
        "draft",
    ]
    for account in DEMO_ACCOUNTS:
        assert User.objects.get(email=account.email).check_password(account.password)


def test_the_demo_prints_the_login_address_of_this_site(settings, monkeypatch):
    settings.DEMO_MODE = True
    settings.SITE_URL = "http://127.0.0.1:8765"
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "Log in at http://127.0.0.1:8765/login/ with:" in out.getvalue()
    settings.SITE_URL = ""
    monkeypatch.setenv("PORT", "8123")
    assert login_url() == "http://127.0.0.1:8123/login/"


def test_the_training_held_last_month_sends_its_participants_no_confirmation():
    load_demo()
    held = Course.objects.get(status="delivered")
    registrations = list(held.registrations.values_list("pk", flat=True))
    assert len(registrations) == 18
    confirmations = ScheduledMessage.objects.filter(kind=KIND_CONFIRMATION, object_id__in=registrations)
    assert confirmations.count() == 0
