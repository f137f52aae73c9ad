from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from sessions_app import services as course_services
from sessions_app.models import AssignmentStatus, Course
from sessions_app.tests.factories import FacilitatorFactory, confirmed_course


@pytest.fixture
def course() -> Course:
    """A confirmed training 30 days ahead with two accepted facilitators and an open sign-up link."""
    course = confirmed_course(timezone.localdate() + timedelta(days=30))
    return course_services.course_set_signup_open(course, is_open=True)


@pytest.fixture
def course_facilitator(course) -> User:
    """One of the course's two accepted facilitators."""
    return course.assignments.filter(status=AssignmentStatus.ACCEPTED).first().facilitator.user


@pytest.fixture
def invited_facilitator(course) -> User:
    """A facilitator invited to the course who has not answered yet."""
    facilitator = FacilitatorFactory()
    course_services.facilitator_assign(course, facilitator)
    return facilitator.user


@pytest.fixture
def other_facilitator() -> User:
    """A facilitator who leads another training, not this one."""
    other = confirmed_course(timezone.localdate() + timedelta(days=90))
    return other.assignments.first().facilitator.user


@pytest.fixture(autouse=True)
def _site_url(site_url):
    """Every e-mail of the participants app links to the site (the root conftest's site_url)."""
