"""Real concurrent transactions on PostgreSQL: racing coordinators change an enquiry once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.tests.factories import coordinator
from dialogkurs.testing.concurrency import run_at_once
from enquiries import services
from enquiries.models import Enquiry, EnquiryMeeting, EventKind, Status
from enquiries.tests.factories import EnquiryFactory

pytestmark = pytest.mark.django_db(transaction=True)
RACERS = 8


def test_racing_coordinators_mark_an_enquiry_contacted_once():
    enquiry = EnquiryFactory()
    staff = [coordinator() for _ in range(RACERS)]
    outcomes = run_at_once([lambda u=u: services.enquiry_mark_contacted(enquiry, by=u) for u in staff])
    assert sum(isinstance(o, Enquiry) for o in outcomes) == 1
    assert sum(isinstance(o, ValidationError) for o in outcomes) == RACERS - 1
    assert Enquiry.objects.get().events.filter(kind=EventKind.STATUS_CHANGED).count() == 1


def test_racing_first_bookings_leave_one_meeting_and_one_status_change():
    enquiry = EnquiryFactory()
    staff = coordinator()
    start = timezone.now() + timedelta(days=3)
    outcomes = run_at_once(
        [
            lambda n=n: services.enquiry_book_meeting(
                enquiry,
                by=staff,
                starts_at=start + timedelta(hours=n),
                duration_minutes=60,
                location=f"Rum {n}",
                attendees=[staff],
            )
            for n in range(RACERS)
        ]
    )
    assert all(isinstance(o, EnquiryMeeting) for o in outcomes), outcomes
    assert EnquiryMeeting.objects.count() == 1
    enquiry.refresh_from_db()
    assert enquiry.status == Status.MEETING_BOOKED
    assert list(enquiry.events.filter(kind=EventKind.STATUS_CHANGED).values_list("to_status", flat=True)) == [
        Status.MEETING_BOOKED
    ]
    assert enquiry.events.filter(kind=EventKind.MEETING_MOVED).count() == RACERS - 1
