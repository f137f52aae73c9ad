from __future__ import annotations

import pytest

from demo.participants import load_participants_demo
from participants.models import Participant, Registration, RegistrationStatus
from sessions_app.tests.factories import scheduled_course

pytestmark = pytest.mark.django_db


def test_demo_participants_fill_the_first_open_training_and_load_twice_to_the_same_rows():
    first, second = scheduled_course(), scheduled_course()
    load_participants_demo()
    load_participants_demo()
    assert first.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 20
    assert first.registrations.filter(status=RegistrationStatus.WAITLISTED).count() == 2
    assert second.registrations.count() == 12
    assert (Participant.objects.count(), Registration.objects.count()) == (34, 34)


def test_demo_participants_without_an_open_training_do_nothing():
    load_participants_demo()
    assert Registration.objects.count() == 0
