from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from demo.data import DEMO_ACCOUNTS, load_demo
from demo.management.commands.load_demo import login_url
from dialogkurs.workdays import is_working_day
from participants.models import Registration
from participants.planners import KIND_CONFIRMATION
from reminders.models import ScheduledMessage
from sessions_app import pool
from sessions_app.models import Course, Facilitator, HalfDay, Unavailability

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
        "draft",
        "followed_up",  # the spring training of the reports' history (demo/reports.py)
    ]
    for account in DEMO_ACCOUNTS:
        assert User.objects.get(email=account.email).check_password(account.password)


def test_the_demo_prints_the_login_address_of_this_site(settings, monkeypatch):
    settings.DEMO_MODE = True
    settings.SITE_URL = "http://127.0.0.1:8765"
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "Log in at http://127.0.0.1:8765/login/ with:" in out.getvalue()
    assert "(as the coordinator): http://127.0.0.1:8765/participants/courses/" in out.getvalue()
    assert ":8000" not in out.getvalue()
    settings.SITE_URL = ""
    monkeypatch.setenv("PORT", "8123")
    assert login_url() == "http://127.0.0.1:8123/login/"


def test_the_training_held_last_month_sends_its_participants_no_confirmation(sweep):
    load_demo()
    held = Course.objects.filter(half_days__ends_at__lt=timezone.now()).distinct()
    registrations = list(Registration.objects.filter(course__in=held).values_list("pk", flat=True))
    assert len(registrations) >= 18
    confirmations = ScheduledMessage.objects.filter(kind=KIND_CONFIRMATION, object_id__in=registrations)
    assert confirmations.count() == 0
    sweep()
    assert [m.to for m in mail.outbox if "umea." in m.to[0]] == []


@pytest.mark.parametrize("today", [datetime(2026, 11, 27, 10), datetime(2027, 4, 16, 10)])
def test_the_demo_books_half_days_on_working_days_only_and_has_a_pool_to_rank(today):
    # Loaded on 27 November 2026 the demo used to book 25 December and two Sundays; on
    # 16 April 2027, 17 May (Norway) is 31 days ahead.
    with time_machine.travel(today.replace(tzinfo=ZoneInfo("Europe/Stockholm"))):
        load_demo()
    for half_day in HalfDay.objects.select_related("course__workplace__organisation"):
        country = half_day.course.workplace.organisation.country
        day = timezone.localtime(half_day.starts_at, ZoneInfo(half_day.course.workplace.time_zone)).date()
        assert is_working_day(day, country), (half_day.course, day)
    facilitators = list(Facilitator.objects.all())
    assert len(facilitators) >= 8
    assert {f.lived_experience for f in facilitators} == {"own", "relative", "both", ""}
    assert {language for f in facilitators for language in f.languages} == {"sv", "nb", "en"}
    assert Unavailability.objects.filter(weekday__isnull=False).exists()
    assert Unavailability.objects.filter(weekday__isnull=True).exists()
    assert Facilitator.objects.filter(active=False).count() == 1
    draft = Course.objects.filter(status="draft", assignments__isnull=True, half_days__isnull=False).distinct().get()
    assert len(pool.course_pair_finder(draft)["pairs"]) == pool.PAIRS_SHOWN
