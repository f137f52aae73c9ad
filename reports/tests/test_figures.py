"""The report figures against a small world counted by hand, with the period's edges in local
time and the rule of five."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine

from enquiries.models import Status, Topic
from enquiries.tests.factories import EnquiryFactory
from evaluations.models import EvaluationAnswer
from network.tests import factories as network_factories
from participants import services as participant_services
from participants.models import Perspective
from participants.tests.factories import ParticipantFactory, register
from reports import figures
from reports.period import Period, year_period
from reports.tables import SUPPRESSED, suppress_small
from sessions_app import services as course_services
from sessions_app.tests.factories import AFTER_TRAINING, STOCKHOLM, CourseFactory, february_training, schedule
from workshops.tests.factories import submitted_outcome

pytestmark = pytest.mark.django_db

YEAR = year_period(2026)


def by_first(table) -> dict:
    return {row[0]: row[1:] for row in table.rows}


@pytest.fixture
def world():
    """2026: T1 delivered in February (6 participants, 4 completed, 2 proposals, 5 answers),
    T2 confirmed in February (4 answers), T3 booked for March and cancelled; and a training whose
    half-day 1 begins at 00:00 on 1 January 2027 in Stockholm (still 2026 in UTC)."""
    t1 = february_training()
    t2 = february_training()
    t3 = february_training(date(2026, 3, 5))
    course_services.course_cancel(t3, reason="No room")
    registrations = [register(t1, ParticipantFactory(perspective=Perspective.STAFF)) for _ in range(5)]
    registrations.append(register(t1, ParticipantFactory(perspective=Perspective.RELATIVE)))
    with time_machine.travel(AFTER_TRAINING, tick=False):
        first, second = list(t1.half_days.order_by("number"))
        everyone = {r.pk for r in registrations}
        participant_services.attendance_record_many(half_day=first, present_ids=everyone, by=None)
        participant_services.attendance_record_many(
            half_day=second, present_ids={r.pk for r in registrations[:4]}, by=None
        )
    submitted_outcome(t1, proposals=2)  # marks T1 delivered
    for scores in ([4, 5, 3, 2], [4, 4, 3, 2], [5, 5, 3, 2], [3, 4, 3, 2], [4, 2, 3, 2]):
        EvaluationAnswer.objects.create(
            course=t1, answered_on=date(2026, 2, 13), **dict(zip(EvaluationAnswer.DOMAINS, scores, strict=True))
        )
    for _ in range(4):
        EvaluationAnswer.objects.create(
            course=t2, answered_on=date(2026, 2, 14), **dict.fromkeys(EvaluationAnswer.DOMAINS, 1)
        )
    with time_machine.travel(datetime(2026, 12, 1, 9, tzinfo=STOCKHOLM), tick=False):
        edge = CourseFactory()
        course_services.course_set_schedule(edge, schedule(date(2027, 1, 1), start=0))
    return {"t1": t1, "t2": t2, "t3": t3, "edge": edge}


def test_trainings_per_month_count_booked_delivered_cancelled_and_hours(world):
    months, places = figures.trainings(YEAR)
    rows = {row[0].month: row[1:] for row in months.rows}
    assert len(rows) == 12
    assert rows[2] == [2, 1, 0, 8.0]
    assert rows[3] == [1, 0, 1, 0.0]
    assert rows[12] == [0, 0, 0, 0.0]  # the 1 January 00:00 training is 2027's
    assert sum(row[1] for row in months.rows) == 3
    assert sorted(row[2:] for row in places.rows) == [[1, 0, 0, 0.0], [1, 0, 1, 0.0], [1, 1, 0, 8.0]]
    next_year = figures.trainings(year_period(2027))[0]
    assert next_year.rows[0][1] == 1


def test_the_period_follows_the_organisation_filter(world):
    organisation = world["t1"].workplace.organisation
    months, places = figures.trainings(year_period(2026, organisation))
    assert sum(row[1] for row in months.rows) == 1
    assert [row[1] for row in places.rows] == [world["t1"].workplace.name]


def test_participants_completion_and_a_small_perspective_group_is_hidden(world):
    table, mix = figures.participants(YEAR)
    organisation = world["t1"].workplace.organisation.name
    row = by_first(table)[organisation]
    assert row[:3] == [1, 6, 4]
    assert round(row[3], 3) == round(4 / 6, 3)
    # 5 staff, 0 own experience, 1 relative: the 1 is hidden, and so is the 5 it could be read from.
    assert row[4:] == [SUPPRESSED, 0, SUPPRESSED]
    assert mix.rows == [["Staff", SUPPRESSED], ["Own experience", 0], ["Relative", SUPPRESSED]]


def test_suppress_small_hides_one_to_four_and_a_lonely_complement():
    assert suppress_small([7, 5, 0]) == [7, 5, 0]
    assert suppress_small([7, 5, 2]) == [7, SUPPRESSED, SUPPRESSED]
    assert suppress_small([7, 3, 2]) == [7, SUPPRESSED, SUPPRESSED]
    assert suppress_small([4, 0, 0]) == [SUPPRESSED, 0, 0]


def test_facilitators_half_days_hours_and_the_pair_share_hidden_below_five(world):
    table, pairs = figures.facilitators(YEAR)
    assert [row[1:] for row in table.rows] == [[date(2026, 2, 1), 2, 8.0], [date(2026, 2, 1), 2, 8.0]]
    assert pairs.rows == [[1, SUPPRESSED, SUPPRESSED]]


def test_proposals_by_area_and_domain(world):
    areas, domains, at_six = figures.proposals(YEAR)
    assert by_first(areas)["Treatment and encounters"] == [2, 2, 0, 0, 0]
    assert by_first(domains)["Working relationship"] == [2, 2, 0, 0, 0]
    assert by_first(domains)["Citizenship"] == [2, 2, 0, 0, 0]
    assert by_first(domains)["Organisational commitment"] == [0, 0, 0, 0, 0]
    assert [row[1] for row in at_six.rows] == [0, 0, 0, 0]


def test_evaluation_means_only_from_five_answers(world):
    domains, organisations, trainings = figures.evaluations(YEAR)
    # 9 answers: T1's five and T2's four (all 1s).
    assert domains.rows[0][1:] == [9, round((4 + 4 + 5 + 3 + 4 + 4) / 9, 1)]
    per_training = {str(row[0]): row[1:] for row in trainings.rows}
    t1, t2 = world["t1"], world["t2"]
    assert per_training[f"{t1.workplace.name} #{t1.pk}"] == [5, 4.0, 4.0, 3.0, 2.0]
    assert per_training[f"{t2.workplace.name} #{t2.pk}"] == [4, SUPPRESSED, SUPPRESSED, SUPPRESSED, SUPPRESSED]


def test_enquiries_working_days_to_first_contact_against_the_target():
    # Friday 6 March 10:00 → Monday 9 March: 1 working day, in time.
    friday = datetime(2026, 3, 6, 10, tzinfo=STOCKHOLM)
    EnquiryFactory(created_at=friday, contacted_at=friday + timedelta(days=3), status=Status.CONTACTED)
    # Monday 2 March → Thursday 5 March: 3 working days, late.
    monday = datetime(2026, 3, 2, 10, tzinfo=STOCKHOLM)
    EnquiryFactory(created_at=monday, contacted_at=monday + timedelta(days=3), status=Status.CONTACTED)
    EnquiryFactory(created_at=monday, topic=Topic.RESEARCH)
    EnquiryFactory(created_at=datetime(2025, 12, 31, 23, 30, tzinfo=STOCKHOLM))  # 2025 in local time
    received, table = figures.enquiries(YEAR)
    assert by_first(received) == {
        "Dialogue training for a work group": [2],
        "Network meetings": [0],
        "Research and development": [1],
        "Something else": [0],
    }
    assert by_first(table)["Dialogue training for a work group"] == [2, 2, 2.0, 0.5, 0.0]
    assert by_first(table)["All"] == [3, 2, 2.0, 1 / 3, 0.0]


def test_network_counts_and_times_only():
    start = datetime(2026, 3, 2, 10, tzinfo=STOCKHOLM)
    with time_machine.travel(start, tick=False):
        quick = network_factories.case(first_contact_at=start)
        slow = network_factories.case(first_contact_at=start)
        network_factories.case(first_contact_at=start)  # no meeting yet
    # Booked the moment the case was opened, then held: after 10 hours at home, after 30 by video.
    network_factories.held_meeting(quick, starts_at=start + timedelta(hours=10), place="home")
    network_factories.held_meeting(
        slow, starts_at=start + timedelta(hours=30), place="video", place_detail="https://video.example.org/room"
    )
    cases, places = figures.network_meetings(YEAR)
    assert cases.rows == [[3, 2, 20.0, 1 / 3, round(2 / 3, 1)]]
    assert by_first(places) == {"At home": [1], "At the clinic": [0], "By video": [1], "Somewhere else": [0]}


def test_a_period_counts_in_local_time():
    period = Period(date(2026, 1, 1), date(2026, 1, 31), "January")
    assert period.since == datetime(2026, 1, 1, tzinfo=STOCKHOLM)
    assert period.until == datetime(2026, 2, 1, tzinfo=STOCKHOLM)
    assert period.months() == [date(2026, 1, 1)]
