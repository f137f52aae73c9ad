"""The once-a-page helpers (dialogkurs/formatting.py) write what Django's own would."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format

from dialogkurs.formatting import formatter, url_filler

UTC = ZoneInfo("UTC")
# A winter and a summer moment (the offset changes), one after midnight in Stockholm only.
MOMENTS = [
    datetime(2027, 1, 4, 8, 30, tzinfo=UTC),
    datetime(2027, 7, 5, 12, 0, tzinfo=UTC),
    datetime(2027, 3, 27, 23, 15, tzinfo=UTC),
]


def test_a_filled_in_url_is_the_reversed_one():
    assert url_filler("sessions_app:course_detail")(4711) == reverse("sessions_app:course_detail", args=[4711])
    unavailability = url_filler("sessions_app:unavailability_remove", 2)
    assert unavailability(3, 12) == reverse("sessions_app:unavailability_remove", args=[3, 12])


@pytest.mark.parametrize("language", ["sv", "nb", "en"])
@pytest.mark.parametrize("name", ["SHORT_DATE_FORMAT", "DATE_FORMAT", "l j F Y"])
def test_dates_are_formatted_as_the_date_filter_formats_them(language, name):
    with translation.override(language), timezone.override("Europe/Stockholm"):
        format_date = formatter(name)
        for moment in MOMENTS:
            local = timezone.localtime(moment)
            assert format_date(moment) == date_format(local, name)
            assert format_date(local.date()) == date_format(local.date(), name)


@pytest.mark.parametrize("language", ["sv", "nb", "en"])
def test_times_are_formatted_in_the_current_time_zone_as_the_time_filter_formats_them(language):
    with translation.override(language):
        for zone in ("Europe/Stockholm", "Europe/Oslo", "America/New_York"):
            with timezone.override(zone):
                format_time = formatter("TIME_FORMAT")
                for moment in MOMENTS:
                    assert format_time(moment) == time_format(timezone.localtime(moment), "TIME_FORMAT")
                assert format_time(time(13, 0)) == time_format(time(13, 0), "TIME_FORMAT")


def test_a_format_parsed_in_one_language_is_not_reused_in_another():
    day = date(2027, 1, 4)
    shown = {}
    for language in ("en", "sv", "en"):
        with translation.override(language):
            shown[language] = formatter("DATE_FORMAT")(day)
            assert shown[language] == date_format(day, "DATE_FORMAT")
    assert shown["en"] != shown["sv"]
