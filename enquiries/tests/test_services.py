"""The enquiry state machine: new → contacted → meeting_booked → met → closed, and its refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.tests.factories import UserFactory, clinician, coordinator, facilitator_user
from audit.models import AuditEntry
from enquiries import services
from enquiries.models import Enquiry, EnquiryMeeting, EventKind, Status
from enquiries.tests.factories import EnquiryFactory

pytestmark = pytest.mark.django_db


def _book(enquiry, staff, *, days: int = 2, **kwargs) -> EnquiryMeeting:
    return services.enquiry_book_meeting(
        enquiry,
        by=staff,
        starts_at=kwargs.pop("starts_at", timezone.now() + timedelta(days=days)),
        duration_minutes=kwargs.pop("duration_minutes", 60),
        location=kwargs.pop("location", "Storgatan 1, Uppsala"),
        attendees=kwargs.pop("attendees", [staff]),
    )


def test_an_enquiry_goes_from_new_to_closed_with_a_history_row_per_step():
    staff = coordinator()
    enquiry = EnquiryFactory()
    services.enquiry_mark_contacted(enquiry, by=staff)
    meeting = _book(enquiry, staff, days=1)
    with time_machine.travel(meeting.starts_at + timedelta(hours=1)):
        services.enquiry_record_meeting(enquiry, by=staff, outcome="De vill boka en dialogutbildning i höst.")
        services.enquiry_close(enquiry, by=staff)
    enquiry.refresh_from_db()
    assert enquiry.status == Status.CLOSED
    assert enquiry.contacted_at is not None and enquiry.closed_at is not None
    transitions = list(enquiry.events.filter(kind=EventKind.STATUS_CHANGED).values_list("from_status", "to_status"))
    assert transitions == [
        ("new", "contacted"),
        ("contacted", "meeting_booked"),
        ("meeting_booked", "met"),
        ("met", "closed"),
    ]
    meeting.refresh_from_db()
    assert meeting.outcome == "De vill boka en dialogutbildning i höst."
    assert meeting.held_at is not None


def test_booking_straight_from_new_counts_as_the_contact():
    staff = coordinator()
    enquiry = EnquiryFactory()
    _book(enquiry, staff)
    enquiry.refresh_from_db()
    assert enquiry.status == Status.MEETING_BOOKED
    assert enquiry.contacted_at is not None


def test_moving_the_meeting_keeps_one_meeting_and_bumps_its_sequence():
    staff = coordinator()
    enquiry = EnquiryFactory()
    first = _book(enquiry, staff, days=2)
    moved = _book(enquiry, staff, days=3, location="Kommunhuset, rum 4")
    assert moved.pk == first.pk
    assert (moved.sequence, moved.location) == (1, "Kommunhuset, rum 4")
    assert EnquiryMeeting.objects.count() == 1
    assert list(enquiry.events.values_list("kind", flat=True)) == [
        EventKind.RECEIVED,
        EventKind.STATUS_CHANGED,
        EventKind.MEETING_BOOKED,
        EventKind.MEETING_MOVED,
    ]


def test_the_same_booking_sent_again_records_no_move():
    staff = coordinator()
    enquiry = EnquiryFactory()
    when = timezone.now() + timedelta(days=2)
    first = _book(enquiry, staff, starts_at=when)
    again = _book(enquiry, staff, starts_at=when)
    assert (again.pk, again.sequence) == (first.pk, 0)
    assert list(enquiry.events.values_list("kind", flat=True)) == [
        EventKind.RECEIVED,
        EventKind.STATUS_CHANGED,
        EventKind.MEETING_BOOKED,
    ]
    assert AuditEntry.objects.filter(action="move").count() == 0


def test_a_second_meeting_row_for_one_enquiry_is_refused_by_the_database():
    staff = coordinator()
    enquiry = EnquiryFactory()
    meeting = _book(enquiry, staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        EnquiryMeeting.objects.create(enquiry=enquiry, starts_at=meeting.starts_at, location="x")


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"days": -1}, "past"),
        ({"attendees": []}, "no_attendees"),
        ({"duration_minutes": 5}, None),
        ({"location": ""}, None),
    ],
)
def test_a_bad_booking_is_refused_and_changes_nothing(kwargs, code):
    staff = coordinator()
    enquiry = EnquiryFactory()
    with pytest.raises(ValidationError) as caught:
        _book(enquiry, staff, **kwargs)
    if code:
        assert caught.value.code == code
    enquiry.refresh_from_db()
    assert enquiry.status == Status.NEW
    assert not EnquiryMeeting.objects.exists()


@pytest.mark.parametrize("make_attendee", [clinician, UserFactory, lambda: coordinator(is_active=False)])
def test_only_active_coordinators_and_facilitators_attend_meetings(make_attendee):
    staff = coordinator()
    with pytest.raises(ValidationError) as caught:
        _book(EnquiryFactory(), staff, attendees=[staff, make_attendee()])
    assert caught.value.code == "bad_attendee"


def test_a_facilitator_can_attend_the_meeting():
    staff = coordinator()
    meeting = _book(EnquiryFactory(), staff, attendees=[staff, facilitator_user()])
    assert meeting.attendees.count() == 2


def test_a_meeting_cannot_be_recorded_as_held_before_it_starts():
    staff = coordinator()
    enquiry = EnquiryFactory()
    _book(enquiry, staff)
    with pytest.raises(ValidationError) as caught:
        services.enquiry_record_meeting(enquiry, by=staff, outcome="Bra möte")
    assert caught.value.code == "not_started"
    assert Enquiry.objects.get().status == Status.MEETING_BOOKED


def test_a_held_meeting_needs_an_outcome_and_cannot_be_moved():
    staff = coordinator()
    enquiry = EnquiryFactory()
    meeting = _book(enquiry, staff, days=1)
    with time_machine.travel(meeting.starts_at + timedelta(minutes=70)):
        with pytest.raises(ValidationError):
            services.enquiry_record_meeting(enquiry, by=staff, outcome="   ")
        services.enquiry_record_meeting(enquiry, by=staff, outcome="Bra möte")
        with pytest.raises(ValidationError) as caught:
            _book(enquiry, staff, days=1)
    assert caught.value.code == "held"


@pytest.mark.parametrize(
    "action",
    [
        lambda e, u: services.enquiry_mark_contacted(e, by=u),
        lambda e, u: services.enquiry_record_meeting(e, by=u, outcome="x"),
    ],
    ids=["contacted-again", "held-without-meeting"],
)
def test_steps_out_of_order_are_refused(action):
    staff = coordinator()
    enquiry = EnquiryFactory()
    services.enquiry_mark_contacted(enquiry, by=staff)
    with pytest.raises((ValidationError, EnquiryMeeting.DoesNotExist)):
        action(enquiry, staff)


def test_closing_without_a_meeting_needs_a_reason():
    staff = coordinator()
    enquiry = EnquiryFactory()
    with pytest.raises(ValidationError) as caught:
        services.enquiry_close(enquiry, by=staff, reason="  ")
    assert caught.value.code == "reason_required"
    services.enquiry_close(enquiry, by=staff, reason="Skräppost")
    enquiry.refresh_from_db()
    assert enquiry.status == Status.CLOSED
    assert enquiry.contacted_at is None
    assert enquiry.events.last().text == "Skräppost"


def test_a_closed_enquiry_cannot_be_assigned_booked_or_closed_again():
    staff = coordinator()
    enquiry = EnquiryFactory()
    services.enquiry_close(enquiry, by=staff, reason="Dubblett")
    for action in (
        lambda: services.enquiry_assign(enquiry, assignee=staff, by=staff),
        lambda: _book(enquiry, staff),
        lambda: services.enquiry_close(enquiry, by=staff, reason="igen"),
    ):
        with pytest.raises(ValidationError):
            action()


def test_the_database_refuses_a_closed_enquiry_without_a_closing_time():
    enquiry = EnquiryFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Enquiry.objects.filter(pk=enquiry.pk).update(status=Status.CLOSED)


def test_assigning_the_same_person_twice_logs_once():
    staff = coordinator()
    enquiry = EnquiryFactory()
    services.enquiry_assign(enquiry, assignee=staff, by=staff)
    services.enquiry_assign(enquiry, assignee=staff, by=staff)
    assert enquiry.events.filter(kind=EventKind.ASSIGNED).count() == 1
