"""The helpers every app shares (dialogkurs/): one of each."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from dialogkurs.forms import add_service_errors
from dialogkurs.ics import IcsEvent, ics_attachment, ics_calendar
from dialogkurs.links import absolute_url, reverse_once


@pytest.mark.parametrize(
    ("site_url", "expected"),
    [
        ("https://dialogkurs.example.org", "https://dialogkurs.example.org/x/"),
        ("https://a.example/", "https://a.example/x/"),
        ("", ""),
    ],
)
def test_absolute_links_use_the_site_address_or_none_at_all(settings, site_url, expected):
    settings.SITE_URL = site_url
    assert absolute_url("/x/") == expected


class MeetingForm(forms.Form):
    date = forms.DateField()
    place = forms.CharField()


@pytest.mark.parametrize("name", ["sessions_app:workplace_detail", "workshops:followup_detail"])
def test_a_row_link_filled_in_is_the_url_reverse_gives(name):
    link = reverse_once(name)
    assert [link(pk) for pk in (1, 42, 987654321)] == [reverse(name, args=[pk]) for pk in (1, 42, 987654321)]


def test_a_service_error_lands_at_its_field_or_above_the_form():
    form = MeetingForm({"date": "2031-01-01", "place": "Kontoret"})
    assert form.is_valid()
    add_service_errors(
        form,
        ValidationError({"starts_at": "Choose a time in the future.", "owner": "Unknown.", "place": "Too far."}),
        rename={"starts_at": "date"},
    )
    assert form.errors == {
        "date": ["Choose a time in the future."],
        "__all__": ["Unknown."],
        "place": ["Too far."],
    }
    plain = MeetingForm({"date": "2031-01-01", "place": "Kontoret"})
    plain.is_valid()
    add_service_errors(plain, ValidationError("This training is cancelled."), field="place")
    assert plain.errors == {"place": ["This training is cancelled."]}


def test_one_calendar_builder_for_downloads_feeds_and_attachments():
    event = IcsEvent(
        uid="x-1@dialogkurs",
        start=datetime(2026, 3, 29, 8, 0, tzinfo=UTC),
        end=datetime(2026, 3, 29, 12, 0, tzinfo=UTC),
        summary="Idéverkstad",
        url="https://dialogkurs.example.org/trainings/1/",
        tentative=True,
    )
    calendar = icalendar.Calendar.from_ical(ics_calendar([event], name="Dialogutbildningar"))
    assert str(calendar["x-wr-calname"]) == "Dialogutbildningar"
    [parsed] = calendar.walk("VEVENT")
    assert (str(parsed["uid"]), parsed["dtstart"].dt, str(parsed["status"]), str(parsed["url"])) == (
        "x-1@dialogkurs",
        datetime(2026, 3, 29, 8, 0, tzinfo=UTC),
        "TENTATIVE",
        "https://dialogkurs.example.org/trainings/1/",
    )
    filename, content, mimetype = ics_attachment([event], filename="invite.ics")
    assert (filename, mimetype) == ("invite.ics", "text/calendar")
    assert icalendar.Calendar.from_ical(content).walk("VEVENT")[0]["uid"] == "x-1@dialogkurs"
    with pytest.raises(ValueError, match="timezone-aware"):
        ics_calendar([IcsEvent(uid="y", start=datetime(2026, 1, 1), end=datetime(2026, 1, 2), summary="y")])


def test_every_calendar_event_carries_the_alarms_of_the_setting_and_a_cancelled_one_none(settings):
    start = datetime(2026, 3, 29, 8, 0, tzinfo=UTC)
    event = IcsEvent(uid="x-2@dialogkurs", start=start, end=start + timedelta(hours=4), summary="Halvdag 1")
    [parsed] = icalendar.Calendar.from_ical(ics_calendar([event])).walk("VEVENT")
    assert [(str(a["action"]), a.decoded("trigger"), str(a["description"])) for a in parsed.walk("VALARM")] == [
        ("DISPLAY", -timedelta(days=1), "Halvdag 1"),
        ("DISPLAY", -timedelta(hours=1), "Halvdag 1"),
    ]
    settings.ICS_ALARMS = [timedelta(minutes=30)]
    [parsed] = icalendar.Calendar.from_ical(ics_calendar([event])).walk("VEVENT")
    assert [a.decoded("trigger") for a in parsed.walk("VALARM")] == [-timedelta(minutes=30)]

    cancelled = IcsEvent(
        uid="x-2@dialogkurs", start=start, end=start + timedelta(hours=1), summary="x", sequence=3, cancelled=True
    )
    [parsed] = icalendar.Calendar.from_ical(ics_calendar([cancelled])).walk("VEVENT")
    assert (str(parsed["status"]), int(parsed["sequence"]), parsed.walk("VALARM")) == ("CANCELLED", 3, [])
