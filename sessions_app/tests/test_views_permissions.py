"""Every trainings page, for every role (DESIGN §1): who gets the page, a 403, a 404 or the login."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from dialogkurs.testing.clients import client_for
from sessions_app.tests.conftest import ROLE_USERS, World
from sessions_app.tests.factories import OrganisationFactory, WorkplaceFactory

pytestmark = pytest.mark.django_db

# kind: "coordinator" pages are for coordinators only; "course_view" pages show one course to
# its coordinators and facilitators; "course_manage" pages change one course (coordinators);
# "facilitator" pages are a facilitator's own; "own_assignment" acts on one invitation.
VIEWS: list[tuple[str, str, str, Callable[[World], list]]] = [
    ("course_list", "get", "coordinator", lambda w: []),
    ("course_create", "get", "coordinator", lambda w: []),
    ("course_create", "post", "coordinator", lambda w: []),
    ("organisation_list", "get", "coordinator", lambda w: []),
    ("organisation_create", "get", "coordinator", lambda w: []),
    ("organisation_create", "post", "coordinator", lambda w: []),
    ("organisation_detail", "get", "coordinator", lambda w: [OrganisationFactory().pk]),
    ("workplace_list", "get", "coordinator", lambda w: []),
    ("workplace_create", "get", "coordinator", lambda w: []),
    ("workplace_create", "post", "coordinator", lambda w: []),
    ("workplace_detail", "get", "coordinator", lambda w: [WorkplaceFactory().pk]),
    ("workplace_edit", "get", "coordinator", lambda w: [WorkplaceFactory().pk]),
    ("workplace_edit", "post", "coordinator", lambda w: [WorkplaceFactory().pk]),
    ("facilitator_list", "get", "coordinator", lambda w: []),
    ("facilitator_create", "get", "coordinator", lambda w: []),
    ("facilitator_create", "post", "coordinator", lambda w: []),
    ("course_detail", "get", "course_view", lambda w: [w.course.pk]),
    ("course_ics", "get", "course_view", lambda w: [w.course.pk]),
    ("course_edit", "get", "course_manage", lambda w: [w.course.pk]),
    ("course_edit", "post", "course_manage", lambda w: [w.course.pk]),
    ("course_reschedule", "get", "course_manage", lambda w: [w.course.pk]),
    ("course_reschedule", "post", "course_manage", lambda w: [w.course.pk]),
    ("course_assign", "post", "course_manage", lambda w: [w.course.pk]),
    ("course_confirm", "post", "course_manage", lambda w: [w.course.pk]),
    ("course_cancel", "get", "course_manage", lambda w: [w.course.pk]),
    ("course_cancel", "post", "course_manage", lambda w: [w.course.pk]),
    ("course_signup", "post", "course_manage", lambda w: [w.course.pk]),
    ("course_mark_delivered", "post", "course_manage", lambda w: [w.course.pk]),
    ("my_assignments", "get", "facilitator", lambda w: []),
    ("my_calendar", "get", "facilitator", lambda w: []),
    ("my_calendar_renew", "post", "facilitator", lambda w: []),
    ("assignment_accept", "post", "own_assignment", lambda w: [w.assignment.pk]),
    ("assignment_decline", "post", "own_assignment", lambda w: [w.assignment.pk]),
]

# The policy of DESIGN §1, written out: kind of page → role → what the role gets. "ok" is
# the page itself (200) or, after a change, a redirect anywhere but the login page; "login" is
# the login page. Roles in ROLE_USERS' order.
POLICY: dict[str, dict[str, int | str]] = {
    "coordinator": {
        "anonymous": "login",
        "no role": 403,
        "network clinician": 403,
        "administrator": 403,
        "administrator and coordinator": "ok",
        "coordinator": "ok",
        "facilitator of another course": 403,
        "facilitator of the course": 403,
    },
    "course_view": {
        "anonymous": "login",
        "no role": 403,
        "network clinician": 403,
        "administrator": 403,
        "administrator and coordinator": "ok",
        "coordinator": "ok",
        "facilitator of another course": 404,  # another facilitator's course does not exist for them
        "facilitator of the course": "ok",
    },
    "course_manage": {
        "anonymous": "login",
        "no role": 403,
        "network clinician": 403,
        "administrator": 403,
        "administrator and coordinator": "ok",
        "coordinator": "ok",
        "facilitator of another course": 404,
        "facilitator of the course": 403,
    },
    "facilitator": {
        "anonymous": "login",
        "no role": 403,
        "network clinician": 403,
        "administrator": 403,
        "administrator and coordinator": 403,
        "coordinator": 403,
        "facilitator of another course": "ok",
        "facilitator of the course": "ok",
    },
    "own_assignment": {
        "anonymous": "login",
        "no role": 403,
        "network clinician": 403,
        "administrator": 403,
        "administrator and coordinator": 403,
        "coordinator": 403,
        "facilitator of another course": 404,
        "facilitator of the course": "ok",
    },
}


def outcome(response) -> int | str:
    if response.status_code == 302:
        return "login" if response["Location"].startswith(reverse("login")) else "ok"
    return "ok" if response.status_code == 200 else response.status_code


@pytest.mark.parametrize(("name", "method", "kind", "args"), VIEWS, ids=[f"{v[1]} {v[0]}" for v in VIEWS])
def test_each_role_gets_what_it_may_see_of_each_page(world, name, method, kind, args):
    url = reverse(f"sessions_app:{name}", args=args(world))
    # The roles that may change something come last (ROLE_USERS' order), so an empty POST that
    # succeeds cannot change what the roles after it see.
    outcomes = {role: outcome(getattr(client_for(make(world)), method)(url)) for role, make in ROLE_USERS.items()}
    assert outcomes == POLICY[kind]


def test_anonymous_visitors_are_sent_to_the_login_page_and_back(client, world):
    url = reverse("sessions_app:course_detail", args=[world.course.pk])
    response = client.get(url)
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_a_facilitator_who_declined_no_longer_sees_the_course(world):
    client = client_for(world.facilitator.user)
    client.post(reverse("sessions_app:assignment_decline", args=[world.assignment.pk]))
    response = client.get(reverse("sessions_app:course_detail", args=[world.course.pk]))
    assert response.status_code == 404


def test_the_private_feed_needs_no_login_but_the_right_token(client, world):
    feed = reverse("sessions_app:facilitator_feed", args=[world.facilitator.ical_token])
    assert client.get(feed).status_code == 200
    wrong = reverse("sessions_app:facilitator_feed", args=["no-such-token-but-well-formed"])
    assert client.get(wrong).status_code == 404


def test_state_changes_refuse_get(coordinator_client, world):
    for name in ("course_confirm", "course_assign", "course_signup", "course_mark_delivered"):
        response = coordinator_client.get(reverse(f"sessions_app:{name}", args=[world.course.pk]))
        assert response.status_code == 405, name
