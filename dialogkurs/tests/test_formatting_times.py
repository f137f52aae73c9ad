"""The date formatter (dialogkurs/formatting.py) with what the facilitator pages give it besides
dates and datetimes of Stockholm: times of day (find a date's proposals) and other time zones."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from django.utils import timezone, translation
from django.utils.formats import time_format

from dialogkurs.formatting import formatter

MOMENTS = [datetime(2027, 1, 4, 8, 30, tzinfo=UTC), datetime(2027, 7, 5, 12, 0, tzinfo=UTC)]


@pytest.mark.parametrize("language", ["sv", "nb", "en"])
def test_times_are_formatted_in_the_current_time_zone_as_the_time_filter_formats_them(language):
    with translation.override(language):
        for zone in ("Europe/Stockholm", "Europe/Oslo", "America/New_York"):
            with timezone.override(zone):
                format_time = formatter("TIME_FORMAT")
                for moment in MOMENTS:
                    assert format_time(moment) == time_format(timezone.localtime(moment), "TIME_FORMAT")


@pytest.mark.parametrize("language", ["sv", "nb", "en"])
def test_a_time_of_day_is_formatted_as_the_time_filter_formats_it(language):
    with translation.override(language):
        format_time = formatter("TIME_FORMAT")
        for value in (time(9, 0), time(12, 0), time(13, 30)):
            assert format_time(value) == time_format(value, "TIME_FORMAT")
