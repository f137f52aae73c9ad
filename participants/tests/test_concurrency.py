"""Real concurrent transactions on PostgreSQL: the 20 places hold when many register at once."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dialogkurs.testing.concurrency import run_at_once
from participants import services
from participants.models import Registration, RegistrationSource, RegistrationStatus
from participants.planners import KIND_HALFDAY
from participants.tests.factories import ParticipantFactory, fill
from reminders.models import ScheduledMessage
from sessions_app import services as course_services
from sessions_app.tests.factories import confirmed_course, scheduled_course

pytestmark = pytest.mark.django_db(transaction=True)


def signup_course():
    """A draft training whose sign-up link is open."""
    course = scheduled_course(timezone.localdate() + timedelta(days=30))
    return course_services.course_set_signup_open(course, is_open=True)


def test_thirty_simultaneous_sign_ups_confirm_exactly_twenty():
    course = signup_course()
    participants = [ParticipantFactory() for _ in range(30)]
    outcomes = run_at_once(
        [
            lambda p=p: services.registration_create(course=course, participant=p, source=RegistrationSource.SIGNUP)
            for p in participants
        ]
    )
    assert all(isinstance(o, Registration) for o in outcomes), outcomes
    statuses = sorted(course.registrations.values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.CONFIRMED) == 20
    assert statuses.count(RegistrationStatus.WAITLISTED) == 10
    positions = sorted(services.waitlist_position(r) for r in course.registrations.filter(status="waitlisted"))
    assert positions == list(range(1, 11))


def test_simultaneous_cancellations_and_sign_ups_never_exceed_twenty():
    course = signup_course()
    registrations = fill(course, 25)
    newcomers = [ParticipantFactory() for _ in range(15)]
    work = [lambda r=r: services.registration_cancel(r) for r in registrations[:15]]
    work += [
        lambda p=p: services.registration_create(course=course, participant=p, source=RegistrationSource.SIGNUP)
        for p in newcomers
    ]
    outcomes = run_at_once(work)
    assert not [o for o in outcomes if isinstance(o, Exception)]
    confirmed = course.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    waiting = course.registrations.filter(status=RegistrationStatus.WAITLISTED).count()
    # 25 - 15 cancelled + 15 new = 25 live: 20 confirmed, 5 waiting, whatever the interleaving.
    assert (confirmed, waiting) == (20, 5)


def test_a_double_click_on_the_sign_up_form_registers_once_and_answers_both_clicks():
    # Before, both requests found no participant with the address and both inserted one: the
    # second hit the unique constraint and answered 500.
    course = course_services.course_set_signup_open(
        scheduled_course(timezone.localdate() + timedelta(days=30)), is_open=True
    )
    data = {"name": "Kari Nordmann", "email": "kari@example.no", "perspective": "staff", "language": "nb"}
    url = reverse("participants:signup", args=[course.signup_token])
    # The test client's exception hook is process-wide; read status codes instead.
    clients = [Client(raise_request_exception=False) for _ in range(2)]
    outcomes = run_at_once([lambda c=c: c.post(url, {**data, "consent": "on"}) for c in clients])
    assert sorted(response.status_code for response in outcomes) in ([200, 302], [302, 302])
    assert course.registrations.count() == 1


def test_thirty_simultaneous_sign_ups_on_a_confirmed_course_confirm_twenty_each_with_their_own_reminders():
    course = course_services.course_set_signup_open(
        confirmed_course(timezone.localdate() + timedelta(days=30)), is_open=True
    )
    participants = [ParticipantFactory() for _ in range(30)]
    outcomes = run_at_once(
        [
            lambda p=p: services.registration_create(course=course, participant=p, source=RegistrationSource.SIGNUP)
            for p in participants
        ]
    )
    assert all(isinstance(o, Registration) for o in outcomes), outcomes
    confirmed = list(course.registrations.filter(status=RegistrationStatus.CONFIRMED))
    assert len(confirmed) == 20
    assert course.registrations.filter(status=RegistrationStatus.WAITLISTED).count() == 10
    # Each confirmed registration has its own four half-day reminders; nobody on the waitlist has any.
    reminders = ScheduledMessage.objects.filter(kind=KIND_HALFDAY, status=ScheduledMessage.Status.PLANNED)
    per_registration = Counter(reminders.values_list("object_id", flat=True))
    assert per_registration == {registration.pk: 4 for registration in confirmed}
    assert set(reminders.values_list("content_type", flat=True)) == {ContentType.objects.get_for_model(Registration).pk}
