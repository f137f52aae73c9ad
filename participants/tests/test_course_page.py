"""What the participants app adds to the trainings pages (``sessions_app.hooks``): the confirmed
count in the course tables and the participants section of the course page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import coordinator
from dialogkurs.testing.clients import client_for
from participants import services as participant_services
from participants.tests.factories import fill, register
from sessions_app import services
from sessions_app.models import Course
from sessions_app.tests.factories import FacilitatorFactory, confirmed_course, scheduled_course

pytestmark = pytest.mark.django_db
DAY = timezone.localdate() + timedelta(days=30)
LIST = reverse("sessions_app:course_list")


def detail(course: Course) -> str:
    return reverse("sessions_app:course_detail", args=[course.pk])


def test_the_course_list_shows_each_trainings_confirmed_count():
    course = confirmed_course(DAY)
    register(course)
    register(course)
    response = client_for(coordinator()).get(LIST)
    [row] = response.context["courses"]
    assert row.columns["confirmed_count"] == 2
    assert '<th scope="col">Confirmed participants</th>' in response.content.decode()


def test_the_confirmed_count_is_not_multiplied_by_a_facilitator_filter():
    course = confirmed_course(DAY)
    for _ in range(3):
        register(course)
    facilitator = course.assignments.first().facilitator
    response = client_for(coordinator()).get(LIST, {"facilitator": facilitator.pk})
    assert [(c.pk, c.columns["confirmed_count"]) for c in response.context["courses"]] == [(course.pk, 3)]


def test_a_later_page_counts_the_confirmed_of_its_own_trainings():
    """The page is cut before the counts are added (``course_list_page``): page 2 still shows
    each of its trainings' own count."""
    first = confirmed_course(DAY)
    for _ in range(3):
        register(first)
    for index in range(25):
        scheduled_course(DAY + timedelta(days=index + 1))
    response = client_for(coordinator()).get(LIST, {"page": 2})
    assert [(c.pk, c.columns["confirmed_count"]) for c in response.context["courses"]] == [(first.pk, 3)]
    assert "<td>3</td>" in response.content.decode()


def test_a_facilitator_sees_the_participants_and_attendance_links_but_not_the_coordinators():
    course = scheduled_course(DAY)
    facilitator = FacilitatorFactory()
    services.assignment_accept(services.facilitator_assign(course, facilitator))
    body = client_for(facilitator.user).get(detail(course)).content.decode()
    pk = course.pk
    assert f'href="{reverse("participants:course_participants", args=[pk])}"' in body
    assert f'href="{reverse("participants:attendance", args=[pk, 1])}"' in body
    assert f'href="{reverse("participants:participant_add", args=[pk])}"' not in body
    assert "Sign-up link" not in body


def test_the_course_page_counts_the_confirmed_places_for_a_facilitator_as_for_a_coordinator():
    """The count comes with the page's course (``Panel.annotations``), whoever reads it: for a
    facilitator that course is read through her assignments, two here."""
    course = scheduled_course(DAY)
    for facilitator in FacilitatorFactory.create_batch(2):
        services.assignment_accept(services.facilitator_assign(course, facilitator))
    fill(course, 3)
    participant_services.registration_cancel(register(course))
    taken = f"3 of {Course.CAPACITY} places are taken."
    assert taken in client_for(facilitator.user).get(detail(course)).content.decode()
    assert taken in client_for(coordinator()).get(detail(course)).content.decode()


def test_the_course_page_links_the_participants_pages_and_shows_the_full_sign_up_link():
    course = scheduled_course(DAY)
    services.course_set_signup_open(course, is_open=True)
    register(course)
    body = client_for(coordinator()).get(detail(course)).content.decode()
    for name, args in [
        ("course_participants", [course.pk]),
        ("participant_add", [course.pk]),
        ("import_csv", [course.pk]),
        ("export_csv", [course.pk]),
        ("attendance", [course.pk, 1]),
        ("attendance", [course.pk, 2]),
    ]:
        assert f'href="{reverse(f"participants:{name}", args=args)}"' in body, name
    signup = reverse("participants:signup", args=[course.signup_token])
    assert f'value="http://testserver{signup}"' in body
    assert f"1 of {Course.CAPACITY} places are taken." in body
