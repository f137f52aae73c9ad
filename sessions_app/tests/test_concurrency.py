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


def test_racing_pair_invitations_never_double_book_and_invite_both_or_neither():
    day = timezone.localdate() + timedelta(days=40)
    people = [FacilitatorFactory() for _ in range(4)]
    pairs = [(people[i % 4], people[(i + 1 + i // 4) % 4]) for i in range(12)]
    pairs = [pair for pair in pairs if pair[0] != pair[1]]
    courses = [scheduled_course(day) for _ in pairs]
    outcomes = run_at_once(
        [lambda c=c, p=p: services.course_invite_pair(c, list(p)) for c, p in zip(courses, pairs, strict=True)]
    )
    assert all(isinstance(o, list | ValidationError) for o in outcomes), outcomes
    for facilitator in people:
        assert FacilitatorAssignment.objects.filter(facilitator=facilitator).count() <= 1
    assert sorted({course.assignments.count() for course in courses}) in ([0, 2], [2])
    assert 1 <= sum(isinstance(o, list) for o in outcomes) <= 2
