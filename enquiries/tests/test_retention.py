"""Closed enquiries lose their personal data after ENQUIRY_RETENTION_MONTHS; statistics stay."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from accounts.tests.factories import coordinator
from enquiries import services
from enquiries.models import Enquiry, EnquiryMeeting, EventKind, Status, Topic
from enquiries.tasks import anonymise_expired_enquiries
from enquiries.tests.factories import EnquiryFactory

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _closed_on(moment: datetime, **kwargs) -> Enquiry:
    staff = coordinator()
    with time_machine.travel(moment - timedelta(days=10), tick=False):
        enquiry = EnquiryFactory(phone="+46 70 111 22 33", preferred_times="Måndagar", **kwargs)
        services.enquiry_add_note(enquiry, by=staff, text="Ringde Anna på mobilen.")
        services.enquiry_book_meeting(
            enquiry,
            by=staff,
            starts_at=moment - timedelta(days=2),
            duration_minutes=60,
            location="Annas kontor, Storgatan 1",
            attendees=[staff],
        )
    with time_machine.travel(moment, tick=False):
        services.enquiry_record_meeting(enquiry, by=staff, outcome="Anna vill ha en utbildning.")
        services.enquiry_close(enquiry, by=staff)
    return Enquiry.objects.get(pk=enquiry.pk)


def test_the_default_retention_is_twelve_months_and_the_task_runs_daily():
    assert settings.ENQUIRY_RETENTION_MONTHS == 12
    entry = settings.CELERY_BEAT_SCHEDULE["enquiries-anonymise-expired"]
    assert entry == {"task": "enquiries.tasks.anonymise_expired_enquiries", "schedule": timedelta(days=1)}
    assert anonymise_expired_enquiries.name == entry["task"]


def test_a_closed_enquiry_is_anonymised_after_twelve_months_keeping_topic_and_dates():
    closed_at = datetime(2024, 3, 31, 12, 0, tzinfo=STOCKHOLM)
    enquiry = _closed_on(closed_at, topic=Topic.NETWORK_MEETINGS, language="nb", country="NO")
    with time_machine.travel(datetime(2025, 3, 31, 11, 0, tzinfo=STOCKHOLM), tick=False):
        assert anonymise_expired_enquiries.apply().get() == 0  # one hour short of twelve months
    with time_machine.travel(datetime(2025, 3, 31, 12, 1, tzinfo=STOCKHOLM), tick=False):
        assert anonymise_expired_enquiries.apply().get() == 1
    after = Enquiry.objects.get(pk=enquiry.pk)
    assert (after.name, after.email, after.phone, after.organisation) == ("", "", "", "")
    assert (after.message, after.preferred_times) == ("", "")
    assert (after.topic, after.language, after.country, after.status) == (
        Topic.NETWORK_MEETINGS,
        "nb",
        "NO",
        Status.CLOSED,
    )
    assert (after.created_at, after.contacted_at, after.closed_at) == (
        enquiry.created_at,
        enquiry.contacted_at,
        enquiry.closed_at,
    )
    assert after.anonymised_at == datetime(2025, 3, 31, 12, 1, tzinfo=STOCKHOLM)
    meeting = EnquiryMeeting.objects.get(enquiry=after)
    assert (meeting.location, meeting.outcome) == ("", "")
    assert meeting.starts_at is not None and meeting.held_at is not None
    assert list(after.events.exclude(kind=EventKind.ASSIGNED).exclude(text="")) == []
    assert after.events.last().kind == EventKind.ANONYMISED


def test_open_and_recently_closed_enquiries_are_kept():
    open_enquiry = EnquiryFactory(created_at=datetime(2023, 1, 2, 9, 0, tzinfo=STOCKHOLM))
    recent = _closed_on(datetime(2024, 6, 1, 12, 0, tzinfo=STOCKHOLM))
    with time_machine.travel(datetime(2025, 5, 31, 12, 0, tzinfo=STOCKHOLM), tick=False):
        assert services.enquiries_anonymise_expired() == 0
    assert Enquiry.objects.get(pk=open_enquiry.pk).name == open_enquiry.name
    assert Enquiry.objects.get(pk=recent.pk).email == recent.email


@override_settings(ENQUIRY_RETENTION_MONTHS=3)
def test_the_retention_period_is_a_setting():
    enquiry = _closed_on(datetime(2024, 11, 30, 12, 0, tzinfo=STOCKHOLM))
    with time_machine.travel(datetime(2025, 2, 28, 12, 1, tzinfo=STOCKHOLM), tick=False):
        # 30 November less three months would be 30 February: the month's last day counts.
        assert services.retention_cutoff() == datetime(2024, 11, 28, 12, 1, tzinfo=STOCKHOLM)
        assert services.enquiries_anonymise_expired() == 0
    with time_machine.travel(datetime(2025, 3, 1, 12, 1, tzinfo=STOCKHOLM), tick=False):
        assert services.enquiries_anonymise_expired() == 1
    assert Enquiry.objects.get(pk=enquiry.pk).is_anonymised


def test_running_the_task_twice_anonymises_once():
    _closed_on(datetime(2023, 1, 10, 12, 0, tzinfo=STOCKHOLM))
    assert anonymise_expired_enquiries.apply().get() == 1
    assert anonymise_expired_enquiries.apply().get() == 0
    assert Enquiry.objects.get().events.filter(kind=EventKind.ANONYMISED).count() == 1


def test_an_anonymised_enquiry_shows_no_personal_data_in_the_inbox(client):
    enquiry = _closed_on(datetime(2023, 1, 10, 12, 0, tzinfo=STOCKHOLM))
    services.enquiries_anonymise_expired()
    client.force_login(coordinator())
    inbox = client.get(reverse("enquiries:inbox"), {"status": "all"}).content.decode()
    assert "Anonymised" in inbox and enquiry.name not in inbox
    detail = client.get(reverse("enquiries:detail", args=[enquiry.pk])).content.decode()
    for secret in (enquiry.name, enquiry.email, "Storgatan", "Ringde Anna", "Anna vill"):
        assert secret not in detail
    assert "was anonymised on" in detail


def test_an_open_enquiry_cannot_be_anonymised():
    with pytest.raises(services.ValidationError):
        services.enquiry_anonymise(EnquiryFactory())
