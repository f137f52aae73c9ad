"""The rules that live on the models, asked by services, views and templates alike: each is
written once, so the page offers exactly what the service then accepts."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from dialogkurs.testing.clients import client_for
from sessions_app import services
from sessions_app.models import Course, Workplace
from sessions_app.tests.factories import FacilitatorFactory, confirmed_course, ready_course, scheduled_course

pytestmark = pytest.mark.django_db
DAY = timezone.localdate() + timedelta(days=30)


def test_a_training_can_be_marked_delivered_once_confirmed_and_past_half_day_2():
    draft = scheduled_course(DAY)
    assert draft.delivery_problem() == "Only a confirmed training can be marked as delivered."
    course = confirmed_course(DAY)
    assert course.delivery_problem() == "A training is delivered only after its second half-day has ended."
    end = course.half_days.get(number=2).ends_at
    assert course.delivery_problem(now=end) is None
    with time_machine.travel(end + timedelta(minutes=1)):
        assert (draft.can_be_marked_delivered, course.can_be_marked_delivered) == (False, True)
        with pytest.raises(ValidationError) as error:
            services.course_mark_delivered(draft)
        assert error.value.messages == [draft.delivery_problem()]
        assert services.course_mark_delivered(course).status == "delivered"


def _assignment(course_state: str, answer: str):
    course = ready_course(DAY) if course_state == "confirmed" else scheduled_course(DAY)
    if answer == "accepted" and course_state == "confirmed":
        assignment = course.assignments.first()
    else:
        assignment = services.facilitator_assign(course, FacilitatorFactory())
    if answer == "accepted" and course_state != "confirmed":
        assignment = services.assignment_accept(assignment)
    if course_state == "confirmed":
        services.course_confirm(course)
    if course_state == "cancelled":
        services.course_cancel(course)
    return type(assignment).objects.select_related("course").get(pk=assignment.pk)


# course state × answer → may the facilitator decline? (DESIGN §2.1: a confirmed training keeps
# its two facilitators; only its coordinator changes them.)
DECLINE = [
    ("draft", "invited", True),
    ("draft", "accepted", True),
    ("confirmed", "invited", True),
    ("confirmed", "accepted", False),
    ("cancelled", "invited", False),
]


@pytest.mark.parametrize(("course_state", "answer", "may_decline"), DECLINE)
def test_who_may_decline_is_asked_once_by_the_service_and_the_course_page(course_state, answer, may_decline):
    assignment = _assignment(course_state, answer)
    assert assignment.can_be_declined is may_decline
    decline = reverse("sessions_app:assignment_decline", args=[assignment.pk])
    body = client_for(assignment.facilitator.user).get(assignment.course.get_absolute_url()).content.decode()
    assert (f'action="{decline}"' in body) is may_decline
    if may_decline:
        assert services.assignment_decline(assignment).status == "declined"
    else:
        with pytest.raises(ValidationError):
            services.assignment_decline(assignment)


def test_the_checklist_and_the_confirmation_name_the_same_unmet_rules():
    course = scheduled_course(DAY, location="")
    readiness = services.course_readiness(course)
    assert [rule.met for rule in readiness] == [True, False, False]
    assert (
        services.course_confirmation_problems(course)
        == [p for rule in readiness for p in rule.problems]
        == [
            "The training has no location.",
            f"A training needs {Course.REQUIRED_FACILITATORS} facilitators who have accepted; it has 0.",
        ]
    )


@pytest.mark.parametrize(
    ("location", "address", "expected"),
    [
        ("Konferensrum Älven, Köpmangatan 12", "Köpmangatan 12, Umeå", "Konferensrum Älven, Köpmangatan 12, Umeå"),
        ("Konferensrum Älven", "Köpmangatan 12, Umeå", "Konferensrum Älven, Köpmangatan 12, Umeå"),
        ("Aulan, köpmangatan  12, UMEÅ", "Köpmangatan 12, Umeå", "Aulan, köpmangatan 12, UMEÅ"),
        ("", "Köpmangatan 12, Umeå", "Köpmangatan 12, Umeå"),
        ("Mötesrummet, plan 2", "", "Mötesrummet, plan 2"),
        ("", "", ""),
    ],
)
def test_the_location_line_names_the_room_and_the_visiting_address_without_repeating_a_part(
    location, address, expected
):
    course = Course(location=location, workplace=Workplace(visiting_address=address))
    assert course.full_location == expected


def test_a_training_has_ended_once_its_last_half_day_has_ended():
    course = confirmed_course(DAY)
    end = course.half_days.get(number=2).ends_at
    assert not course.has_ended()
    assert not course.has_ended(now=end - timedelta(minutes=1))
    assert course.has_ended(now=end)
    with time_machine.travel(end + timedelta(minutes=1)):
        assert Course.objects.get(pk=course.pk).has_ended()
