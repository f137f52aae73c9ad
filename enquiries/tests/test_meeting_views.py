"""Booking, moving and recording the face-to-face meeting, and closing, through the pages."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import clinician, coordinator, facilitator_user
from enquiries.models import Enquiry, EnquiryMeeting, Status
from enquiries.tests.factories import EnquiryFactory

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture
def staff(client):
    user = coordinator(full_name="Karin Lindqvist")
    client.force_login(user)
    return user


def _meeting_data(staff, **overrides) -> dict:
    start = timezone.localtime(timezone.now() + timedelta(days=3)).replace(hour=10, minute=0)
    data = {
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "60",
        "location": "Storgatan 1, Uppsala",
        "attendees": [str(staff.pk)],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_booking_reads_the_time_in_the_enquirys_local_time(client, staff):
    enquiry = EnquiryFactory(country="NO", language="nb")
    helper = facilitator_user()
    response = client.post(
        reverse("enquiries:meeting", args=[enquiry.pk]),
        _meeting_data(staff, starts_at="2031-06-20T10:00", attendees=[str(staff.pk), str(helper.pk)]),
    )
    assert response.status_code == 302
    meeting = EnquiryMeeting.objects.get()
    assert meeting.starts_at == datetime(2031, 6, 20, 10, 0, tzinfo=OSLO)
    assert set(meeting.attendees.all()) == {staff, helper}
    assert Enquiry.objects.get().status == Status.MEETING_BOOKED
    page = client.get(reverse("enquiries:meeting", args=[enquiry.pk]))
    assert page.context["form"]["starts_at"].value() == datetime(2031, 6, 20, 10, 0)
    assert "<h1>Move the meeting</h1>" in page.content.decode()


def test_the_booking_page_preselects_the_assignee_as_attendee(client, staff):
    enquiry = EnquiryFactory(assignee=staff)
    response = client.get(reverse("enquiries:meeting", args=[enquiry.pk]))
    assert response.context["form"]["attendees"].value() == [staff.pk]
    assert "<h1>Book the meeting</h1>" in response.content.decode()


BAD_MEETING = [
    ("starts_at", "", "This field is required."),
    ("starts_at", "next tuesday", "Enter a valid date/time."),
    ("starts_at", "2001-01-01T10:00", "The meeting must be in the future."),
    ("duration_minutes", "7", "Select a valid choice. 7 is not one of the available choices."),
    ("location", "", "This field is required."),
    ("location", "l" * 301, "Ensure this value has at most 300 characters (it has 301)."),
    ("attendees", None, "This field is required."),
    ("attendees", ["999999"], "Select a valid choice. 999999 is not one of the available choices."),
]


@pytest.mark.parametrize(
    ("field", "value", "error"), BAD_MEETING, ids=[f"{f}-{i}" for i, (f, _v, _e) in enumerate(BAD_MEETING)]
)
def test_a_bad_booking_shows_a_clear_error_and_saves_nothing(client, staff, field, value, error):
    enquiry = EnquiryFactory()
    response = client.post(reverse("enquiries:meeting", args=[enquiry.pk]), _meeting_data(staff, **{field: value}))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not EnquiryMeeting.objects.exists()
    assert Enquiry.objects.get().status == Status.NEW


def test_a_network_clinician_is_not_offered_as_attendee(client, staff):
    enquiry = EnquiryFactory()
    other = clinician()
    response = client.post(
        reverse("enquiries:meeting", args=[enquiry.pk]), _meeting_data(staff, attendees=[str(other.pk)])
    )
    assert f"Select a valid choice. {other.pk} is not one of the available choices." in response.content.decode()


def test_recording_the_meeting_as_held_after_it_started(client, staff):
    enquiry = EnquiryFactory()
    client.post(reverse("enquiries:meeting", args=[enquiry.pk]), _meeting_data(staff))
    url = reverse("enquiries:meeting_held", args=[enquiry.pk])
    too_early = client.post(url, {"outcome": "Bra möte"})
    assert "The meeting has not started yet." in too_early.content.decode()
    with time_machine.travel(EnquiryMeeting.objects.get().ends_at):
        client.force_login(staff)  # three days later: a new working day, a new session
        empty = client.post(url, {"outcome": ""})
        assert "This field is required." in empty.content.decode()
        assert client.post(url, {"outcome": "De vill boka en utbildning."}).status_code == 302
    assert Enquiry.objects.get().status == Status.MET
    assert EnquiryMeeting.objects.get().outcome == "De vill boka en utbildning."


def test_the_held_page_of_an_enquiry_without_a_meeting_is_a_404(client, staff):
    assert client.get(reverse("enquiries:meeting_held", args=[EnquiryFactory().pk])).status_code == 404


def test_closing_without_a_meeting_asks_for_the_reason(client, staff):
    enquiry = EnquiryFactory()
    url = reverse("enquiries:close", args=[enquiry.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "Say why the enquiry is closed without a meeting" in response.content.decode()
    assert Enquiry.objects.get().status == Status.NEW
    too_long = client.post(url, {"reason": "r" * 4001})
    assert "Ensure this value has at most 4000 characters" in too_long.content.decode()
    assert client.post(url, {"reason": "Skräppost"}).status_code == 302
    assert Enquiry.objects.get().status == Status.CLOSED
