"""Real concurrent transactions on PostgreSQL: the facilitator overlap rule holds under races."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dialogkurs.testing.concurrency import run_at_once
from sessions_app import services
from sessions_app.models import AssignmentStatus, FacilitatorAssignment
from sessions_app.tests.factories import FacilitatorFactory, scheduled_course

pytestmark = pytest.mark.django_db(transaction=True)
ATTEMPTS = 30


def test_a_facilitator_is_never_assigned_to_two_overlapping_trainings_by_racing_coordinators():
    day = timezone.localdate() + timedelta(days=40)
    facilitator = FacilitatorFactory()
    courses = [scheduled_course(day) for _ in range(ATTEMPTS)]
    outcomes = run_at_once([lambda c=c: services.facilitator_assign(c, facilitator) for c in courses])
    successes = [o for o in outcomes if isinstance(o, FacilitatorAssignment)]
    refusals = [o for o in outcomes if isinstance(o, ValidationError)]
    assert (len(successes), len(refusals)) == (1, ATTEMPTS - 1)
    assert FacilitatorAssignment.objects.filter(facilitator=facilitator).count() == 1


def test_racing_accepts_leave_exactly_two_accepted_facilitators():
    course = scheduled_course(timezone.localdate() + timedelta(days=40))
    assignments = [services.facilitator_assign(course, FacilitatorFactory()) for _ in range(ATTEMPTS)]
    outcomes = run_at_once([lambda a=a: services.assignment_accept(a) for a in assignments])
    assert sum(isinstance(o, FacilitatorAssignment) for o in outcomes) == 2
    assert course.assignments.filter(status=AssignmentStatus.ACCEPTED).count() == 2
