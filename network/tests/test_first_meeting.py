"""The 24-hour rule: the team is alerted when no meeting is booked 12 hours after the first
contact; a case whose first meeting was not held within 24 hours is flagged and counted."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import clinician
from dialogkurs.testing.mail import addresses
from network import planners, selectors, services
from network.models import Case
from network.tests import factories
from reminders.models import ScheduledMessage

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")
CONTACT = datetime(2031, 5, 6, 21, 30, tzinfo=STOCKHOLM)  # a Tuesday evening
Status = ScheduledMessage.Status


@pytest.fixture
def team():
    return [clinician(email="maja@team.example", language="en"), clinician(email="nils@team.example", language="en")]


def _case(team, **fields) -> Case:
    with time_machine.travel(CONTACT + timedelta(minutes=5), tick=False):
        return factories.case(team=team, first_contact_at=CONTACT, **fields)


def test_the_team_is_alerted_when_no_meeting_is_booked_twelve_hours_after_first_contact(team, sweep, celery_eager):
    case = _case(team)
    with time_machine.travel(CONTACT + timedelta(hours=11, minutes=59), tick=False):
        sweep()
    assert mail.outbox == []
    with time_machine.travel(CONTACT + timedelta(hours=12), tick=False):
        sweep()
    assert sorted(addresses(e)[0] for e in mail.outbox) == ["maja@team.example", "nils@team.example"]
    assert mail.outbox[0].subject == f"No meeting booked yet in case {case.pk}"
    assert "by Wednesday 7 May, 21:30" in mail.outbox[0].body or "21:30" in mail.outbox[0].body
    assert case.name not in mail.outbox[0].body


def test_booking_a_meeting_within_twelve_hours_cancels_the_alert(team, sweep, celery_eager):
    case = _case(team)
    with time_machine.travel(CONTACT + timedelta(hours=2), tick=False):
        factories.meeting(case, starts_at=CONTACT + timedelta(hours=14))
    assert ScheduledMessage.objects.get(
        kind=planners.KIND_FIRST_MEETING_ALERT, recipient="maja@team.example"
    ).status == (Status.CANCELLED)
    mail.outbox.clear()
    with time_machine.travel(CONTACT + timedelta(hours=12, minutes=1), tick=False):
        sweep()
    assert mail.outbox == []


def test_cancelling_the_only_meeting_plans_the_alert_again(team):
    case = _case(team)
    with time_machine.travel(CONTACT + timedelta(hours=1), tick=False):
        meeting = factories.meeting(case, starts_at=CONTACT + timedelta(hours=10))
        services.meeting_cancel(meeting, by=team[0])
    alerts = ScheduledMessage.objects.filter(kind=planners.KIND_FIRST_MEETING_ALERT, status=Status.PLANNED)
    assert sorted(alerts.values_list("recipient", "due_at")) == [
        ("maja@team.example", CONTACT + timedelta(hours=12)),
        ("nils@team.example", CONTACT + timedelta(hours=12)),
    ]


def test_a_case_created_after_twelve_hours_alerts_at_once(team):
    with time_machine.travel(CONTACT + timedelta(hours=30), tick=False):
        factories.case(team=team, first_contact_at=CONTACT)
    due = set(ScheduledMessage.objects.filter(kind=planners.KIND_FIRST_MEETING_ALERT).values_list("due_at", flat=True))
    assert due == {CONTACT + timedelta(hours=30)}


def _held(case, team, starts_at):
    with time_machine.travel(starts_at - timedelta(hours=1), tick=False):
        meeting = factories.meeting(case, starts_at=starts_at)
    with time_machine.travel(starts_at + timedelta(hours=2), tick=False):
        services.meeting_record(meeting, by=team[0], attended={a.pk: True for a in meeting.attendees.all()})
    case.refresh_from_db()
    return meeting


def test_a_first_meeting_within_24_hours_is_not_flagged_and_its_delay_is_kept(team):
    case = _case(team)
    _held(case, team, CONTACT + timedelta(hours=23, minutes=59))
    assert case.time_to_first_meeting == timedelta(hours=23, minutes=59)
    assert not case.is_first_meeting_late(CONTACT + timedelta(days=30))
    assert selectors.first_meeting_delays() == [timedelta(hours=23, minutes=59)]


def test_a_first_meeting_held_after_24_hours_is_flagged_for_good(team):
    case = _case(team)
    _held(case, team, CONTACT + timedelta(hours=24, minutes=1))
    assert case.is_first_meeting_late(CONTACT + timedelta(days=30))


def test_the_list_flags_a_case_without_a_meeting_once_24_hours_have_passed(team):
    case = _case(team)
    client = Client()
    with time_machine.travel(CONTACT + timedelta(hours=23, minutes=59), tick=False):
        client.force_login(team[0])
        before = client.get(reverse("network:case_list")).content.decode()
    with time_machine.travel(CONTACT + timedelta(hours=24, minutes=1), tick=False):
        after = client.get(reverse("network:case_list")).content.decode()
    assert "No meeting held within 24 hours of first contact." not in before
    assert "First meeting due by" in before
    assert "No meeting held within 24 hours of first contact." in after
    assert case.name in after


def test_late_first_meetings_are_counted_for_the_reports(team):
    late = _case(team)
    assert Case.objects.first_meeting_late(CONTACT + timedelta(hours=12)).count() == 0
    on_time = _case(team)
    _held(on_time, team, CONTACT + timedelta(hours=20))
    _case(team)  # no meeting yet
    with time_machine.travel(CONTACT + timedelta(hours=25), tick=False):
        counts = selectors.case_counts()
    assert counts == {"cases": 3, "open": 3, "closed": 0, "first_meeting_late": 2, "first_meeting_held": 1}
    _held(late, team, CONTACT + timedelta(hours=26))
    assert selectors.case_counts(now=CONTACT + timedelta(hours=27))["first_meeting_late"] == 2
