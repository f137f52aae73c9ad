"""What a benchmark adds is gone again when it ends: each run measures the seeded data set."""

from __future__ import annotations

import pytest
from harness import forget_course, forget_registrations

from participants.models import Participant, Registration, RegistrationSource
from participants.services import registration_register
from reminders.models import ScheduledMessage
from sessions_app.models import Course
from sessions_app.tests.factories import confirmed_course

pytestmark = pytest.mark.django_db


def sign_up(course: Course, email: str) -> Registration:
    registration, _created = registration_register(
        course=course,
        email=email,
        name="Bench",
        language="sv",
        perspective="staff",
        source=RegistrationSource.COORDINATOR,
    )
    return registration


def outbox_rows_about(*objects) -> int:
    return sum(
        ScheduledMessage.objects.filter(content_type__model=obj._meta.model_name, object_id=obj.pk).count()
        for obj in objects
    )


def test_forgetting_a_benchmarks_sign_ups_leaves_everyone_elses():
    course = confirmed_course()
    kept = sign_up(course, "kept@example.org")
    bench = [sign_up(course, f"bench.signup.7.{n}@example.org") for n in range(3)]
    assert outbox_rows_about(*bench) > 0  # their confirmations and reminders
    kept_rows = outbox_rows_about(kept)

    deleted = forget_registrations(Registration.objects.filter(participant__email__startswith="bench.signup.7."))

    assert deleted == 3
    assert list(Registration.objects.filter(course=course)) == [kept]
    assert outbox_rows_about(*bench) == 0
    assert outbox_rows_about(kept) == kept_rows
    assert not Participant.objects.filter(email__startswith="bench.signup.7.").exists()


def test_forgetting_a_benchmarks_course_deletes_it_with_its_people_and_plans():
    course = confirmed_course()
    other = confirmed_course()
    people = [sign_up(course, f"storm.{n}@example.org") for n in range(2)]
    elsewhere = sign_up(other, "storm.0@example.org")  # one of them holds a place elsewhere too
    half_days, assignments = list(course.half_days.all()), list(course.assignments.all())
    assert outbox_rows_about(course, *half_days, *assignments, *people) > 0

    forget_course(course)

    assert not Course.objects.filter(pk=course.pk).exists()
    assert outbox_rows_about(course, *half_days, *assignments, *people) == 0
    assert list(Registration.objects.all()) == [elsewhere]
    assert list(Participant.objects.values_list("email", flat=True)) == ["storm.0@example.org"]
