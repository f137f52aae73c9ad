"""Hours, travel and fees: what counts on a facilitator's monthly statement, and who sees it."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from accounts.tests.factories import UserFactory, coordinator
from dialogkurs.testing.clients import client_for
from sessions_app import fees, services
from sessions_app.tests.factories import (
    AFTER_TRAINING,
    BEFORE_TRAINING,
    STOCKHOLM,
    FacilitatorFactory,
    february_training,
)

pytestmark = pytest.mark.django_db

FEBRUARY = date(2026, 2, 1)


@pytest.fixture(autouse=True)
def fee_settings(settings):
    settings.FACILITATOR_FEE_PER_HALF_DAY = 1500
    settings.FACILITATOR_FEE_PER_KM = 2.5
    settings.LATE_CANCELLATION_DAYS = 7


def delivered_february_training():
    course = february_training()
    with time_machine.travel(AFTER_TRAINING, tick=False):
        services.course_mark_delivered(course)
    return course


def test_a_delivered_training_counts_hours_travel_and_fees_for_both_facilitators():
    course = delivered_february_training()
    first, second = course.assignments.order_by("pk")
    services.assignment_set_travel(first, travel_km=40, travel_minutes=35)
    statement = fees.facilitator_statement(first.facilitator, FEBRUARY)
    assert [
        (line.day, line.half_day, line.hours, line.travel_km, line.fee, line.travel_fee) for line in statement.lines
    ] == [
        (date(2026, 2, 5), 1, Decimal("4.00"), 40, Decimal("1500.00"), Decimal("100.00")),
        (date(2026, 2, 12), 2, Decimal("4.00"), 40, Decimal("1500.00"), Decimal("100.00")),
    ]
    assert (statement.hours, statement.total) == (Decimal("8.00"), Decimal("3200.00"))
    other = fees.facilitator_statement(second.facilitator, FEBRUARY)
    assert (other.hours, other.travel_km, other.total) == (Decimal("8.00"), 0, Decimal("3000.00"))
    assert fees.facilitator_statement(first.facilitator, date(2026, 3, 1)).lines == []


def test_a_training_not_yet_marked_delivered_counts_nothing():
    course = february_training()
    facilitator = course.assignments.first().facilitator
    assert fees.facilitator_statement(facilitator, FEBRUARY).lines == []


@pytest.mark.parametrize(
    ("cancelled_at", "counted_half_days"),
    [
        (datetime(2026, 1, 20, 9, 0, tzinfo=STOCKHOLM), []),  # 16 days before: nothing
        (datetime(2026, 1, 29, 7, 59, tzinfo=STOCKHOLM), []),  # just over 7 days before half-day 1
        (datetime(2026, 1, 29, 8, 1, tzinfo=STOCKHOLM), [1]),  # just under 7 days before half-day 1
        (datetime(2026, 2, 5, 7, 0, tzinfo=STOCKHOLM), [1]),  # the morning of half-day 1: 7 days + 1 h before 2
        (datetime(2026, 2, 5, 9, 0, tzinfo=STOCKHOLM), [1, 2]),  # under 7 days before half-day 2 too
    ],
)
def test_a_late_cancellation_pays_the_fee_of_each_half_day_it_came_too_late_for(cancelled_at, counted_half_days):
    course = february_training()
    assignment = course.assignments.order_by("pk").first()
    services.assignment_set_travel(assignment, travel_km=40, travel_minutes=35)
    with time_machine.travel(cancelled_at, tick=False):
        services.course_cancel(course, reason="Sjukdom i arbetsgruppen.")
    statement = fees.facilitator_statement(assignment.facilitator, FEBRUARY)
    assert [line.half_day for line in statement.lines] == counted_half_days
    # Nobody led it or travelled: the fee only.
    assert all((line.hours, line.travel_fee, line.late_cancellation) == (0, 0, True) for line in statement.lines)
    assert statement.total == Decimal("1500.00") * len(counted_half_days)


def test_the_late_cancellation_window_is_a_setting(settings):
    settings.LATE_CANCELLATION_DAYS = 30
    course = february_training()
    with time_machine.travel(BEFORE_TRAINING, tick=False):  # 16 and 23 days before the half-days
        services.course_cancel(course, reason="Omorganisation.")
    statement = fees.facilitator_statement(course.assignments.first().facilitator, FEBRUARY)
    assert [line.half_day for line in statement.lines] == [1, 2]


def test_a_facilitator_sees_only_her_own_statement():
    course = delivered_february_training()
    mine = course.assignments.order_by("pk").first().facilitator
    stranger = FacilitatorFactory()
    url = reverse("sessions_app:facilitator_statement", args=[mine.pk])
    assert client_for(mine.user).get(url, {"month": "2026-02"}).status_code == 200
    assert client_for(stranger.user).get(url, {"month": "2026-02"}).status_code == 404
    assert client_for(stranger.user).get(url, {"month": "2026-02", "format": "csv"}).status_code == 404
    assert client_for(UserFactory()).get(url).status_code == 403
    assert client_for(coordinator()).get(url, {"month": "2026-02"}).status_code == 200
    own = client_for(stranger.user).get(reverse("sessions_app:my_statement"))
    assert own.url == reverse("sessions_app:facilitator_statement", args=[stranger.pk])
    summary = reverse("sessions_app:statement_summary")
    assert client_for(mine.user).get(summary).status_code == 403
    travel = reverse("sessions_app:assignment_travel", args=[course.assignments.order_by("pk").first().pk])
    assert client_for(stranger.user).get(travel).status_code == 404


def test_the_statement_page_csv_and_excel_agree():
    course = delivered_february_training()
    assignment = course.assignments.order_by("pk").first()
    client = client_for(assignment.facilitator.user)
    client.post(
        reverse("sessions_app:assignment_travel", args=[assignment.pk]), {"travel_km": "12", "travel_minutes": "20"}
    )
    url = reverse("sessions_app:facilitator_statement", args=[assignment.facilitator.pk])
    page = client.get(url, {"month": "2026-02"})
    assert page.context["statement"].total == Decimal("3060.00")
    assert 'data-testid="total">3060.00<' in page.content.decode()
    exported = client.get(url, {"month": "2026-02", "format": "csv"})
    assert (
        exported["Content-Disposition"] == f'attachment; filename="statement-{assignment.facilitator.pk}-2026-02.csv"'
    )
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[1] == [
        "2026-02-05",
        course.workplace.name,
        "1",
        "Delivered",
        "4.00",
        "12",
        "20",
        "1500.00",
        "30.00",
        "1530.00",
    ]
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(url, {"month": "2026-02", "format": "xlsx"}).content))
    sheet = workbook.active
    assert [cell.value for cell in sheet[5]][-1] == 3060
    assert sheet["A3"].value.date() == date(2026, 2, 5)


def test_names_typed_as_formulas_are_text_in_the_statements_files():
    """Her name (her profile) and the workplace's (a coordinator's) reach payroll's files as
    text: an apostrophe before the CSV cell, a text cell in the workbook."""
    course = delivered_february_training()
    facilitator = course.assignments.order_by("pk").first().facilitator
    facilitator.user.full_name = "=1+1"
    facilitator.user.save(update_fields=["full_name"])
    course.workplace.name = "@SUM(1+1)"
    course.workplace.save(update_fields=["name"])
    client = client_for(facilitator.user)
    url = reverse("sessions_app:facilitator_statement", args=[facilitator.pk])
    rows = list(
        csv.reader(io.StringIO(client.get(url, {"month": "2026-02", "format": "csv"}).content.decode("utf-8-sig")))
    )
    assert rows[1][1] == "'@SUM(1+1)"
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url, {"month": "2026-02", "format": "xlsx"}).content)).active
    assert (sheet["A1"].value, sheet["A1"].data_type) == ("=1+1", "s")


def test_the_csv_uses_semicolons_and_decimal_commas_in_swedish():
    course = delivered_february_training()
    facilitator = course.assignments.order_by("pk").first().facilitator
    client = client_for(facilitator.user)
    client.cookies["django_language"] = "sv"
    url = reverse("sessions_app:facilitator_statement", args=[facilitator.pk])
    text = client.get(url, {"month": "2026-02", "format": "csv"}, HTTP_ACCEPT_LANGUAGE="sv").content.decode("utf-8-sig")
    assert text.splitlines()[1].endswith(";4,00;0;0;1500,00;0,00;1500,00")


def test_the_coordinators_summary_adds_up_every_facilitator(django_assert_num_queries):
    first = delivered_february_training()
    second = february_training(date(2026, 2, 16))
    with time_machine.travel(datetime(2026, 2, 24, 9, tzinfo=STOCKHOLM), tick=False):
        services.course_mark_delivered(second)
    client = client_for(coordinator())
    with django_assert_num_queries(5):  # session, user, roles, the lines, their facilitators
        response = client.get(reverse("sessions_app:statement_summary"), {"month": "2026-02"})
    statements = response.context["statements"]
    assert len(statements) == 4
    assert [s.half_days for s in statements] == [2, 2, 2, 2]
    assert response.context["totals"].total == Decimal("12000.00")
    assert {s.facilitator for s in statements} == {
        a.facilitator for course in (first, second) for a in course.assignments.all()
    }


def test_bad_travel_input_is_refused():
    course = delivered_february_training()
    assignment = course.assignments.order_by("pk").first()
    client = client_for(assignment.facilitator.user)
    response = client.post(
        reverse("sessions_app:assignment_travel", args=[assignment.pk]), {"travel_km": "-5", "travel_minutes": "lots"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "travel_km": ["Ensure this value is greater than or equal to 0."],
        "travel_minutes": ["Enter a whole number."],
    }
    assignment.refresh_from_db()
    assert assignment.travel_km is None


def test_a_month_out_of_range_shows_this_month():
    facilitator = FacilitatorFactory()
    url = reverse("sessions_app:facilitator_statement", args=[facilitator.pk])
    response = client_for(facilitator.user).get(url, {"month": "2026-13"})
    assert response.status_code == 200
    assert response.context["statement"].lines == []
    assert client_for(facilitator.user).get(url, {"month": "x"}).status_code == 200


@pytest.mark.parametrize("trainings", [1, 3])
def test_the_statement_and_the_summary_cost_the_same_queries_however_many_half_days(
    trainings, django_assert_num_queries
):
    courses = [february_training(date(2026, 2, 2) + timedelta(days=day)) for day in range(trainings)]
    with time_machine.travel(datetime(2026, 2, 27, 9, tzinfo=STOCKHOLM), tick=False):
        for course in courses:
            services.course_mark_delivered(course)
    facilitator = courses[0].assignments.order_by("pk").first().facilitator
    client = client_for(coordinator())
    with django_assert_num_queries(5):  # session, user, roles, the facilitator, her lines
        statement = client.get(
            reverse("sessions_app:facilitator_statement", args=[facilitator.pk]), {"month": "2026-02"}
        )
    assert statement.context["statement"].half_days == 2
    with django_assert_num_queries(5):  # session, user, roles, the lines, their facilitators
        summary = client.get(reverse("sessions_app:statement_summary"), {"month": "2026-02"})
    assert summary.context["totals"].half_days == 4 * trainings
