"""What can be done with an enquiry next is one rule (``Enquiry.can_…``, from the state machine
in models.py): the enquiry page offers exactly the actions the services then accept."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import coordinator
from enquiries import services
from enquiries.models import Enquiry, Status, Topic
from enquiries.tests.factories import EnquiryFactory

pytestmark = pytest.mark.django_db
ACTIONS = ("contacted", "meeting", "meeting_held", "convert", "close")


def _enquiry_in(status: str, staff) -> Enquiry:
    enquiry = EnquiryFactory(topic=Topic.TRAINING)
    if status == Status.CONTACTED:
        services.enquiry_mark_contacted(enquiry, by=staff)
    if status in (Status.MEETING_BOOKED, Status.MET):
        meeting = services.enquiry_book_meeting(
            enquiry,
            by=staff,
            starts_at=timezone.now() + timedelta(days=1),
            duration_minutes=60,
            location="Storgatan 1",
            attendees=[staff],
        )
        if status == Status.MET:
            with time_machine.travel(meeting.ends_at):
                services.enquiry_record_meeting(enquiry, by=staff, outcome="A training in May.")
    if status == Status.CLOSED:
        services.enquiry_close(enquiry, by=staff, reason="A duplicate")
    return Enquiry.objects.get(pk=enquiry.pk)


# status → the actions the page offers ("meeting" is booking or moving it)
OFFERED = {
    Status.NEW: {"contacted", "meeting", "convert", "close"},
    Status.CONTACTED: {"meeting", "convert", "close"},
    Status.MEETING_BOOKED: {"meeting", "meeting_held", "convert", "close"},
    Status.MET: {"convert", "close"},
    Status.CLOSED: set(),
}


@pytest.mark.parametrize("status", list(OFFERED), ids=str)
def test_the_enquiry_page_offers_exactly_what_its_status_allows(client, status):
    staff = coordinator()
    enquiry = _enquiry_in(status, staff)
    assert enquiry.status == status
    client.force_login(staff)
    body = client.get(reverse("enquiries:detail", args=[enquiry.pk])).content.decode()
    offered = {action for action in ACTIONS if f'"{reverse(f"enquiries:{action}", args=[enquiry.pk])}"' in body}
    assert offered == OFFERED[status]
    assert (enquiry.can_be_marked_contacted, enquiry.can_record_meeting, enquiry.can_become_course) == (
        "contacted" in offered,
        "meeting_held" in offered,
        "convert" in offered,
    )


def test_an_enquiry_that_became_a_course_offers_no_second_course(client):
    staff = coordinator()
    enquiry = _enquiry_in(Status.CONTACTED, staff)
    services.enquiry_convert_to_course(
        enquiry, by=staff, organisation_name="Region Uppsala", workplace_name="Allmänpsykiatrin"
    )
    enquiry.refresh_from_db()
    assert enquiry.course_problem() == "This enquiry already has a draft course."
    client.force_login(staff)
    body = client.get(reverse("enquiries:detail", args=[enquiry.pk])).content.decode()
    assert reverse("enquiries:convert", args=[enquiry.pk]) not in body
