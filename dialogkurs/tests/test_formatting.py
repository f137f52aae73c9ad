"""The row helpers give exactly what Django gives: reverse() and formats.date_format()."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from dialogkurs.formatting import formatter
from dialogkurs.links import reverse_once

FORMATS = ("SHORT_DATE_FORMAT", "DATE_FORMAT", "TIME_FORMAT", "SHORT_DATETIME_FORMAT", "DATETIME_FORMAT")
VALUES = (
    datetime(2026, 1, 5, 8, 0, tzinfo=UTC),  # winter time, a single-digit day
    datetime(2026, 7, 31, 22, 30, tzinfo=UTC),  # summer time, the next day in Stockholm
    datetime(2026, 10, 25, 0, 59, tzinfo=UTC),  # the night clocks go back
    date(2027, 12, 24),
)


@pytest.mark.parametrize("language", ["en", "sv", "nb"])
@pytest.mark.parametrize("name", FORMATS)
def test_formatter_writes_what_django_writes(language, name):
    with translation.override(language), timezone.override("Europe/Stockholm"):
        format_value = formatter(name)
        for value in VALUES:
            if isinstance(value, date) and not isinstance(value, datetime) and "TIME" in name:
                continue
            expected = formats.date_format(timezone.localtime(value) if isinstance(value, datetime) else value, name)
            assert format_value(value) == expected, (language, name, value)
            assert format_value(value) == expected  # from its memory the second time


def test_formatter_follows_the_active_language():
    value = date(2026, 3, 9)
    with translation.override("en"):
        english = formatter("DATE_FORMAT")(value)
    with translation.override("sv"):
        swedish = formatter("DATE_FORMAT")(value)
    assert english != swedish
    assert "mars" in swedish


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("sessions_app:course_detail", [7]),
        ("enquiries:detail", [123456]),
        ("participants:attendance", [12, 3]),
    ],
)
def test_reverse_once_fills_in_what_reverse_gives(name, args):
    assert reverse_once(name, len(args))(*args) == reverse(name, args=args)
