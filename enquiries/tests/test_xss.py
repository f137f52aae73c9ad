"""What senders type is shown as text everywhere: pages and e-mails."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.tests.factories import coordinator
from enquiries import services
from enquiries.models import Enquiry
from enquiries.tests.factories import form_data

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
IMG = '"><img src=x onerror=alert(1)>'


def _assert_escaped(body: str, *payloads: str) -> None:
    for payload in payloads:
        assert payload not in body
        assert escape(payload) in body


@pytest.fixture
def hostile(client):
    client.post(
        "/contact/",
        form_data(name=f"Eve {SCRIPT}", organisation=f"Org {IMG}", message=f"Hej {SCRIPT}", preferred_times=IMG),
    )
    return Enquiry.objects.get()


def test_the_public_form_echoes_bad_input_escaped(client):
    response = client.post("/contact/", form_data(name=SCRIPT, email=IMG))
    assert response.status_code == 200
    _assert_escaped(response.content.decode(), SCRIPT, IMG)


def test_inbox_and_enquiry_pages_show_payloads_escaped(client, hostile):
    staff = coordinator()
    client.force_login(staff)
    services.enquiry_add_note(hostile, by=staff, text=f"Note {SCRIPT}")
    meeting = services.enquiry_book_meeting(
        hostile,
        by=staff,
        starts_at=timezone.now() + timedelta(days=1),
        duration_minutes=60,
        location=f"Room {IMG}",
        attendees=[staff],
    )
    _assert_escaped(client.get(reverse("enquiries:inbox")).content.decode(), SCRIPT, IMG)
    for name in (
        "enquiries:detail",
        "enquiries:meeting",
        "enquiries:meeting_held",
        "enquiries:close",
        "enquiries:convert",
    ):
        _assert_escaped(client.get(reverse(name, args=[hostile.pk])).content.decode(), IMG)
    _assert_escaped(client.get(reverse("enquiries:detail", args=[hostile.pk])).content.decode(), SCRIPT)
    with time_machine.travel(meeting.ends_at):
        client.force_login(staff)
        services.enquiry_record_meeting(hostile, by=staff, outcome=f"Outcome {SCRIPT}")
        services.enquiry_close(hostile, by=staff, reason=f"Done {IMG}")
        body = client.get(reverse("enquiries:detail", args=[hostile.pk])).content.decode()
    _assert_escaped(body, SCRIPT, IMG)
