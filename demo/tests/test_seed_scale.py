"""`manage.py seed_scale`: the benchmark's data set, small here (scale 0.01)."""

from __future__ import annotations

import hashlib
from base64 import b32encode
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.roles import Role
from demo.scale import tables
from demo.scale.steps import STEPS
from demo.scale.trainings import TOTP_KEY
from dialogkurs.testing.two_factor import code_for_key
from enquiries.models import Enquiry
from participants.models import Registration
from reminders.models import ScheduledMessage
from sessions_app.models import Course

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = date(2026, 3, 2)


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_scale", scale=0.01, seed=7, today=TODAY, flush=True, stdout=out, **options)
    return out.getvalue()


def digest() -> str:
    rows = [
        list(Course.objects.order_by("pk").values_list("pk", "workplace", "status", "signup_token")),
        list(Registration.objects.order_by("pk").values_list("pk", "participant", "status", "queued_at")),
        list(Enquiry.objects.order_by("pk").values_list("pk", "email", "status", "created_at")),
        list(ScheduledMessage.objects.order_by("pk").values_list("kind", "object_id", "recipient", "status", "due_at")),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def indexes() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = ANY(%s) ORDER BY 1", [tables(STEPS)])
        return [name for (name,) in cursor.fetchall()]


def test_seeding_writes_every_table_with_a_progress_line_each_and_the_same_rows_for_the_same_seed(settings):
    settings.BENCH_MODE = True
    before = indexes()
    out = seed()
    assert indexes() == before  # dropped for the load, built again
    for step in STEPS:
        line = next(line for line in out.splitlines() if line.strip().startswith(step.name + " "))
        assert int(line.split()[1].replace(",", "")) > 0, line
    first = digest()
    seed()
    assert digest() == first
    # The rules the services keep hold in the seeded data too.
    over = Course.objects.annotate(n=Count("registrations", filter=Q(registrations__status="confirmed"))).filter(
        n__gt=Course.CAPACITY
    )
    assert not over.exists()
    assert ScheduledMessage.objects.filter(status="sent", sent_at=None).count() == 0


def test_seeded_administrators_and_network_clinicians_have_an_authenticator_with_the_known_key(settings):
    settings.BENCH_MODE = True
    seed()
    two_factor = User.objects.filter(groups__name__in=[Role.ADMINISTRATOR, Role.NETWORK_CLINICIAN]).distinct()
    assert sorted(TOTPDevice.objects.values_list("user__email", "key", "confirmed")) == sorted(
        (email, TOTP_KEY, True) for email in two_factor.values_list("email", flat=True)
    )
    device = TOTPDevice.objects.get(user__email="admin1@seed.example.org")
    assert device.verify_token(code_for_key(b32encode(bytes.fromhex(TOTP_KEY)).decode()))


def test_seeding_is_refused_outside_benchmark_and_demo_mode(settings):
    settings.BENCH_MODE = settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DJANGO_BENCH=1 or DJANGO_DEMO=1"):
        seed()


def test_seeding_a_database_that_has_data_needs_flush(settings):
    settings.BENCH_MODE = True
    seed()
    with pytest.raises(CommandError, match="already has rows"):
        call_command("seed_scale", scale=0.01, stdout=StringIO())
