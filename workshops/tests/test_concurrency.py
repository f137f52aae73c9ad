"""Real concurrent transactions on PostgreSQL: the outcome is submitted once, a follow-up
recorded once."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from dialogkurs.testing.concurrency import run_at_once
from sessions_app.tests.factories import AFTER_TRAINING, february_training
from workshops import services as services_workshop
from workshops.models import FollowUpMeeting, ProposalUpdate, WorkshopOutcome
from workshops.tests.factories import add_proposals, submitted_outcome

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_facilitators_submitting_at_once_submit_once_and_book_two_follow_ups():
    course = february_training()
    add_proposals(course, 2)
    with time_machine.travel(AFTER_TRAINING, tick=True):
        outcomes = run_at_once([lambda: services_workshop.outcome_submit(course, by=None)] * 4)
    assert sum(isinstance(o, WorkshopOutcome) for o in outcomes) == 1
    assert [o.messages for o in outcomes if isinstance(o, ValidationError)] == [
        ["The outcome has been submitted and can no longer be changed."]
    ] * 3
    assert FollowUpMeeting.objects.filter(course=course).count() == 2
    assert ProposalUpdate.objects.filter(proposal__outcome__course=course).count() == 2


def test_a_follow_up_recorded_from_two_phones_at_once_is_recorded_once():
    course = february_training()
    submitted_outcome(course)
    meeting = course.followups.get(number=1)
    with time_machine.travel(meeting.starts_at + timedelta(hours=1), tick=True):
        outcomes = run_at_once([lambda: services_workshop.followup_record(meeting, by=None, progress={})] * 4)
    assert sum(isinstance(o, FollowUpMeeting) for o in outcomes) == 1
    assert ProposalUpdate.objects.filter(meeting=meeting).count() == 2
