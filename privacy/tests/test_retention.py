from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.tests.factories import UserFactory
from participants.models import Participant
from participants.tests.factories import ParticipantFactory, register
from privacy import tasks
from privacy.retention import RetentionResult, retention_run
from reminders.models import ScheduledMessage
from reminders.personal_data import FINISHED
from sessions_app.models import Facilitator
from sessions_app.tests.factories import STOCKHOLM, FacilitatorFactory, february_training

pytestmark = pytest.mark.django_db

# The February 2026 training ends on 12 February 2026; 24 months later is 12 February 2028.
JUST_BEFORE = datetime(2028, 2, 11, 12, 0, tzinfo=STOCKHOLM)
JUST_AFTER = datetime(2028, 2, 13, 12, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def trained():
    course = february_training()
    with time_machine.travel(datetime(2026, 1, 21, 9, 0, tzinfo=STOCKHOLM), tick=False):
        registration = register(course, ParticipantFactory(name="Kim Deltagare", email="kim@example.org"))
    return course, registration


def test_a_participant_is_kept_24_months_after_the_last_training_then_anonymised(trained, celery_eager):
    _course, registration = trained
    with time_machine.travel(JUST_BEFORE, tick=False):
        assert retention_run().participants == 0
    with time_machine.travel(JUST_AFTER, tick=False):
        assert tasks.apply_retention.delay().get()["participants"] == 1
    participant = Participant.objects.get(pk=registration.participant_id)
    assert participant.name == "" and participant.anonymised_at is not None
    assert not ScheduledMessage.objects.filter(recipient="kim@example.org").exists()


def test_a_second_run_changes_nothing(trained):
    with time_machine.travel(JUST_AFTER, tick=False):
        retention_run()
        again = retention_run()
    assert again == RetentionResult()


def test_a_later_training_keeps_the_participant(trained):
    _course, registration = trained
    later = february_training(first_day=datetime(2026, 2, 19).date())
    with time_machine.travel(datetime(2026, 1, 21, 9, 0, tzinfo=STOCKHOLM), tick=False):
        register(later, registration.participant)
    with time_machine.travel(JUST_AFTER, tick=False):
        assert retention_run().participants == 0


def test_the_outbox_forgets_addresses_90_days_after_the_message(trained):
    now = JUST_BEFORE - timedelta(days=600)
    with time_machine.travel(now, tick=False):
        assert retention_run().messages > 0
    old = ScheduledMessage.objects.filter(due_at__lt=now - timedelta(days=90))
    assert not old.filter(status__in=FINISHED, recipient__contains="@").exists()
    assert old.exclude(status__in=FINISHED).filter(recipient__contains="@").exists()  # still to be sent: kept


def test_an_inactive_facilitator_loses_lived_experience_and_contact_data(settings):
    course = february_training()
    facilitator = course.assignments.first().facilitator
    with time_machine.travel(JUST_AFTER, tick=False):
        assert retention_run().facilitators == 2
    facilitator = Facilitator.objects.select_related("user").get(pk=facilitator.pk)
    assert (facilitator.lived_experience, facilitator.active) == ("", False)
    assert facilitator.user.full_name == "" and facilitator.user.email.endswith("@erased.invalid")


def test_a_facilitator_who_logged_in_recently_is_kept():
    course = february_training()
    facilitator = course.assignments.first().facilitator
    user = facilitator.user
    user.last_login = datetime(2027, 6, 1, tzinfo=STOCKHOLM)
    user.save(update_fields=["last_login"])
    with time_machine.travel(JUST_AFTER, tick=False):
        retention_run()
    facilitator.refresh_from_db()
    assert facilitator.lived_experience != ""


def test_a_facilitator_who_is_also_coordinator_keeps_the_account(settings):
    user = UserFactory(roles=["Coordinator"])
    facilitator = FacilitatorFactory(user=user)
    with time_machine.travel(timezone.now() + timedelta(days=800), tick=False):
        retention_run()
    facilitator.refresh_from_db()
    user.refresh_from_db()
    assert facilitator.lived_experience == "" and user.anonymised_at is None
