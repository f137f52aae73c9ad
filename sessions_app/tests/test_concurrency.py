"""Real concurrent transactions on PostgreSQL: the facilitator overlap rule holds under races."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from sessions_app import services
from sessions_app.models import AssignmentStatus, FacilitatorAssignment
from sessions_app.tests.factories import FacilitatorFactory, scheduled_course

pytestmark = pytest.mark.django_db(transaction=True)
ATTEMPTS = 30


def run_at_once(functions):
    barrier = threading.Barrier(len(functions))
    outcomes: list[object] = [None] * len(functions)

    def worker(index, function):
        try:
            barrier.wait()
            outcomes[index] = function()
        except Exception as exc:  # the outcome is what the test inspects
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


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
