"""Working days and the contact deadline, across weekends and Swedish and Norwegian holidays."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from accounts.tests.factories import coordinator
from enquiries import services
from enquiries.models import Enquiry
from enquiries.sla import add_working_days, is_working_day
from enquiries.tests.factories import form_data

STOCKHOLM = ZoneInfo("Europe/Stockholm")
OSLO = ZoneInfo("Europe/Oslo")


def test_weekends_are_not_working_days():
    assert is_working_day(date(2025, 3, 14), "SE") is True  # a Friday
    assert is_working_day(date(2025, 3, 15), "SE") is False
    assert is_working_day(date(2025, 3, 16), "NO") is False


def test_swedish_midsummer_eve_is_not_a_working_day_but_norwegian_is():
    assert is_working_day(date(2024, 6, 21), "SE") is False
    assert is_working_day(date(2024, 6, 21), "NO") is True


def test_norwegian_constitution_day_is_not_a_working_day_but_swedish_is():
    assert is_working_day(date(2024, 5, 17), "NO") is False
    assert is_working_day(date(2024, 5, 17), "SE") is True


def test_two_working_days_from_friday_end_on_tuesday_at_the_same_time():
    start = datetime(2025, 3, 14, 10, 0, tzinfo=STOCKHOLM)
    assert add_working_days(start, 2, "SE") == datetime(2025, 3, 18, 10, 0, tzinfo=STOCKHOLM)


def test_an_enquiry_sent_on_saturday_counts_from_monday_morning():
    start = datetime(2025, 3, 15, 15, 30, tzinfo=STOCKHOLM)
    assert add_working_days(start, 2, "SE") == datetime(2025, 3, 19, 0, 0, tzinfo=STOCKHOLM)


def test_swedish_midsummer_eve_and_the_weekend_push_the_deadline_to_tuesday():
    thursday_before_midsummer = datetime(2024, 6, 20, 10, 0, tzinfo=STOCKHOLM)
    assert add_working_days(thursday_before_midsummer, 2, "SE") == datetime(2024, 6, 25, 10, 0, tzinfo=STOCKHOLM)
    assert add_working_days(thursday_before_midsummer, 2, "NO") == datetime(2024, 6, 24, 10, 0, tzinfo=OSLO)


def test_norwegian_17_may_and_whit_monday_push_the_deadline_to_wednesday():
    thursday_before_17_may = datetime(2024, 5, 16, 10, 0, tzinfo=OSLO)
    assert add_working_days(thursday_before_17_may, 2, "NO") == datetime(2024, 5, 22, 10, 0, tzinfo=OSLO)
    assert add_working_days(thursday_before_17_may, 2, "SE") == datetime(2024, 5, 20, 10, 0, tzinfo=STOCKHOLM)


def test_days_are_counted_in_local_time_not_utc():
    # Friday 23:30 UTC is already Saturday 01:30 in Oslo in summer: a weekend enquiry.
    start = datetime(2025, 6, 13, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert add_working_days(start, 2, "NO") == datetime(2025, 6, 18, 0, 0, tzinfo=OSLO)


def test_a_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        add_working_days(datetime(2025, 3, 14, 10, 0), 2, "SE")  # noqa: DTZ001


def _submit(**overrides) -> Enquiry:
    data = form_data(**overrides)
    data.pop("consent")
    data.pop("website")
    return services.enquiry_submit(**data)


@pytest.mark.django_db
def test_enquiry_before_swedish_midsummer_is_overdue_only_after_tuesday(client):
    user = coordinator()
    with time_machine.travel(datetime(2024, 6, 20, 10, 0, tzinfo=STOCKHOLM), tick=False):
        enquiry = _submit(country="SE", name="Midsommar Test")
    assert enquiry.contact_due_at == datetime(2024, 6, 25, 10, 0, tzinfo=STOCKHOLM)
    assert enquiry.alert_due_at == datetime(2024, 6, 26, 10, 0, tzinfo=STOCKHOLM)
    client.force_login(user)
    inbox = reverse("enquiries:inbox")
    with time_machine.travel(datetime(2024, 6, 24, 16, 0, tzinfo=STOCKHOLM), tick=False):
        assert enquiry.is_overdue() is False
        assert "Overdue" not in client.get(inbox).content.decode()
        assert client.get(inbox, {"overdue": "on"}).context["page_obj"].paginator.count == 0
    with time_machine.travel(datetime(2024, 6, 25, 10, 1, tzinfo=STOCKHOLM), tick=False):
        body = client.get(inbox).content.decode()
        assert '<strong class="sla-overdue">Overdue</strong>' in body
        assert list(client.get(inbox, {"overdue": "on"}).context["page_obj"]) == [enquiry]
    with time_machine.travel(datetime(2024, 6, 26, 10, 1, tzinfo=STOCKHOLM), tick=False):
        assert "Overdue: coordinators alerted" in client.get(inbox).content.decode()


@pytest.mark.django_db
def test_norwegian_enquiry_before_17_may_is_due_the_next_wednesday():
    with time_machine.travel(datetime(2024, 5, 16, 10, 0, tzinfo=OSLO), tick=False):
        enquiry = _submit(country="NO", language="nb")
    assert enquiry.contact_due_at == datetime(2024, 5, 22, 10, 0, tzinfo=OSLO)
    assert enquiry.alert_due_at == datetime(2024, 5, 23, 10, 0, tzinfo=OSLO)
    assert enquiry.time_zone == "Europe/Oslo"
