from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone, translation

from accounts.tests.factories import UserFactory
from sessions_app import services
from sessions_app.models import AssignmentStatus, CourseStatus, HalfDayTheme, Theme
from sessions_app.services import HalfDayPlan, schedule_problems
from sessions_app.tests.factories import (
    CourseFactory,
    FacilitatorFactory,
    at,
    confirmed_course,
    ready_course,
    schedule,
    scheduled_course,
)

pytestmark = pytest.mark.django_db
DAY = timezone.localdate() + timedelta(days=30)
PLAN = {1: 1, 2: 1, 3: 2, 4: 2}


def test_the_four_themes_are_reference_data_in_order_and_translated():
    themes = list(Theme.objects.order_by("number").values_list("number", "name_en", "name_sv", "name_nb"))
    assert themes == [
        (
            1,
            "Create contact and establish an alliance",
            "Skapa kontakt och etablera allians",
            "Skape kontakt og etablere allianse",
        ),
        (2, "Become collaboration partners", "Bli samarbetspartners", "Bli samarbeidspartnere"),
        (3, "Own recovery work", "Eget arbete med återhämtning", "Eget bedringsarbeid"),
        (4, "Idea workshop", "Idéverkstad", "Idéverksted"),
    ]


def test_a_valid_schedule_has_no_problems():
    assert schedule_problems(schedule(DAY), PLAN) == []


def test_a_schedule_needs_exactly_two_half_days():
    assert schedule_problems(schedule(DAY)[:1], PLAN) == ["A dialogue training has exactly two half-days."]


def test_half_days_must_total_seven_and_a_half_to_eight_and_a_half_hours():
    assert schedule_problems(schedule(DAY, hours=3), PLAN) == [
        "The two half-days must last 7.5 to 8.5 hours in all; half-day 1 lasts 3 hours "
        "and half-day 2 3 hours, 6 hours in all."
    ]
    short_but_accepted = [
        HalfDayPlan(at(DAY, 8), at(DAY, 11, 45)),
        HalfDayPlan(at(DAY + timedelta(1), 8), at(DAY + timedelta(1), 11, 45)),
    ]
    assert schedule_problems(short_but_accepted, PLAN) == []


def test_the_total_names_both_half_days_whichever_is_short_and_belongs_to_the_whole_schedule():
    short_first = [
        HalfDayPlan(at(DAY, 8), at(DAY, 10, 30)),
        HalfDayPlan(at(DAY + timedelta(1), 8), at(DAY + timedelta(1), 11, 30)),
    ]
    [problem] = services.schedule_problem_list(short_first, PLAN)
    assert (problem.field, problem.message) == (
        "",
        "The two half-days must last 7.5 to 8.5 hours in all; half-day 1 lasts 2.5 hours "
        "and half-day 2 3.5 hours, 6 hours in all.",
    )
    with translation.override("sv"):
        [problem] = services.schedule_problem_list(short_first, PLAN)
    assert "halvdag 1 varar 2,5 timmar och halvdag 2 3,5 timmar, 6 timmar totalt" in problem.message


def test_rules_about_both_half_days_are_about_the_whole_schedule():
    first, second = schedule(DAY)
    same_day = [HalfDayPlan(at(DAY, 8), at(DAY, 12)), HalfDayPlan(at(DAY, 13), at(DAY, 17))]
    fields = [p.field for p in services.schedule_problem_list([second, first], PLAN)]
    fields += [p.field for p in services.schedule_problem_list(same_day, PLAN)]
    assert fields == ["", ""]


def test_half_day_one_comes_first_on_another_date():
    first, second = schedule(DAY)
    assert schedule_problems([second, first], PLAN) == ["Half-day 1 must come before half-day 2."]
    same_day = [HalfDayPlan(at(DAY, 8), at(DAY, 12)), HalfDayPlan(at(DAY, 13), at(DAY, 17))]
    assert schedule_problems(same_day, PLAN) == [
        f"Half-day 1 and half-day 2 must be on different dates; both are on {DAY:%m/%d/%Y}."
    ]


def test_a_half_day_must_end_after_it_starts():
    first, second = schedule(DAY)
    assert schedule_problems([HalfDayPlan(first.ends_at, first.starts_at), second], PLAN) == [
        "Half-day 1 must end after it starts."
    ]


def test_every_theme_once_and_the_idea_workshop_on_half_day_two():
    assert schedule_problems(schedule(DAY), {1: 1, 2: 1, 3: 2}) == [
        "Every one of the four themes must be on exactly one half-day."
    ]
    assert schedule_problems(schedule(DAY), {1: 1, 2: 2, 3: 2, 4: 1}) == ["The idea workshop belongs on half-day 2."]


def test_a_new_training_cannot_be_booked_in_the_past_and_names_each_half_day():
    yesterday = timezone.localdate() - timedelta(days=1)
    course = CourseFactory()
    with pytest.raises(ValidationError) as error:
        services.course_create(
            workplace=course.workplace, coordinator=course.coordinator, half_days=schedule(yesterday, days_between=2)
        )
    assert error.value.message_dict == {
        "date_1": ["Half-day 1 has already begun or passed: a new or moved half-day must be in the future."],
    }
    with pytest.raises(ValidationError) as error:
        services.course_set_schedule(course, schedule(yesterday - timedelta(days=10)))
    assert error.value.message_dict == {
        "date_1": ["Half-day 1 has already begun or passed: a new or moved half-day must be in the future."],
        "date_2": ["Half-day 2 has already begun or passed: a new or moved half-day must be in the future."],
    }
    assert course.half_days.count() == 0


def test_a_half_day_that_has_begun_today_counts_as_past():
    with time_machine.travel(at(DAY, 8, 30), tick=False):
        problems = services.schedule_problem_list(schedule(DAY), PLAN, now=timezone.now())
    assert [problem.field for problem in problems] == ["date_1"]


def test_half_day_two_lies_at_most_max_days_after_half_day_one(settings):
    assert settings.MAX_DAYS_BETWEEN_HALF_DAYS == 42
    assert schedule_problems(schedule(DAY, days_between=42), PLAN) == []
    [problem] = services.schedule_problem_list(schedule(DAY, days_between=43), PLAN)
    first, second = (DAY, DAY + timedelta(days=43))
    assert problem.field == ""
    assert problem.message == (
        "Half-day 2 must be at most 42 days after half-day 1; half-day 1 is on "
        f"{first:%m/%d/%Y} and half-day 2 43 days later, on {second:%m/%d/%Y}."
    )
    settings.MAX_DAYS_BETWEEN_HALF_DAYS = 10
    course = CourseFactory()
    with pytest.raises(ValidationError, match="at most 10 days after half-day 1"):
        services.course_set_schedule(course, schedule(DAY, days_between=11))
    assert course.half_days.count() == 0


def test_a_held_half_day_stays_editable_where_it_is_but_cannot_be_moved_into_the_past():
    """Between the half-days of a confirmed training: half-day 2 and the themes can still
    change, and so can the course's other fields; half-day 1 stays where it was held."""
    course = confirmed_course(DAY)
    held, coming = schedule(DAY)
    with time_machine.travel(at(DAY + timedelta(days=2), 9), tick=False):
        later = coming.starts_at + timedelta(days=1), coming.ends_at + timedelta(days=1)
        services.course_set_schedule(course, [held, HalfDayPlan(*later)], {1: 1, 2: 2, 3: 2, 4: 2})
        assert services.course_schedule(course) == ([held, HalfDayPlan(*later)], {1: 1, 2: 2, 3: 2, 4: 2})
        services.course_update(course, location="Aulan")
        with pytest.raises(ValidationError) as error:
            moved_back = HalfDayPlan(held.starts_at - timedelta(days=1), held.ends_at - timedelta(days=1))
            services.course_set_schedule(course, [moved_back, HalfDayPlan(*later)])
        assert list(error.value.message_dict) == ["date_1"]
    assert services.course_schedule(course)[0][0] == held


def test_the_database_holds_each_theme_once_per_course():
    course = scheduled_course(DAY)
    link = HalfDayTheme.objects.filter(course=course).first()
    with pytest.raises(IntegrityError):
        HalfDayTheme.objects.create(course=course, half_day=link.half_day, theme=link.theme)


def test_default_plan_puts_themes_one_and_two_on_the_first_half_day():
    course = scheduled_course(DAY)
    assert services.course_schedule(course)[1] == PLAN


def test_an_invalid_schedule_is_refused_and_nothing_is_saved():
    course = CourseFactory()
    with pytest.raises(ValidationError) as error:
        services.course_set_schedule(course, schedule(DAY, hours=2))
    assert error.value.message_dict == {
        "__all__": [
            "The two half-days must last 7.5 to 8.5 hours in all; half-day 1 lasts 2 hours "
            "and half-day 2 2 hours, 4 hours in all."
        ]
    }
    assert course.half_days.count() == 0


def test_course_create_requires_a_coordinator():
    with pytest.raises(ValidationError):
        services.course_create(workplace=CourseFactory().workplace, coordinator=UserFactory())


def test_confirm_names_every_unmet_rule():
    course = CourseFactory(location="")
    with pytest.raises(ValidationError) as error:
        services.course_confirm(course)
    assert error.value.messages == [
        "The two half-days are not planned yet.",
        "The training has no location.",
        "A training needs 2 facilitators who have accepted; it has 0.",
    ]
    course.refresh_from_db()
    assert course.status == CourseStatus.DRAFT


def test_confirm_with_two_accepted_facilitators():
    course = services.course_confirm(ready_course(DAY))
    assert course.status == CourseStatus.CONFIRMED


def test_a_third_facilitator_cannot_accept():
    course = ready_course(DAY)
    third = services.facilitator_assign(course, FacilitatorFactory())
    with pytest.raises(ValidationError, match="already has two facilitators"):
        services.assignment_accept(third)


def test_a_facilitator_cannot_be_on_two_overlapping_half_days():
    facilitator = FacilitatorFactory()
    services.facilitator_assign(scheduled_course(DAY), facilitator)
    clashing = scheduled_course(DAY)
    with pytest.raises(ValidationError, match="already has a training at that time"):
        services.facilitator_assign(clashing, facilitator)
    assert clashing.assignments.count() == 0


def test_back_to_back_half_days_do_not_overlap():
    facilitator = FacilitatorFactory()
    services.facilitator_assign(
        scheduled_course(
            DAY,
        ),
        facilitator,
    )
    afternoon = CourseFactory()
    services.course_set_schedule(afternoon, schedule(DAY, start=12))
    assert services.facilitator_assign(afternoon, facilitator).status == AssignmentStatus.INVITED


def test_a_declined_assignment_does_not_block_the_time():
    facilitator = FacilitatorFactory()
    services.assignment_decline(services.facilitator_assign(scheduled_course(DAY), facilitator))
    assert services.facilitator_assign(scheduled_course(DAY), facilitator).status == AssignmentStatus.INVITED


def test_rescheduling_onto_a_facilitators_other_training_is_refused():
    facilitator = FacilitatorFactory()
    services.facilitator_assign(scheduled_course(DAY), facilitator)
    other = scheduled_course(DAY + timedelta(days=60))
    services.facilitator_assign(other, facilitator)
    with pytest.raises(ValidationError, match="already has a training at that time"):
        services.course_set_schedule(other, schedule(DAY))
    assert services.course_schedule(other)[0][0].starts_at == at(DAY + timedelta(days=60), 8)


def test_reinviting_a_declined_facilitator_invites_again():
    course = scheduled_course(DAY)
    facilitator = FacilitatorFactory()
    services.assignment_decline(services.facilitator_assign(course, facilitator))
    assert services.facilitator_assign(course, facilitator).status == AssignmentStatus.INVITED


def test_assigning_twice_is_refused():
    course = scheduled_course(DAY)
    facilitator = FacilitatorFactory()
    services.facilitator_assign(course, facilitator)
    with pytest.raises(ValidationError, match="already on this training"):
        services.facilitator_assign(course, facilitator)


def test_an_inactive_facilitator_cannot_be_assigned():
    with pytest.raises(ValidationError, match="not active"):
        services.facilitator_assign(scheduled_course(DAY), FacilitatorFactory(active=False))


def test_an_accepted_facilitator_of_a_confirmed_training_cannot_just_decline():
    course = confirmed_course(DAY)
    assignment = course.assignments.get(
        status=AssignmentStatus.ACCEPTED, facilitator=course.assignments.first().facilitator
    )
    with pytest.raises(ValidationError, match="contact its coordinator"):
        services.assignment_decline(assignment)


def test_cancel_from_draft_or_confirmed_but_not_after_delivery():
    course = confirmed_course(DAY)
    assert services.course_cancel(course, reason="Sjukdom").status == CourseStatus.CANCELLED
    delivered = confirmed_course(timezone.localdate() + timedelta(days=3))
    with time_machine.travel(timezone.now() + timedelta(days=20)):
        services.course_mark_delivered(delivered)
        with pytest.raises(ValidationError, match="can no longer be changed"):
            services.course_cancel(delivered)


def test_a_training_is_delivered_only_after_its_second_half_day():
    course = confirmed_course(DAY)
    with pytest.raises(ValidationError, match="only after its second half-day"):
        services.course_mark_delivered(course)


def test_cancelled_training_cannot_be_changed_or_reopened_for_signup():
    course = services.course_cancel(scheduled_course(DAY))
    with pytest.raises(ValidationError):
        services.course_update(course, location="Annat rum")
    with pytest.raises(ValidationError):
        services.course_set_signup_open(course, is_open=True)


def test_readiness_checklist_reports_each_rule():
    course = scheduled_course(DAY)
    assert [rule.met for rule in services.course_readiness(course)] == [True, True, False]
