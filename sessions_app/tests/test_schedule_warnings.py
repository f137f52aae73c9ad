"""Warnings on half-days set on a weekend or a public holiday, or fewer than 7 days apart."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.urls import reverse

from dialogkurs.testing.clients import client_for
from sessions_app import services
from sessions_app.tests.factories import STOCKHOLM, CourseFactory
from sessions_app.tests.helpers import messages_of

OSLO = "Europe/Oslo"


def plans(*days: date) -> list[services.HalfDayPlan]:
    return [
        services.HalfDayPlan(datetime.combine(d, time(9), STOCKHOLM), datetime.combine(d, time(13), STOCKHOLM))
        for d in days
    ]


@pytest.mark.parametrize(
    ("days", "country", "expected"),
    [
        ((date(2030, 3, 5), date(2030, 3, 12)), "SE", []),
        (
            (date(2030, 12, 18), date(2030, 12, 25)),
            "SE",
            ["Half-day 2 is on a public holiday (12/25/2030)."],
        ),
        (
            (date(2030, 3, 3), date(2030, 3, 10)),
            "SE",
            ["Half-day 1 is on a Sunday (03/03/2030).", "Half-day 2 is on a Sunday (03/10/2030)."],
        ),
        ((date(2030, 5, 10), date(2030, 5, 17)), "NO", ["Half-day 2 is on a public holiday (05/17/2030)."]),
        ((date(2030, 5, 10), date(2030, 5, 17)), "SE", []),
        (
            (date(2030, 3, 5), date(2030, 3, 8)),
            "SE",
            ["There are only 3 days between the half-days; at least 7 give time to try things out."],
        ),
    ],
)
def test_schedule_warnings(days, country, expected):
    time_zone = OSLO if country == "NO" else "Europe/Stockholm"
    assert services.schedule_warnings(plans(*days), country=country, time_zone=time_zone) == expected


@pytest.mark.django_db
def test_the_course_page_and_the_reschedule_warn_the_coordinator():
    course = CourseFactory()
    client = client_for(course.coordinator)
    data = {
        "date_1": "2030-12-22",
        "start_1": "09:00",
        "end_1": "13:00",
        "date_2": "2030-12-25",
        "start_2": "09:00",
        "end_2": "13:00",
        "theme_1": "1",
        "theme_2": "1",
        "theme_3": "2",
        "theme_4": "2",
    }
    response = client.post(reverse("sessions_app:course_reschedule", args=[course.pk]), data, follow=True)
    expected = [
        "Half-day 1 is on a Sunday (12/22/2030).",
        "Half-day 2 is on a public holiday (12/25/2030).",
        "There are only 3 days between the half-days; at least 7 give time to try things out.",
    ]
    assert messages_of(response) == ["The half-days and themes have been saved.", *expected]
    assert response.context["schedule_warnings"] == expected
    assert 'data-testid="schedule-warnings"' in response.content.decode()
