from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from accounts.roles import Role
from accounts.tests.factories import UserFactory, coordinator
from dialogkurs.testing.clients import client_for
from sessions_app import services
from sessions_app.models import Course, Facilitator, FacilitatorAssignment
from sessions_app.tests.factories import FacilitatorFactory, scheduled_course


@pytest.fixture
def coordinator_client() -> Client:
    return client_for(coordinator())


@dataclass
class World:
    """A course with one invited facilitator, and another facilitator with a course of their own."""

    course: Course
    facilitator: Facilitator
    assignment: FacilitatorAssignment
    other_facilitator: Facilitator
    other_course: Course
    other_assignment: FacilitatorAssignment


@pytest.fixture
def world() -> World:
    course = scheduled_course()
    facilitator = FacilitatorFactory()
    assignment = services.facilitator_assign(course, facilitator)
    other_facilitator = FacilitatorFactory()
    other_course = scheduled_course()
    other_assignment = services.facilitator_assign(other_course, other_facilitator)
    return World(course, facilitator, assignment, other_facilitator, other_course, other_assignment)


ROLE_USERS = {
    "anonymous": lambda world: None,
    "no role": lambda world: UserFactory(),
    "network clinician": lambda world: UserFactory(roles=[Role.NETWORK_CLINICIAN]),
    "administrator": lambda world: UserFactory(roles=[Role.ADMINISTRATOR]),
    "administrator and coordinator": lambda world: UserFactory(roles=[Role.ADMINISTRATOR, Role.COORDINATOR]),
    "coordinator": lambda world: coordinator(),
    "facilitator of another course": lambda world: world.other_facilitator.user,
    "facilitator of the course": lambda world: world.facilitator.user,
}
