"""Invitations, reminders and cancellations of network meetings on the reminders outbox: only
with the index person's agreement, reminders only to those who agreed to them, and nothing in
any message but the time, the place and the clinicians' names."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.tests.factories import clinician
from dialogkurs.testing.mail import addresses
from network import planners, services
from network.models import Agreement, Place, Relation
from network.tests import factories
from reminders.models import ScheduledMessage

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")
OSLO = ZoneInfo("Europe/Oslo")
Status = ScheduledMessage.Status


@pytest.fixture
def team():
    return [
        clinician(full_name="Maja Team", email="maja@team.example"),
        clinician(full_name="Nils Team", email="nils@team.example"),
    ]


@pytest.fixture
def case(team):
    return factories.case(team=team, name="Alva Lindgren", email="alva@example.org", reminders_agreed=True)


@pytest.fixture
def network(case):
    """Four people: agreed with reminders, agreed without, not asked, refused."""
    return {
        "reminded": factories.member(case, name="Bo Lindgren", email="bo@example.org", reminders=True),
        "agreed": factories.member(case, name="Cilla Berg", email="cilla@example.org", relation=Relation.FRIEND),
        "not_asked": factories.member(case, name="Dan Ek", email="dan@example.org", agreed=False),
        "refused": services.member_add(
            case,
            by=case.memberships.first().clinician,
            name="Eva Holm",
            relation=Relation.PARENT,
            email="eva@example.org",
            invite_agreement=Agreement.NO,
        ),
    }


def _book(case, members, django_capture_on_commit_callbacks, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        return factories.meeting(case, members=members, **fields)


def test_booking_invites_the_index_person_the_agreed_members_and_the_team(
    case, network, celery_eager, django_capture_on_commit_callbacks
):
    _book(case, [network["reminded"], network["agreed"]], django_capture_on_commit_callbacks)
    sent = sorted(address for email in mail.outbox for address in addresses(email))
    assert sent == [
        "alva@example.org",
        "bo@example.org",
        "cilla@example.org",
        "maja@team.example",
        "nils@team.example",
    ]
    assert all(email.attachments[0][0] == "meeting.ics" for email in mail.outbox)


def test_a_member_without_the_index_persons_agreement_cannot_be_invited(case, network):
    for person in (network["not_asked"], network["refused"]):
        with pytest.raises(ValidationError, match="cannot be invited"):
            factories.meeting(case, members=[person])
    assert case.meetings.count() == 0
    assert ScheduledMessage.objects.filter(kind=planners.KIND_MEETING_INVITATION).count() == 0


def test_nobody_without_agreement_ever_gets_a_message(
    case, network, team, celery_eager, sweep, django_capture_on_commit_callbacks
):
    """Book, move, remind and cancel: no message ever goes to the member who was not asked or
    the one the index person refused, although both have an address."""
    start = datetime.now(STOCKHOLM).replace(microsecond=0) + timedelta(days=3)
    meeting = _book(case, [network["reminded"], network["agreed"]], django_capture_on_commit_callbacks, starts_at=start)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_change(
            meeting,
            by=team[0],
            starts_at=start + timedelta(hours=2),
            duration_minutes=90,
            place=Place.CLINIC,
            members=[network["reminded"], network["agreed"]],
        )
    with time_machine.travel(start + timedelta(hours=2) - timedelta(days=1), tick=False):
        sweep()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(meeting, by=team[0])
    everyone = {address for email in mail.outbox for address in addresses(email)}
    assert everyone.isdisjoint({"dan@example.org", "eva@example.org"})
    assert ScheduledMessage.objects.filter(recipient__in=["dan@example.org", "eva@example.org"]).count() == 0


def test_the_reminder_the_day_before_goes_only_to_those_who_agreed_to_reminders(
    case, network, sweep, celery_eager, django_capture_on_commit_callbacks
):
    start = datetime(2031, 3, 12, 10, 0, tzinfo=STOCKHOLM)
    with time_machine.travel(start - timedelta(days=5), tick=False):
        _book(case, [network["reminded"], network["agreed"]], django_capture_on_commit_callbacks, starts_at=start)
    mail.outbox.clear()
    reminders = ScheduledMessage.objects.filter(kind=planners.KIND_MEETING_REMINDER)
    assert sorted(reminders.values_list("recipient", "due_at")) == [
        ("alva@example.org", start - timedelta(days=1)),
        ("bo@example.org", start - timedelta(days=1)),
    ]
    with time_machine.travel(start - timedelta(days=1, minutes=-1), tick=False):
        sweep()
    assert sorted(address for email in mail.outbox for address in addresses(email)) == [
        "alva@example.org",
        "bo@example.org",
    ]


def test_messages_carry_the_time_the_place_and_the_team_and_nothing_else(
    case, network, celery_eager, django_capture_on_commit_callbacks
):
    meeting = _book(
        case,
        [network["reminded"], network["agreed"]],
        django_capture_on_commit_callbacks,
        place=Place.VIDEO,
        place_detail="https://video.example/room-7",
    )
    to_bo = next(email for email in mail.outbox if addresses(email) == ["bo@example.org"])
    for part in (to_bo.subject, to_bo.body, to_bo.alternatives[0][0], str(to_bo.attachments[0][1])):
        assert "Cilla" not in part  # who else is invited
        assert "alva@example.org" not in part
        assert "Lindgren" not in part.replace("Bo Lindgren", "")  # the index person's name
    assert "https://video.example/room-7" in to_bo.body
    assert "Maja Team, Nils Team" in to_bo.body
    assert to_bo.to == ["bo@example.org"]  # the name is not in the outbox either
    assert ScheduledMessage.objects.filter(recipient_name__gt="").count() == 0
    calendar = icalendar.Calendar.from_ical(to_bo.attachments[0][1])
    event = next(iter(calendar.walk("VEVENT")))
    assert event["dtstart"].dt == meeting.starts_at


def test_messages_are_in_each_recipients_language(case, team, django_capture_on_commit_callbacks, celery_eager):
    norwegian = factories.member(case, name="Kari Nilsen", email="kari@example.org", language="nb")
    english = factories.member(case, name="Sam Taylor", email="sam@example.org", language="en")
    _book(case, [norwegian, english], django_capture_on_commit_callbacks)
    languages = {addresses(e)[0]: e.extra_headers["Content-Language"] for e in mail.outbox}
    assert languages["kari@example.org"] == "nb"
    assert languages["sam@example.org"] == "en"
    subject = {addresses(e)[0]: e.subject for e in mail.outbox}
    assert subject["sam@example.org"].startswith("Invitation: meeting on")
    assert subject["kari@example.org"].startswith("Invitasjon")
    assert subject["alva@example.org"].startswith("Inbjudan")


def test_moving_a_meeting_moves_the_reminders_and_sends_new_invitations(
    case, network, team, celery_eager, django_capture_on_commit_callbacks
):
    start = datetime.now(STOCKHOLM).replace(second=0, microsecond=0) + timedelta(days=4)
    meeting = _book(case, [network["reminded"]], django_capture_on_commit_callbacks, starts_at=start)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_change(
            meeting,
            by=team[0],
            starts_at=start + timedelta(days=1),
            duration_minutes=60,
            place=Place.HOME,
            members=[network["reminded"]],
        )
    assert {r.due_at for r in ScheduledMessage.objects.filter(kind=planners.KIND_MEETING_REMINDER)} == {
        start + timedelta(days=1) - timedelta(days=1)
    }
    assert len(mail.outbox) == 4  # index person, Bo, two clinicians
    sequences = {icalendar.Calendar.from_ical(e.attachments[0][1]).walk("VEVENT")[0]["sequence"] for e in mail.outbox}
    assert sequences == {1}


def test_cancelling_tells_everyone_invited_and_stops_the_reminders(
    case, network, team, celery_eager, django_capture_on_commit_callbacks
):
    meeting = _book(case, [network["reminded"]], django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(meeting, by=team[0])
    assert sorted(addresses(e)[0] for e in mail.outbox) == [
        "alva@example.org",
        "bo@example.org",
        "maja@team.example",
        "nils@team.example",
    ]
    assert {e.subject.split(":")[0] for e in mail.outbox} == {"Inställt", "Cancelled"}
    # Each carries the same calendar entry, cancelled, one sequence above the invitation's.
    for email in mail.outbox:
        (event,) = icalendar.Calendar.from_ical(email.attachments[0][1]).walk("VEVENT")
        assert (str(event["uid"]), str(event["status"]), int(event["sequence"])) == (
            f"network-meeting-{meeting.pk}@dialogkurs",
            "CANCELLED",
            meeting.sequence + 1,
        )
        assert event.walk("VALARM") == []
    statuses = set(
        ScheduledMessage.objects.filter(kind=planners.KIND_MEETING_REMINDER).values_list("status", flat=True)
    )
    assert statuses == {Status.CANCELLED}


def test_withdrawn_agreement_stops_the_members_messages(case, network, team, django_capture_on_commit_callbacks):
    meeting = _book(case, [network["reminded"]], django_capture_on_commit_callbacks)
    services.member_update(network["reminded"], by=team[0], invite_agreement=Agreement.NO)
    assert not meeting.attendees.filter(member=network["reminded"]).exists()
    row = ScheduledMessage.objects.get(kind=planners.KIND_MEETING_REMINDER, recipient="bo@example.org")
    assert row.status == Status.CANCELLED


def test_a_clinician_who_left_the_team_gets_no_more_messages(
    case, network, team, celery_eager, sweep, django_capture_on_commit_callbacks
):
    start = datetime.now(STOCKHOLM).replace(microsecond=0) + timedelta(days=3)
    meeting = _book(case, [], django_capture_on_commit_callbacks, starts_at=start)
    third = clinician(email="third@team.example")
    services.team_add(case, third, by=team[0], reason="Extra support")
    services.team_remove(case.memberships.get(clinician=team[1]), by=team[0], reason="Leave")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(meeting, by=team[0])
    assert "nils@team.example" not in {addresses(e)[0] for e in mail.outbox}
    assert "third@team.example" in {addresses(e)[0] for e in mail.outbox}


def test_a_team_change_tells_the_other_members(case, team, celery_eager, django_capture_on_commit_callbacks):
    third = clinician(email="third@team.example", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.team_add(case, third, by=team[0], reason="Extra support")
    assert [addresses(e)[0] for e in mail.outbox] == ["nils@team.example"]
    assert mail.outbox[0].subject == f"The team of case {case.pk} has changed"
    assert "Extra support" not in mail.outbox[0].body  # the reason stays in the case
