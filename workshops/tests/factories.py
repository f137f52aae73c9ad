"""Trainings at the idea workshop, and complete proposals, for the workshop tests.

Times are fixed and the tests travel to them with time_machine: half-day 1 on Thursday
5 February 2026, half-day 2 (with the idea workshop) on Thursday 12 February, 08:00–12:00.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from accounts.models import User
from sessions_app import services_workshop
from sessions_app.models import (
    Course,
    ImprovementProposal,
    ProposalArea,
    RaisedBy,
    RecoveryDomain,
    WorkshopOutcome,
)
from sessions_app.tests.factories import confirmed_course

STOCKHOLM = ZoneInfo("Europe/Stockholm")
FIRST_DAY = date(2026, 2, 5)
# During the idea workshop on half-day 2, and the afternoon after it.
DURING_WORKSHOP = datetime(2026, 2, 12, 11, 0, tzinfo=STOCKHOLM)
AFTER_TRAINING = datetime(2026, 2, 12, 15, 0, tzinfo=STOCKHOLM)
BEFORE_TRAINING = datetime(2026, 1, 20, 9, 0, tzinfo=STOCKHOLM)


def workshop_course(first_day: date = FIRST_DAY, **kwargs) -> Course:
    """A confirmed training with half-day 2 a week after ``first_day`` (by default on
    12 February 2026), made in January 2026."""
    with time_machine.travel(BEFORE_TRAINING, tick=False):
        return confirmed_course(first_day, **kwargs)


def proposal_data(**overrides) -> dict:
    data = {
        "text": "Invite the person's network to the first meeting",
        "area": ProposalArea.TREATMENT_AND_ENCOUNTERS,
        "recovery_domains": [RecoveryDomain.WORKING_RELATIONSHIP, RecoveryDomain.CITIZENSHIP],
        "raised_by": [RaisedBy.STAFF, RaisedBy.LIVED_EXPERIENCE],
        "owner_name": "Åsa Öberg",
        "owner_email": "asa.oberg@example.org",
        "due_date": date(2026, 5, 1),
    }
    return {**data, **overrides}


def add_proposals(course: Course, count: int = 1, *, by: User | None = None, **overrides) -> list[ImprovementProposal]:
    with time_machine.travel(AFTER_TRAINING, tick=False):
        return [
            services_workshop.proposal_save(
                course,
                by=by,
                **proposal_data(
                    text=f"Proposal number {n}", owner_email=f"owner{n}@example.org", owner_name=f"Owner {n}"
                )
                | overrides,
            )
            for n in range(1, count + 1)
        ]


def submitted_outcome(course: Course | None = None, proposals: int = 2, **overrides) -> WorkshopOutcome:
    """A submitted outcome with ``proposals`` complete proposals, submitted after the training."""
    course = course or workshop_course()
    add_proposals(course, proposals, **overrides)
    with time_machine.travel(AFTER_TRAINING, tick=False):
        return services_workshop.outcome_submit(course, by=None)
